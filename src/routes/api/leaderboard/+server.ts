import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { memberLeaderboard } from '$lib/server/leaderboard';
import { db, requireMember } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** The member's own group's boards: the top ten and "you" (a class: no individual rows). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		return json(await memberLeaderboard(await db(), member), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
