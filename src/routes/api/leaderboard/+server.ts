import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { groupLeaderboard } from '$lib/server/leaderboard';
import { db, requireMember } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** The member's own group's board: the top ten and "you". */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		return json(await groupLeaderboard(await db(), member.groupId, member.memberId), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
