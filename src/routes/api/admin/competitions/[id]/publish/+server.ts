import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';
import { publishCompetition } from '$lib/server/competitions';

/** Members see it from now on and may download its paper, which is frozen from now on. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json(await publishCompetition(await db(), await bankRegistry(), admin, event.params.id));
	});
