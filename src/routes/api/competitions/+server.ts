import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { memberCompetitions } from '$lib/server/competitions';
import { db, requireMember } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** The member's group's published competitions: upcoming, open, in grace, recently closed. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		return json(await memberCompetitions(await db(), member), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
