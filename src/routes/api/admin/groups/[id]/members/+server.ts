import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { listMembers } from '$lib/server/member-admin';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** The group's current members, newest first, with those who joined in the last day marked. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json(await listMembers(await db(), admin, event.params.id), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
