/**
 * Competition submissions in the sync contract (POST /api/sync, record kind 'competition'): each
 * is checked against what only the server knows (the member's paper, when it was served, the
 * window and its grace, tries), scored against the pinned bank version, and stored idempotently
 * by id. The answer never carries the score: keys and scores are released by /result.
 */
import { createHash } from 'node:crypto';
import type { Question } from '$lib/core/bank/schema';
import { tooFastNote } from '$lib/core/play/reading';
import { encodeMarks } from '$lib/core/competition/analysis';
import { boundTimes, scoreSubmission, windowRefusal } from '$lib/core/competition/scoring';
import type { CompetitionSubmission } from '$lib/core/competition/types';
import type { SyncItemResult } from '$lib/core/sync/envelope';
import { questionsOf } from './bank-registry';
import { inTransaction } from './database';
import {
	loadCompetition,
	markNumbering,
	memberPaperIds,
	type LoadedCompetition
} from './competitions';
import type { IngestContext } from './ingest-context';

/**
 * A fingerprint of what a submission says apart from its id: a copy of the same answers and
 * times under a new id (a replayed perfect paper) has the same one.
 */
export function submissionHash(s: CompetitionSubmission): string {
	return createHash('sha256')
		.update(JSON.stringify({ ...s, id: '' }))
		.digest('hex');
}

export async function ingestSubmissions(
	ctx: IngestContext,
	submissions: readonly CompetitionSubmission[]
): Promise<SyncItemResult[]> {
	const competitions = new Map<string, LoadedCompetition | null>();
	const pools = new Map<string, Question[]>();
	const results: SyncItemResult[] = [];
	for (const s of submissions) {
		let c = competitions.get(s.competitionId);
		if (c === undefined) {
			c = await loadCompetition(ctx.db, s.competitionId);
			competitions.set(s.competitionId, c);
		}
		results.push(await ingestOne(ctx, s, c, pools));
	}
	return results;
}

async function ingestOne(
	{ db, registry, member, now }: IngestContext,
	s: CompetitionSubmission,
	c: LoadedCompetition | null,
	pools: Map<string, Question[]>
): Promise<SyncItemResult> {
	const reject = (reason: string): SyncItemResult => ({ id: s.id, status: 'rejected', reason });
	// A resend is answered as before whatever has changed since (the window may have closed).
	const existing = await db
		.selectFrom('competition_entry')
		.select('member_id')
		.where('id', '=', s.id)
		.executeTakeFirst();
	if (existing) {
		return existing.member_id === member.memberId
			? { id: s.id, status: 'duplicate' }
			: reject('这份答卷属于另一位成员');
	}
	if (!c || c.row.published_at === null || !c.groupIds.includes(member.groupId)) {
		return reject('找不到这个竞赛');
	}
	const served = await db
		.selectFrom('competition_paper')
		.select('served_at')
		.where('competition_id', '=', c.row.id)
		.where('member_id', '=', member.memberId)
		.executeTakeFirst();
	if (!served) return reject('服务器还没有发出这份试卷');
	const questions = questionsOf(registry, c.row.bank_id, c.row.bank_version);
	if (!questions) return reject(`服务器没有题库 ${c.row.bank_id} v${c.row.bank_version}`);
	const poolKey = `${c.row.bank_id}@${c.row.bank_version}`;
	let pool = pools.get(poolKey);
	if (!pool) {
		pool = [...questions.values()];
		pools.set(poolKey, pool);
	}
	const paper = memberPaperIds(c, questions, member.memberId, pool);
	const score = scoreSubmission(s.answers, paper, questions, c.rules.timeLimit);
	if (!score.ok) return reject(score.reason);
	const bounds = boundTimes({
		startedAt: s.startedAt,
		finishedAt: s.finishedAt,
		servedAt: Number(served.served_at),
		receivedAt: now,
		answeringMs: s.answers.reduce((sum, a) => sum + a.elapsedMs, 0)
	});
	if (!bounds.ok) return reject(bounds.reason);
	const late = windowRefusal(
		{ opensAt: c.row.opens_at, closesAt: c.row.closes_at, graceMs: c.row.grace_ms },
		bounds.start,
		now
	);
	if (late) return reject(late);
	const hash = submissionHash(s);
	const competitionId = c.row.id;
	const tries = c.row.tries;
	const marks = encodeMarks(score.answers, markNumbering(questions).index, questions);
	return inTransaction(db, async (trx): Promise<SyncItemResult> => {
		// Each try takes the next number; the unique (competition, member, try number) index makes
		// a second upload racing for the same try insert nothing, and it counts again. On SQLite
		// the one writer already serialises this; on PostgreSQL the index does.
		for (let round = 0; round <= tries; round++) {
			const used = await trx
				.selectFrom('competition_entry')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('competition_id', '=', competitionId)
				.where('member_id', '=', member.memberId)
				.executeTakeFirstOrThrow();
			if (Number(used.n) >= tries) break;
			const inserted = await trx
				.insertInto('competition_entry')
				.values({
					id: s.id,
					competition_id: competitionId,
					member_id: member.memberId,
					group_id: member.groupId,
					device_started_at: s.startedAt,
					device_finished_at: s.finishedAt,
					started_at: bounds.start,
					finished_at: bounds.finish,
					received_at: now,
					score: score.score,
					total: score.total,
					answering_ms: score.answeringMs,
					too_fast: score.tooFast,
					payload_hash: hash,
					marks,
					try_no: Number(used.n) + 1
				})
				// Any key may conflict: the id (a resend racing itself), the payload hash (a copy), or
				// the try number (another upload of this member took it meanwhile).
				.onConflict((oc) => oc.doNothing())
				.executeTakeFirst();
			if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
				await trx
					.insertInto('competition_answers')
					.values({ entry_id: s.id, answers: JSON.stringify(score.answers) })
					.execute();
				const note = tooFastNote(score.tooFast);
				return note
					? { id: s.id, status: 'accepted', reason: note }
					: { id: s.id, status: 'accepted' };
			}
			const again = await trx
				.selectFrom('competition_entry')
				.select('member_id')
				.where('id', '=', s.id)
				.executeTakeFirst();
			if (again) {
				return again.member_id === member.memberId
					? { id: s.id, status: 'duplicate' }
					: reject('这份答卷属于另一位成员');
			}
			const copy = await trx
				.selectFrom('competition_entry')
				.select('id')
				.where('competition_id', '=', competitionId)
				.where('payload_hash', '=', hash)
				.executeTakeFirst();
			if (copy) return reject('这份答卷与已提交的答卷完全相同');
		}
		return reject(`已用完 ${tries} 次答题机会`);
	});
}
