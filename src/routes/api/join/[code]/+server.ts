import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { groupByJoinCode, rosterOf } from '$lib/server/groups';
import { db, limitJoining } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** What a join code leads to: the group's name and, for a class, the names to tap. */
export const GET: RequestHandler = (event) =>
	handleApi(() =>
		limitJoining(event, async () => {
			const database = await db();
			const group = await groupByJoinCode(database, event.params.code);
			const roster = group.kind === 'class' ? await rosterOf(database, group.id) : [];
			return json({
				group: { name: group.name, kind: group.kind, orgName: group.org_name },
				roster: roster.map((r) => ({ id: r.id, displayName: r.display_name }))
			});
		})
	);
