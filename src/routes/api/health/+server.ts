import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { database } from '$lib/server/database';
import type { RequestHandler } from './$types';

export const prerender = false;

/** Liveness and database check for operators and the end-to-end tests. */
export const GET: RequestHandler = async () => {
	const { db, kind } = await database();
	const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(db);
	return json(
		{ ok: rows[0]?.ok === 1, database: kind },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
