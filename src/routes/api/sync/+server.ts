import { json } from '@sveltejs/kit';
import { SYNC_MAX_BYTES } from '$lib/core/sync-protocol';
import { handleApi, readJson } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { ingestBatch } from '$lib/server/ingest';
import { db, requireMember } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** The one upload endpoint: { items: AttemptUpload[] } → { results: [{ id, status, reason? }] }. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		const body = await readJson(event.request, SYNC_MAX_BYTES);
		const results = await ingestBatch(await db(), await bankRegistry(), member, body.items);
		return json({ results }, { headers: { 'cache-control': 'no-store' } });
	});
