import { json } from '@sveltejs/kit';
import type { StageContestList } from '$lib/core/api-types';
import { handleApi } from '$lib/server/api-error';
import { db, requireMember } from '$lib/server/request-context';
import { groupStageContests } from '$lib/server/stage-records';
import type { RequestHandler } from './$types';

/** The member's own group's stored stage and classroom contests, newest first (for 组织). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		const body: StageContestList = {
			contests: await groupStageContests(await db(), member.groupId)
		};
		return json(body, { headers: { 'cache-control': 'private, no-store' } });
	});
