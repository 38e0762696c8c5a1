/**
 * Scoring an uploaded attempt against the exact bank version it was played on. The server runs
 * this on every upload; the device's own `correct` flags are ignored, and points come from the
 * mode's rules (modes.ts) applied to the answers and their times, as on the device.
 */
import type { Question } from '../bank/schema';
import { answerPoints, countsAsCorrect, modeRules } from './modes';
import { isTooFast, readingFloorMs } from './reading';
import { isCorrect, isWellFormedResponse } from './scoring';
import type { AttemptUpload } from '../sync/attempt';

export type RescoreResult =
	| {
			ok: true;
			correct: number;
			total: number;
			answeringMs: number;
			points: number;
			/** Right answers given faster than the question can be read: no points (reading.ts). */
			tooFast: number;
	  }
	| { ok: false; reason: string };

/**
 * @example rescoreUpload(upload, new Map(questions.map((q) => [q.id, q])))
 * // → { ok: true, correct: 7, total: 10, answeringMs: 52000, points: 7000 }
 */
export function rescoreUpload(
	upload: AttemptUpload,
	questions: ReadonlyMap<string, Question>
): RescoreResult {
	if (upload.finishedAt < upload.startedAt) {
		return { ok: false, reason: '完成时间早于开始时间' };
	}
	const rules = modeRules(upload.mode, upload.settings);
	if (rules.drawCount !== null && upload.answers.length > rules.drawCount) {
		return { ok: false, reason: `这种模式最多 ${rules.drawCount} 题` };
	}
	const seen = new Set<string>();
	let correct = 0;
	let answeringMs = 0;
	let points = 0;
	let missed = false;
	let tooFast = 0;
	for (const a of upload.answers) {
		const q = questions.get(a.questionId);
		if (!q)
			return {
				ok: false,
				reason: `题库 ${upload.bankId} v${upload.bankVersion} 中没有题目 ${a.questionId}`
			};
		if (seen.has(a.questionId)) return { ok: false, reason: `题目 ${a.questionId} 重复作答` };
		seen.add(a.questionId);
		if (a.response !== null && !isWellFormedResponse(q, a.response)) {
			return { ok: false, reason: `题目 ${a.questionId} 的答案格式不正确` };
		}
		// Uploads list answers in play order, so a challenge answer after a miss was never offered.
		if (missed && rules.stopOnWrong) {
			return { ok: false, reason: `挑战答题在答错后结束，题目 ${a.questionId} 不应有答案` };
		}
		const right = a.response !== null && isCorrect(q, a.response);
		// Too fast to have been read: no points, but not a miss (the device went on playing). A
		// paused answer is exempt: the question stayed readable while paused (and earns the lowest
		// speed factor anyway).
		const unread = right && !a.pauses && isTooFast(q, a.elapsedMs);
		if (unread) tooFast++;
		const scored = {
			correct: right && !unread,
			elapsedMs: a.elapsedMs,
			pauses: a.pauses ?? 0
		};
		if (countsAsCorrect(rules, scored)) correct++;
		else if (!unread) missed = true;
		points += answerPoints(
			rules,
			scored.correct,
			scored.elapsedMs,
			scored.pauses,
			readingFloorMs(q)
		);
		answeringMs += a.elapsedMs;
	}
	return {
		ok: true,
		correct,
		total: upload.answers.length,
		answeringMs: Math.round(answeringMs),
		points,
		tooFast
	};
}
