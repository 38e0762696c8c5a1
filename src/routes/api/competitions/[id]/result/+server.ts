import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { db, requireMember } from '$lib/server/request-context';
import type { RequestHandler } from './$types';
import { memberResult } from '$lib/server/competitions';

/** The member's tries; score, rank, keys and 解析 once released. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		return json(await memberResult(await db(), await bankRegistry(), member, event.params.id), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
