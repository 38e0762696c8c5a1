import { json } from '@sveltejs/kit';
import { studyDay } from '$lib/core/calendar/study-day';
import { handleApi } from '$lib/server/api-error';
import { orgDays } from '$lib/server/org-clock';
import { groupForAdmin, rosterOf } from '$lib/server/groups';
import { groupLeaderboard } from '$lib/server/leaderboard';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const database = await db();
		const group = await groupForAdmin(database, await requireAdmin(event), event.params.id);
		const [roster, leaderboard, days] = await Promise.all([
			rosterOf(database, group.id),
			groupLeaderboard(database, group.id, null, 20),
			orgDays(database, group.id)
		]);
		return json({
			group,
			roster: roster.map((r) => ({ id: r.id, displayName: r.display_name })),
			leaderboard,
			// The org's study day, so date fields (the results export) start on the town's today.
			today: studyDay(Date.now(), days)
		});
	});
