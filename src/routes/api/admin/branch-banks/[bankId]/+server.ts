import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { branchBankDetail } from '$lib/server/branch-banks';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** A branch bank's questions and drafts, its last upload's row report and its versions. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json(await branchBankDetail(await db(), admin, event.params.bankId), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
