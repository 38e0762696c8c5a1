import { json } from '@sveltejs/kit';
import { handleApi, readJson } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';
import { deleteCompetition, getCompetition, updateCompetition } from '$lib/server/competitions';

const NO_STORE = { headers: { 'cache-control': 'private, no-store' } };

export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json(await getCompetition(await db(), admin, event.params.id), NO_STORE);
	});

/** Any subset of CompetitionInput; 409 once the paper is frozen or the window has opened. */
export const PATCH: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const body = await readJson(event.request, 64 * 1024);
		return json(
			await updateCompetition(await db(), await bankRegistry(), admin, event.params.id, body)
		);
	});

/** Drafts only. */
export const DELETE: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		await deleteCompetition(await db(), admin, event.params.id);
		return new Response(null, { status: 204 });
	});
