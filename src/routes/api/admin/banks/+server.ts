import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { bankRegistry, bankTitles } from '$lib/server/bank-registry';
import { bankCatalogue } from '$lib/server/competitions';
import { requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** Bank versions the server can score against, with counts by type and tag (competition form). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		await requireAdmin(event);
		return json(bankCatalogue(await bankRegistry(), await bankTitles()));
	});
