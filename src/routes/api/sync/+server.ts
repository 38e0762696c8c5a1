import { json } from '@sveltejs/kit';
import { SYNC_MAX_BYTES } from '$lib/core/sync/protocol';
import { handleApi, readJson } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { db, requireMember } from '$lib/server/request-context';
import { syncBatch } from '$lib/server/sync';
import type { RequestHandler } from './$types';

/**
 * The one upload endpoint: { items: AttemptUpload[], checkins?: CheckinUpload[] } →
 * { results: [{ id, status, reason? }], checkins?: [{ key, status, reason? }] }.
 */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		const body = await readJson(event.request, SYNC_MAX_BYTES);
		const response = await syncBatch(await db(), await bankRegistry(), member, body);
		return json(response, { headers: { 'cache-control': 'no-store' } });
	});
