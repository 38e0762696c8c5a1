import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';
import { itemAnalysis } from '$lib/server/competitions';

/** Item analysis after the window and its grace (409 before). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json(await itemAnalysis(await db(), await bankRegistry(), admin, event.params.id), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
