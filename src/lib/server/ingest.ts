/**
 * Attempts in the sync contract (POST /api/sync, record kind 'attempt'): re-scored against the
 * exact bank version each names and inserted idempotently by attempt id, in one transaction that
 * commits before the answer goes out, so a lost response can never count an attempt twice.
 */
import { createHash } from 'node:crypto';
import type { Question } from '$lib/core/bank/schema';
import { studyDay, type DayOptions } from '$lib/core/calendar/study-day';
import { rangeBounds } from '$lib/core/group/results-report';
import { dailySeed, isDailyDraw } from '$lib/core/play/daily';
import { dailyPools } from '$lib/core/play/grade-band';
import { DAILY_QUESTION_COUNT } from '$lib/core/play/modes';
import { tooFastNote } from '$lib/core/play/reading';
import { rescoreUpload } from '$lib/core/play/rescore';
import type { SyncItemResult } from '$lib/core/sync/envelope';
import { parseAttemptUpload, type AttemptUpload } from '$lib/core/sync/attempt';
import { conflictsOf, questionsOf, type BankRegistry } from './bank-registry';
import { inTransaction, type Db } from './database';
import { orgDays } from './org-clock';
import { insertAttempts, lockMemberUploads, rankedSince, type AttemptRow } from './sync-queries';
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

/** An attempt that passed every check, as its row will be stored (ranked is decided later). */
interface CheckedAttempt {
	/** Its place in the request (and in the answers). */
	at: number;
	row: Omit<AttemptRow, 'ranked'> & { payload_hash: string };
}

/**
 * The attempt handler of the sync contract: re-score each attempt (already shape-checked) against
 * the bank version it names and insert it idempotently by id, all in one transaction. A resend
 * answers `duplicate`; an id that belongs to another member is refused.
 *
 * The whole batch is one multi-row INSERT … ON CONFLICT DO NOTHING RETURNING id: the rows it
 * did not insert were stored before (a resend, a copy, or another server's concurrent insert on
 * PostgreSQL) and are looked up, in one query, only when there are any.
 */
export async function ingestAttempts(
	{ db, registry, member, now }: IngestContext,
	uploads: readonly AttemptUpload[]
): Promise<SyncItemResult[]> {
	const results: SyncItemResult[] = [];
	const checked: CheckedAttempt[] = [];
	const days = member.days ?? (await orgDays(db, member.groupId));
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
		// The row is built (serialised, hashed) here, before the transaction: on SQLite every other
		// request waits while one is open.
		checked.push({
			at: results.length - 1,
			row: {
				id,
				member_id: member.memberId,
				group_id: member.groupId,
				bank_id: upload.bankId,
				bank_version: upload.bankVersion,
				mode: upload.mode,
				competition_id: null,
				device_started_at: upload.startedAt,
				device_finished_at: upload.finishedAt,
				received_at: now,
				correct: score.correct,
				total: score.total,
				answering_ms: score.answeringMs,
				points: score.points,
				payload: JSON.stringify(upload),
				payload_hash: attemptHash(upload)
			}
		});
	}
	const fresh = withoutRepeats(checked, results, member.memberId);
	if (!fresh.length) return results;

	const dayStart = dayStartOf(now, days);
	await inTransaction(db, async (trx) => {
		await lockMemberUploads(trx, member.memberId);
		const rankedBefore = await rankedSince(trx, member.memberId, dayStart, RANKED_ATTEMPTS_PER_DAY);
		// The n-th attempt stored today (from 0) counts on the boards while under the cap.
		const rankedAt = (n: number) => (rankedBefore + n < RANKED_ATTEMPTS_PER_DAY ? 1 : 0);
		// Either key may conflict: the id (a resend) or the payload hash (a copy).
		const inserted = await insertAttempts(
			trx,
			fresh.map((c, n) => ({ ...c.row, ranked: rankedAt(n) }))
		);
		if (inserted.size === fresh.length) return;
		// Some were stored already. The ones inserted after them were ranked as if every one
		// before had been stored: move them up to their real place under the cap.
		let n = 0;
		const promote: string[] = [];
		for (const c of fresh) {
			if (!inserted.has(c.row.id)) continue;
			if (rankedAt(n) === 1 && rankedAt(fresh.indexOf(c)) === 0) promote.push(c.row.id);
			n += 1;
		}
		if (promote.length) {
			await trx.updateTable('attempt').set({ ranked: 1 }).where('id', 'in', promote).execute();
		}
		const missing = fresh.filter((c) => !inserted.has(c.row.id));
		const owners = new Map(
			(
				await trx
					.selectFrom('attempt')
					.select(['id', 'member_id'])
					.where(
						'id',
						'in',
						missing.map((c) => c.row.id)
					)
					.execute()
			).map((r) => [r.id, r.member_id])
		);
		for (const c of missing) {
			results[c.at] = storedAnswer(c.row.id, owners.get(c.row.id), member.memberId);
		}
	});
	// Repeats within the request answer as their first did, now that it is settled.
	for (const c of checked) {
		const first = checked.find((f) => f.row.id === c.row.id);
		if (first && first !== c) {
			const answer = results[first.at];
			results[c.at] =
				answer?.status === 'accepted' ? { id: c.row.id, status: 'duplicate' } : { ...answer! };
		}
	}
	return results;
}

/** The answer for an attempt that was not inserted, from the owner of the row with its id. */
function storedAnswer(id: string, owner: string | undefined, memberId: string): SyncItemResult {
	if (owner === undefined) {
		return { id, status: 'rejected', reason: '这条成绩与已上传的成绩完全相同' };
	}
	return owner === memberId
		? { id, status: 'duplicate' }
		: { id, status: 'rejected', reason: '这条成绩属于另一位成员' };
}

/**
 * The attempts to insert: each id once (a later repeat answers as its first, after the insert)
 * and each fingerprint once (a later copy under another id is refused now, as the unique index
 * would refuse it).
 */
function withoutRepeats(
	checked: readonly CheckedAttempt[],
	results: SyncItemResult[],
	memberId: string
): CheckedAttempt[] {
	const ids = new Set<string>();
	const hashes = new Set<string>();
	const fresh: CheckedAttempt[] = [];
	for (const c of checked) {
		if (ids.has(c.row.id)) continue;
		ids.add(c.row.id);
		if (hashes.has(c.row.payload_hash)) {
			results[c.at] = storedAnswer(c.row.id, undefined, memberId);
			continue;
		}
		hashes.add(c.row.payload_hash);
		fresh.push(c);
	}
	return fresh;
}

const dayWindows = new Map<string, { start: number; end: number }>();

/**
 * When the study day of `now` began, memoised per zone and start hour as the day's window
 * [start, end): working it out takes several Intl calls (about 60 µs), and every upload of a
 * day asks for the same answer; a `now` inside the window needs no Intl call at all.
 */
function dayStartOf(now: number, days: Required<DayOptions>): number {
	const key = `${days.timeZone}|${days.startHour}`;
	let window = dayWindows.get(key);
	if (!window || now < window.start || now >= window.end) {
		const day = studyDay(now, days);
		window = rangeBounds({ from: day, to: day }, days);
		if (dayWindows.size > 100) dayWindows.clear();
		dayWindows.set(key, window);
	}
	return window.start;
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
