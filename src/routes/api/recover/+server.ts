import { json } from '@sveltejs/kit';
import { handleApi, readJson, stringField } from '$lib/server/api-error';
import { recoverMember } from '$lib/server/members';
import { db, limitGuessing } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** Move to a new phone with the recovery code shown at joining. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		limitGuessing(event);
		const body = await readJson(event.request, 1024);
		return json(
			await recoverMember(await db(), stringField(body, 'recoveryCode', '恢复码', 8, 40))
		);
	});
