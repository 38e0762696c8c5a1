import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { memberBankIndex } from '$lib/server/branch-banks';
import { db, requireMember } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** The member's branch banks, in the town index's format (bundle URLs relative to this one). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		return json(await memberBankIndex(await db(), member), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
