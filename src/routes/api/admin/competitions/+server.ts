import { json } from '@sveltejs/kit';
import { handleApi, readJson } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';
import { createCompetition, listCompetitions } from '$lib/server/competitions';

const NO_STORE = { headers: { 'cache-control': 'private, no-store' } };

/** The competitions this admin may manage, newest first. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json({ competitions: await listCompetitions(await db(), admin) }, NO_STORE);
	});

/** Body: CompetitionInput → 201 the draft (docs/competition-api.md). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const body = await readJson(event.request, 64 * 1024);
		const created = await createCompetition(await db(), await bankRegistry(), admin, body);
		return json(created, { status: 201 });
	});
