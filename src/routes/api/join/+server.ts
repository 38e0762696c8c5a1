import { json } from '@sveltejs/kit';
import { ApiError, handleApi, nameField, readJson, stringField } from '$lib/server/api-error';
import { claimRosterName, joinWithName } from '$lib/server/members';
import { db, limitJoining } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** Body: { code, displayName, note? } for a branch, or { code, rosterMemberId } for a class. */
export const POST: RequestHandler = (event) =>
	handleApi(() =>
		limitJoining(event, async () => {
			const body = await readJson(event.request, 4096);
			const code = stringField(body, 'code', '加入码', 4, 32);
			const database = await db();
			if (body.rosterMemberId !== undefined) {
				if (typeof body.rosterMemberId !== 'string' || body.rosterMemberId.length > 64) {
					throw new ApiError(422, 'invalid_field', '请在名单中选择自己的名字');
				}
				return json(await claimRosterName(database, code, body.rosterMemberId), { status: 201 });
			}
			const displayName = nameField(body, 'displayName', '姓名', 1, 20);
			// A note that tells two members of one name apart (asked for after a 409 name_taken).
			const note =
				body.note === undefined || body.note === ''
					? null
					: nameField(body, 'note', '区分说明', 1, 10);
			return json(await joinWithName(database, code, displayName, note), { status: 201 });
		})
	);
