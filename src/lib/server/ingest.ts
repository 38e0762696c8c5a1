/**
 * Attempts in the sync contract (POST /api/sync, record kind 'attempt'): re-scored against the
 * exact bank version each names and inserted idempotently by attempt id, in one transaction that
 * commits before the answer goes out, so a lost response can never count an attempt twice.
 */
import { rescoreUpload } from '$lib/core/play/rescore';
import type { SyncItemResult } from '$lib/core/sync/envelope';
import { parseAttemptUpload, type AttemptUpload } from '$lib/core/sync/attempt';
import { questionsOf, type BankRegistry } from './bank-registry';
import type { Db } from './database';
import type { IngestContext } from './record-handlers';

/**
 * The attempt handler of the sync contract: re-score each attempt (already shape-checked) against
 * the bank version it names and insert it idempotently by id, all in one transaction. A resend
 * answers `duplicate`; an id that belongs to another member is refused.
 */
export async function ingestAttempts(
	{ db, registry, member, now }: IngestContext,
	uploads: readonly AttemptUpload[]
): Promise<SyncItemResult[]> {
	const results: SyncItemResult[] = [];
	const valid: {
		upload: AttemptUpload;
		correct: number;
		total: number;
		answeringMs: number;
		points: number;
		at: number;
	}[] = [];
	for (const upload of uploads) {
		const id = upload.id;
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
		results.push({ id, status: 'accepted' });
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
				.select(['member_id'])
				.where('id', '=', v.upload.id)
				.executeTakeFirstOrThrow();
			results[v.at] =
				stored.member_id === member.memberId
					? { id: v.upload.id, status: 'duplicate' }
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
			// Stored payloads are parsed, not cast: a row written by an older server stays readable,
			// and one that no longer parses is skipped instead of scoring garbage.
			const parsed = parseAttemptUpload(JSON.parse(row.payload));
			if (!parsed.success) continue;
			const upload = parsed.output;
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
