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
import { CHECKIN_MAX_ITEMS, SYNC_MAX_BYTES, SYNC_MAX_ITEMS } from '$lib/core/sync/protocol';
import type { RecordKind } from '$lib/core/sync/records';
import { ApiError, bodyOf, readJsonBody, type BodySource } from './api-error';
import { ingestCheckins } from './checkins';
import { inUploadTransaction, type Db } from './database';
import type { MemberIdentity } from './members';
import { RECORD_HANDLERS, type IngestContext } from './record-handlers';
import { jsonAnswer, toResponse, type PlainAnswer } from './plain-answer';
import { markTokenSynced } from './sync-queries';

export async function syncBatch(
	db: IngestContext['db'],
	registry: IngestContext['registry'],
	member: IngestContext['member'],
	body: unknown,
	now = Date.now()
): Promise<SyncResponse> {
	const request = v.safeParse(syncRequestSchema, body);
	if (!request.success) {
		const issue = request.issues[0];
		if (issue?.type === 'max_length') throw new ApiError(413, 'too_many_items', issue.message);
		throw new ApiError(422, 'invalid_field', shapeReason('上传内容', request.issues));
	}
	const { records = [], items, checkins } = request.output;
	if (items === undefined && checkins === undefined && !request.output.records) {
		throw new ApiError(422, 'invalid_field', '缺少上传内容（records、items 或 checkins）');
	}
	// Attempts from devices before the records list: the same thing under its old name.
	const all = [...records, ...(items ?? []).map((payload) => ({ kind: 'attempt', payload }))];
	if (all.length > SYNC_MAX_ITEMS) {
		throw new ApiError(413, 'too_many_items', `一次最多上传 ${SYNC_MAX_ITEMS} 条记录`);
	}
	const parsed = parseRecords(all);
	// One transaction for the whole batch: one commit per request instead of one per kind plus
	// one for the sync time (each handler joins it, see inTransaction); on SQLite, shared with
	// the uploads waiting beside it (commit-groups.ts).
	return inUploadTransaction(db, async (trx) => {
		const results = await storeRecords({ db: trx, registry, member, now }, parsed);
		if (checkins === undefined) {
			await markSynced(trx, member, now);
			return { results };
		}
		const checkinAnswers = await ingestCheckins(trx, member, checkins, now);
		if (checkins.length < CHECKIN_MAX_ITEMS) await markSynced(trx, member, now);
		return { results, checkins: checkinAnswers };
	});
}

/**
 * The device has now sent every check-in it holds (a list shorter than a full batch is its
 * last): a 讲坛 check-in it sends later cannot have been made long before now.
 */
async function markSynced(db: Db, member: MemberIdentity, now: number): Promise<void> {
	if (!member.tokenHash) return;
	await markTokenSynced(db, member.tokenHash, now);
}

/** Records checked against their kinds' schemas: the refusals, and the rest by kind. */
interface ParsedRecords {
	results: SyncItemResult[];
	byKind: Map<RecordKind, { at: number; payload: unknown }[]>;
}

/** Check each record against its kind's schema (no database: done before a transaction opens). */
function parseRecords(records: readonly unknown[]): ParsedRecords {
	const results: SyncItemResult[] = new Array(records.length);
	const byKind = new Map<RecordKind, { at: number; payload: unknown }[]>();
	for (const [index, record] of records.entries()) {
		const parsed = parseRecord(record, index);
		if (!parsed.ok) {
			results[index] = { id: parsed.id, status: 'rejected', reason: parsed.reason };
			continue;
		}
		let list = byKind.get(parsed.kind);
		if (!list) byKind.set(parsed.kind, (list = []));
		list.push({ at: index, payload: parsed.payload });
	}
	return { results, byKind };
}

/** Give the parsed records to their kinds' handlers; answers come back in the request's order. */
async function storeRecords(
	ctx: IngestContext,
	{ results, byKind }: ParsedRecords
): Promise<SyncItemResult[]> {
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
 * Check each record against its kind's schema and give the valid ones to their kind's handler;
 * answers come back in the order of the request.
 */
export function ingestRecords(
	ctx: IngestContext,
	records: readonly unknown[]
): Promise<SyncItemResult[]> {
	return storeRecords(ctx, parseRecords(records));
}

/**
 * POST /api/sync from the request's body to the answer, for a member already identified: what
 * both doors of the route run (sync-endpoint.ts), and what the device tests run behind their
 * `fetch` (as syncResponse), so all go through the same code.
 */
export async function syncAnswer(
	source: BodySource,
	ctx: Omit<IngestContext, 'now'>,
	now?: number
): Promise<PlainAnswer> {
	const body = await readJsonBody(source, SYNC_MAX_BYTES);
	return jsonAnswer(200, await syncBatch(ctx.db, ctx.registry, ctx.member, body, now));
}

/** syncAnswer from a Fetch Request to a Fetch Response. */
export async function syncResponse(
	request: Request,
	ctx: Omit<IngestContext, 'now'>,
	now?: number
): Promise<Response> {
	return toResponse(await syncAnswer(bodyOf(request), ctx, now));
}
