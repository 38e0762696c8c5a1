/**
 * POST /api/sync as a whole: records of every kind (`records`, and `items` from older devices,
 * which are attempts) and check-ins (`checkins`) in one batch. The envelope is checked for shape
 * and size before anything is written, so a refused request stores nothing; then each record is
 * checked against its kind's schema and handed to its kind's handler, and the check-ins to
 * theirs. Each commits before the answer goes out (every item is idempotent, so a retry after a
 * lost answer is harmless).
 */
import * as v from 'valibot';
import {
	parseRecord,
	shapeReason,
	syncRequestSchema,
	type SyncItemResult,
	type SyncResponse
} from '$lib/core/sync/envelope';
import { SYNC_MAX_BYTES, SYNC_MAX_ITEMS } from '$lib/core/sync/protocol';
import type { RecordKind } from '$lib/core/sync/records';
import { ApiError, readJson } from './api-error';
import { ingestCheckins } from './checkins';
import { RECORD_HANDLERS, type IngestContext } from './record-handlers';

export async function syncBatch(
	db: IngestContext['db'],
	registry: IngestContext['registry'],
	member: IngestContext['member'],
	body: unknown,
	now = Date.now()
): Promise<SyncResponse> {
	const parsed = v.safeParse(syncRequestSchema, body);
	if (!parsed.success) {
		const issue = parsed.issues[0];
		if (issue?.type === 'max_length') throw new ApiError(413, 'too_many_items', issue.message);
		throw new ApiError(422, 'invalid_field', shapeReason('上传内容', parsed.issues));
	}
	const { records = [], items, checkins } = parsed.output;
	if (items === undefined && checkins === undefined && !parsed.output.records) {
		throw new ApiError(422, 'invalid_field', '缺少上传内容（records、items 或 checkins）');
	}
	// Attempts from devices before the records list: the same thing under its old name.
	const all = [...records, ...(items ?? []).map((payload) => ({ kind: 'attempt', payload }))];
	if (all.length > SYNC_MAX_ITEMS) {
		throw new ApiError(413, 'too_many_items', `一次最多上传 ${SYNC_MAX_ITEMS} 条记录`);
	}
	const results = await ingestRecords({ db, registry, member, now }, all);
	if (checkins === undefined) return { results };
	return { results, checkins: await ingestCheckins(db, member, checkins, now) };
}

/**
 * Check each record against its kind's schema and give the valid ones to their kind's handler;
 * answers come back in the order of the request.
 */
export async function ingestRecords(
	ctx: IngestContext,
	records: readonly unknown[]
): Promise<SyncItemResult[]> {
	const results: SyncItemResult[] = new Array(records.length);
	const byKind = new Map<RecordKind, { at: number; payload: unknown }[]>();
	for (const [index, record] of records.entries()) {
		const parsed = parseRecord(record, index);
		if (!parsed.ok) {
			results[index] = { id: parsed.id, status: 'rejected', reason: parsed.reason };
			continue;
		}
		byKind.set(parsed.kind, [
			...(byKind.get(parsed.kind) ?? []),
			{ at: index, payload: parsed.payload }
		]);
	}
	for (const [kind, list] of byKind) {
		// The payloads passed their kind's schema in parseRecord.
		const handler = RECORD_HANDLERS[kind] as (
			c: IngestContext,
			p: unknown[]
		) => Promise<SyncItemResult[]>;
		const answers = await handler(
			ctx,
			list.map((l) => l.payload)
		);
		for (const [j, l] of list.entries()) {
			const answer = answers[j];
			if (!answer)
				throw new Error(`handler for ${kind} answered ${answers.length} of ${list.length}`);
			results[l.at] = answer;
		}
	}
	return results;
}

/**
 * POST /api/sync from the request's body to the response, for a member already identified: what
 * the route runs, and what the device tests run behind their `fetch`, so both go through the
 * same code.
 */
export async function syncResponse(
	request: Request,
	ctx: Omit<IngestContext, 'now'>,
	now = Date.now()
): Promise<Response> {
	const body = await readJson(request, SYNC_MAX_BYTES);
	const answer = await syncBatch(ctx.db, ctx.registry, ctx.member, body, now);
	return new Response(JSON.stringify(answer), {
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
	});
}
