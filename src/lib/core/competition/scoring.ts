/**
 * Scoring a competition submission on the server, against the pinned bank version, and the time
 * rules around it: the reading floor, the bounds the server puts on a device's times, the window
 * with its grace period, tries and release. Pure: the server passes in what it knows (when it
 * served the paper, when it received the submission).
 */
import type { Question } from '../bank/schema';
import { isTooFast } from '../play/reading';
import { isCorrect, isWellFormedResponse } from '../play/scoring';
import type {
	AnswerVerdict,
	CompetitionStatus,
	ReleaseRule,
	ScoredAnswer,
	SubmissionAnswer,
	TimeLimit
} from './types';

export { isTooFast, readingFloorMs } from '../play/reading';

export type SubmissionScore =
	| {
			ok: true;
			score: number;
			total: number;
			/** Sum of the answers' times (ms): the tie-breaker on the board. */
			answeringMs: number;
			answers: ScoredAnswer[];
			tooFast: number;
	  }
	| { ok: false; reason: string };

/**
 * Score a submission against the member's paper: 1 point per right answer (all-or-nothing, the
 * shared `isCorrect`). Nothing for a wrong or missing answer, an answer past a per-question limit,
 * one given after the paper's limit ran out (cumulative time), or one faster than reading. Refuses
 * answers to questions outside the paper, repeated ones and malformed responses.
 *
 * @example scoreSubmission(answers, ['q1', 'q2'], questions, null)
 * // → { ok: true, score: 1, total: 2, answeringMs: 9000, answers: [...], tooFast: 0 }
 */
export function scoreSubmission(
	answers: readonly SubmissionAnswer[],
	paper: readonly string[],
	questions: ReadonlyMap<string, Question>,
	timeLimit: TimeLimit | null
): SubmissionScore {
	const onPaper = new Set(paper);
	const given = new Map<string, SubmissionAnswer>();
	for (const a of answers) {
		if (!onPaper.has(a.questionId))
			return { ok: false, reason: `题目 ${a.questionId} 不在您的试卷中` };
		if (given.has(a.questionId)) return { ok: false, reason: `题目 ${a.questionId} 重复作答` };
		const q = questions.get(a.questionId);
		if (!q) return { ok: false, reason: `题库中没有题目 ${a.questionId}` };
		if (a.response !== null && !isWellFormedResponse(q, a.response)) {
			return { ok: false, reason: `题目 ${a.questionId} 的答案格式不正确` };
		}
		given.set(a.questionId, a);
	}
	let score = 0;
	let answeringMs = 0;
	let tooFast = 0;
	const scored: ScoredAnswer[] = [];
	// Cumulative time in play order (the upload's order) decides the paper limit.
	let clock = 0;
	const cumulative = new Map<string, number>();
	for (const a of answers) {
		clock += a.elapsedMs;
		cumulative.set(a.questionId, clock);
	}
	for (const id of paper) {
		const q = questions.get(id);
		const a = given.get(id);
		if (!q || !a) {
			scored.push({ questionId: id, response: null, verdict: 'unanswered', elapsedMs: 0 });
			continue;
		}
		answeringMs += a.elapsedMs;
		const verdict = verdictOf(q, a, timeLimit, cumulative.get(id) ?? 0);
		if (verdict === 'correct') score++;
		if (verdict === 'too-fast') tooFast++;
		scored.push({ questionId: id, response: a.response, verdict, elapsedMs: a.elapsedMs });
	}
	return { ok: true, score, total: paper.length, answeringMs, answers: scored, tooFast };
}

function verdictOf(
	q: Question,
	a: SubmissionAnswer,
	limit: TimeLimit | null,
	cumulativeMs: number
): AnswerVerdict {
	if (a.response === null) return 'unanswered';
	if (limit?.per === 'question' && a.elapsedMs >= limit.ms) return 'over-time';
	if (limit?.per === 'paper' && cumulativeMs > limit.ms) return 'over-time';
	if (isTooFast(q, a.elapsedMs)) return 'too-fast';
	return isCorrect(q, a.response) ? 'correct' : 'wrong';
}

/** How far a device clock may run behind the server before a start "before the paper" is refused. */
export const CLOCK_SLACK_MS = 10 * 60 * 1000;
/** Slack between the sum of answer times (performance.now) and the wall-clock span. */
export const SPAN_SLACK_MS = 60 * 1000;

export type TimeBounds =
	{ ok: true; start: number; finish: number } | { ok: false; reason: string };

/**
 * The server's bounds on a device's times: never before the server served the paper (a clock up
 * to 10 minutes behind is clamped, more is refused), never after the server received the
 * submission, and the finish never before the start. The answers' own times (from
 * performance.now) cannot add up to more than the span between them.
 *
 * @example boundTimes({ startedAt: 100, finishedAt: 50, servedAt: 0, receivedAt: 200, answeringMs: 0 })
 * // → { ok: false, reason: '交卷时间早于开始时间' }
 */
export function boundTimes(t: {
	startedAt: number;
	finishedAt: number;
	servedAt: number;
	receivedAt: number;
	answeringMs: number;
}): TimeBounds {
	if (t.finishedAt < t.startedAt) return { ok: false, reason: '交卷时间早于开始时间' };
	if (t.startedAt < t.servedAt - CLOCK_SLACK_MS) {
		return { ok: false, reason: '开始答题时间早于下载试卷的时间（请检查手机时间）' };
	}
	const start = Math.min(Math.max(t.startedAt, t.servedAt), t.receivedAt);
	const finish = Math.max(start, Math.min(t.finishedAt, t.receivedAt));
	// The device's clock may be off, but not its elapsed times against its own span.
	if (t.answeringMs > t.finishedAt - t.startedAt + SPAN_SLACK_MS) {
		return { ok: false, reason: '答题用时超过交卷前经过的时间' };
	}
	return { ok: true, start, finish };
}

export interface Window {
	opensAt: number;
	closesAt: number;
	graceMs: number;
}

/**
 * Does a submission count for the window? It must have started inside [opensAt, closesAt] (by the
 * bounded start) and reached the server by closesAt + grace. Null when it counts, else the reason.
 *
 * @example windowRefusal({ opensAt: 0, closesAt: 10, graceMs: 5 }, 3, 16) // → '竞赛已结束，补交期也已过'
 */
export function windowRefusal(w: Window, start: number, receivedAt: number): string | null {
	if (receivedAt > w.closesAt + w.graceMs) return '竞赛已结束，补交期也已过';
	if (start < w.opensAt) return '竞赛尚未开始，不能交卷';
	if (start > w.closesAt) return '开始答题时间不在竞赛时间内';
	return null;
}

/**
 * Where a competition stands at `now`.
 *
 * @example competitionStatus({ publishedAt: 1, opensAt: 10, closesAt: 20, graceMs: 5 }, 22) // → 'grace'
 */
export function competitionStatus(
	c: Window & { publishedAt: number | null },
	now: number
): CompetitionStatus {
	if (c.publishedAt === null) return 'draft';
	if (now < c.opensAt) return 'upcoming';
	if (now <= c.closesAt) return 'open';
	if (now <= c.closesAt + c.graceMs) return 'grace';
	return 'closed';
}

/**
 * When keys, scores and ranks reach a member. `after-window`: at the end of the grace period (a
 * late upload may still come in until then, so keys stay on the server). `after-submit`: once
 * the member has used every try (when the last one was received), or at the end of the grace
 * period at the latest.
 *
 * @example releaseAt({ release: 'after-submit', tries: 1, closesAt: 10, graceMs: 5 }, 1, 3) // → 3
 */
export function releaseAt(
	c: { release: ReleaseRule; tries: number; closesAt: number; graceMs: number },
	triesUsed: number,
	lastReceivedAt: number | null
): number {
	const end = c.closesAt + c.graceMs;
	if (c.release === 'after-window') return end;
	if (triesUsed >= c.tries && lastReceivedAt !== null) return Math.min(lastReceivedAt, end);
	return end;
}

/**
 * Is the member's result released at `now`?
 *
 * @example isReleased({ release: 'after-window', tries: 1, closesAt: 10, graceMs: 5 }, 1, 3, 12) // → false
 */
export function isReleased(
	c: { release: ReleaseRule; tries: number; closesAt: number; graceMs: number },
	triesUsed: number,
	lastReceivedAt: number | null,
	now: number
): boolean {
	return now >= releaseAt(c, triesUsed, lastReceivedAt);
}
