import { json } from '@sveltejs/kit';
import { handleApi, readJson } from '$lib/server/api-error';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';
import { setAwards } from '$lib/server/competitions';

/** Body: { awards: AwardTier[] }, in any state. */
export const PUT: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const body = await readJson(event.request, 8 * 1024);
		return json(await setAwards(await db(), admin, event.params.id, body));
	});
