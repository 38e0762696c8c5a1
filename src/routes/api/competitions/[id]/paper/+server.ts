import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { db, requireMember } from '$lib/server/request-context';
import type { RequestHandler } from './$types';
import { memberPaper } from '$lib/server/competitions';

/** The member's own paper: no answers, no 解析, no 出处. Records when it was first served. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		return json(await memberPaper(await db(), await bankRegistry(), member, event.params.id), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
