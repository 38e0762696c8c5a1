/**
 * Score upload (POST /api/sync): validate each attempt with the core schema, re-score it against
 * the exact bank version it names, and insert it idempotently by attempt id, all in one
 * transaction that commits before the answer goes out. A resend answers `duplicate` with the
 * stored result, so a lost response can never count an attempt twice.
 */
import { rescoreUpload } from '$lib/core/play/rescore';
import { SYNC_MAX_ITEMS, type SyncItemResult } from '$lib/core/sync/protocol';
import { parseAttemptUpload, shapeReason } from '$lib/core/sync/schema';
import type { AttemptUpload } from '$lib/core/sync/attempt';
import { ApiError } from './api-error';
import { questionsOf, type BankRegistry } from './bank-registry';
import type { Db } from './database';
import type { MemberIdentity } from './members';

function itemId(item: unknown, index: number): string {
	const id = (item as { id?: unknown } | null)?.id;
	return typeof id === 'string' && id.length <= 64 ? id : `#${index}`;
}

export async function ingestBatch(
	db: Db,
	registry: BankRegistry,
	member: MemberIdentity,
	items: unknown,
	now = Date.now()
): Promise<SyncItemResult[]> {
	if (!Array.isArray(items)) throw new ApiError(422, 'invalid_field', '缺少成绩列表（items）');
	if (items.length > SYNC_MAX_ITEMS) {
		throw new ApiError(413, 'too_many_items', `一次最多上传 ${SYNC_MAX_ITEMS} 条成绩`);
	}
	const results: SyncItemResult[] = [];
	const valid: {
		upload: AttemptUpload;
		correct: number;
		total: number;
		answeringMs: number;
		points: number;
		at: number;
	}[] = [];
	for (const [index, item] of items.entries()) {
		const id = itemId(item, index);
		const parsed = parseAttemptUpload(item);
		if (!parsed.success) {
			results.push({ id, status: 'rejected', reason: shapeReason('成绩', parsed.issues) });
			continue;
		}
		const upload = parsed.output;
		const questions = questionsOf(registry, upload.bankId, upload.bankVersion);
		if (!questions) {
			results.push({
				id,
				status: 'rejected',
				reason: `服务器没有题库 ${upload.bankId} v${upload.bankVersion}`
			});
			continue;
		}
		const score = rescoreUpload(upload, questions);
		if (!score.ok) {
			results.push({ id, status: 'rejected', reason: score.reason });
			continue;
		}
		results.push({ id, status: 'accepted', correct: score.correct, total: score.total });
		valid.push({ upload, ...score, at: results.length - 1 });
	}
	if (!valid.length) return results;

	await db.transaction().execute(async (trx) => {
		for (const v of valid) {
			const inserted = await trx
				.insertInto('attempt')
				.values({
					id: v.upload.id,
					member_id: member.memberId,
					group_id: member.groupId,
					bank_id: v.upload.bankId,
					bank_version: v.upload.bankVersion,
					mode: v.upload.mode,
					competition_id: null,
					device_started_at: v.upload.startedAt,
					device_finished_at: v.upload.finishedAt,
					received_at: now,
					correct: v.correct,
					total: v.total,
					answering_ms: v.answeringMs,
					points: v.points,
					payload: JSON.stringify(v.upload)
				})
				.onConflict((oc) => oc.column('id').doNothing())
				.executeTakeFirst();
			if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) continue;
			const stored = await trx
				.selectFrom('attempt')
				.select(['member_id', 'correct', 'total'])
				.where('id', '=', v.upload.id)
				.executeTakeFirstOrThrow();
			results[v.at] =
				stored.member_id === member.memberId
					? { id: v.upload.id, status: 'duplicate', correct: stored.correct, total: stored.total }
					: { id: v.upload.id, status: 'rejected', reason: '这条成绩属于另一位成员' };
		}
	});
	return results;
}

/**
 * Score the points of attempts stored before the points column existed (migration 004), in
 * batches, with the same re-scorer as ingest. Safe to run on several servers at once: each update
 * only fills a null. Attempts whose bank version is gone stay null and count for no points.
 */
export async function fillAttemptPoints(
	db: Db,
	registry: BankRegistry,
	batch = 500
): Promise<number> {
	let filled = 0;
	let after = '';
	for (;;) {
		const rows = await db
			.selectFrom('attempt')
			.select(['id', 'payload'])
			.where('points', 'is', null)
			.where('id', '>', after)
			.orderBy('id')
			.limit(batch)
			.execute();
		if (!rows.length) return filled;
		for (const row of rows) {
			const upload = JSON.parse(row.payload) as AttemptUpload;
			const questions = questionsOf(registry, upload.bankId, upload.bankVersion);
			const score = questions ? rescoreUpload(upload, questions) : null;
			if (!score?.ok) continue;
			const updated = await db
				.updateTable('attempt')
				.set({ points: score.points })
				.where('id', '=', row.id)
				.where('points', 'is', null)
				.executeTakeFirst();
			filled += Number(updated.numUpdatedRows);
		}
		after = rows.at(-1)?.id ?? after;
	}
}
