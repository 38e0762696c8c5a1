import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { bankRegistry, bankTitles } from '$lib/server/bank-registry';
import { adminBanks } from '$lib/server/competitions';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/**
 * Bank versions the server can score against, with counts by type and tag, and the org's time
 * zone (competition form).
 */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json(await adminBanks(await db(), admin, await bankRegistry(), await bankTitles()));
	});
