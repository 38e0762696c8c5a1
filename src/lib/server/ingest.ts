/**
 * Attempts in the sync contract (POST /api/sync, record kind 'attempt'): re-scored against the
 * exact bank version each names and inserted idempotently by attempt id, in one transaction that
 * commits before the answer goes out, so a lost response can never count an attempt twice.
 */
import { createHash } from 'node:crypto';
import type { Question } from '$lib/core/bank/schema';
import { studyDay } from '$lib/core/calendar/study-day';
import { rangeBounds } from '$lib/core/group/results-report';
import { dailySeed, isDailyDraw } from '$lib/core/play/daily';
import { dailyPools } from '$lib/core/play/grade-band';
import { DAILY_QUESTION_COUNT } from '$lib/core/play/modes';
import { tooFastNote } from '$lib/core/play/reading';
import { rescoreUpload } from '$lib/core/play/rescore';
import type { SyncItemResult } from '$lib/core/sync/envelope';
import { parseAttemptUpload, type AttemptUpload } from '$lib/core/sync/attempt';
import { conflictsOf, questionsOf, type BankRegistry } from './bank-registry';
import type { Db } from './database';
import { orgDays } from './org-clock';
import type { IngestContext } from './ingest-context';

/**
 * How many attempts a member's boards count per study day (the rest are stored, for history and
 * the 错题本, with ranked = 0): a script replaying rounds all day gains nothing on the boards.
 */
export const RANKED_ATTEMPTS_PER_DAY = 20;

/**
 * A fingerprint of what an attempt says apart from its id (and the ignored verdicts of older
 * devices): the same answers and times under a new id are a copy, and refused.
 */
export function attemptHash(upload: AttemptUpload): string {
	const answers = upload.answers.map((a) => ({ ...a, correct: undefined }));
	return createHash('sha256')
		.update(JSON.stringify({ ...upload, id: '', answers }))
		.digest('hex');
}

/** Null when a 云学 attempt played the questions of its day, else the reason. */
function dailyRefusal(
	upload: AttemptUpload,
	questions: ReadonlyMap<string, Question>,
	groupId: string,
	days: { timeZone: string; startHour: number },
	now: number
): string | null {
	const dayList = [
		...new Set([
			studyDay(Math.min(upload.startedAt, now), days),
			studyDay(Math.min(upload.finishedAt, now), days)
		])
	];
	const seeds = dayList.flatMap((day) => [dailySeed(groupId, day), dailySeed(null, day)]);
	const answered = upload.answers.map((a) => a.questionId);
	// A class draws from its grade band's questions (core/play/grade-band.ts); the band is the
	// device's choice, so any band's draw of the day is accepted, never a question outside them.
	const pools = dailyPools([...questions.values()]);
	const conflicts = conflictsOf(questions);
	return pools.some((pool) => isDailyDraw(answered, pool, seeds, DAILY_QUESTION_COUNT, conflicts))
		? null
		: `每日答题的题目不是 ${dayList.join(' 或 ')} 当天的题目`;
}

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
		tooFast: number;
		at: number;
	}[] = [];
	const days = await orgDays(db, member.groupId);
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
		const notToday =
			upload.mode === 'daily' ? dailyRefusal(upload, questions, member.groupId, days, now) : null;
		if (notToday) {
			results.push({ id, status: 'rejected', reason: notToday });
			continue;
		}
		const note = tooFastNote(score.tooFast);
		results.push(note ? { id, status: 'accepted', reason: note } : { id, status: 'accepted' });
		valid.push({ upload, ...score, at: results.length - 1 });
	}
	if (!valid.length) return results;

	const dayStart = rangeBounds({ from: studyDay(now, days), to: studyDay(now, days) }, days).start;
	await db.transaction().execute(async (trx) => {
		const today = await trx
			.selectFrom('attempt')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('member_id', '=', member.memberId)
			.where('received_at', '>=', dayStart)
			.where('ranked', '=', 1)
			.executeTakeFirstOrThrow();
		let rankedToday = Number(today.n);
		for (const v of valid) {
			const ranked = rankedToday < RANKED_ATTEMPTS_PER_DAY ? 1 : 0;
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
					payload: JSON.stringify(v.upload),
					payload_hash: attemptHash(v.upload),
					ranked
				})
				// Either key may conflict: the id (a resend) or the payload hash (a copy).
				.onConflict((oc) => oc.doNothing())
				.executeTakeFirst();
			if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
				rankedToday += ranked;
				continue;
			}
			const stored = await trx
				.selectFrom('attempt')
				.select(['member_id'])
				.where('id', '=', v.upload.id)
				.executeTakeFirst();
			results[v.at] = !stored
				? { id: v.upload.id, status: 'rejected', reason: '这条成绩与已上传的成绩完全相同' }
				: stored.member_id === member.memberId
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
