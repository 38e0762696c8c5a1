import { json } from '@sveltejs/kit';
import { handleApi, readJson } from '$lib/server/api-error';
import { deleteBranchItem, saveBranchItem } from '$lib/server/branch-banks';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** Body: { question } as edited (a draft's 解析 and 出处, a fixed answer) → the stored item. */
export const PUT: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const body = await readJson(event.request, 16 * 1024);
		const { bankId, itemId } = event.params;
		return json(await saveBranchItem(await db(), admin, bankId, itemId, body.question, Date.now()));
	});

export const DELETE: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		await deleteBranchItem(await db(), admin, event.params.bankId, event.params.itemId, Date.now());
		return json({ ok: true });
	});
