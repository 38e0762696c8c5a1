import { json } from '@sveltejs/kit';
import { ApiError, handleApi } from '$lib/server/api-error';
import { BRANCH_BANK_LIMITS, listBranchBanks, uploadToBranchBank } from '$lib/server/branch-banks';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** The branch's own banks (支部题库). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json(
			{ banks: await listBranchBanks(await db(), admin, event.params.id) },
			{ headers: { 'cache-control': 'private, no-store' } }
		);
	});

const tooLarge = () =>
	new ApiError(
		413,
		'too_large',
		`文件太大，一次最多上传 ${BRANCH_BANK_LIMITS.uploadBytes / 1024 / 1024} MB：请把题目分成几个文件导入`
	);

/**
 * Upload a question file: the body is the file's bytes; the query names it (`name`), may force
 * its `format`, names the bank to add to (`bank`) or the new bank's `title`, and `partial=1`
 * takes the good rows when others are refused. Answers the bank and the row report.
 */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const declared = Number(event.request.headers.get('content-length') ?? '0');
		// Refused unread; the server hook drains the rest (hooks.server.ts).
		if (declared > BRANCH_BANK_LIMITS.uploadBytes) throw tooLarge();
		let bytes: Uint8Array;
		try {
			bytes = new Uint8Array(await event.request.arrayBuffer());
		} catch {
			throw new ApiError(400, 'bad_body', '文件没有上传完整，请重试');
		}
		if (bytes.length > BRANCH_BANK_LIMITS.uploadBytes) throw tooLarge();
		const q = event.url.searchParams;
		const result = await uploadToBranchBank(
			await db(),
			admin,
			{
				groupId: event.params.id,
				bankId: q.get('bank') || undefined,
				title: q.get('title') ?? undefined,
				fileName: (q.get('name') ?? '').slice(0, 200),
				format: q.get('format') || undefined,
				partial: q.get('partial') === '1',
				bytes
			},
			Date.now()
		);
		return json(result, { status: result.report.saved ? 201 : 200 });
	});
