import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { db, requireMember } from '$lib/server/request-context';
import type { RequestHandler } from './$types';
import { memberBoard } from '$lib/server/competitions';

/** Top ten, "you" and the group boards, once the member's result is released. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		return json(await memberBoard(await db(), member, event.params.id), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
