import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';
import { certificates } from '$lib/server/competitions';

/** Award winners and every participant, for printing certificates. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json(await certificates(await db(), admin, event.params.id), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
