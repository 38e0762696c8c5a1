import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';
import { adminBoard } from '$lib/server/competitions';

/** Every entrant ranked (class pupils unranked), and the branch and town board. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json(await adminBoard(await db(), admin, event.params.id), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
