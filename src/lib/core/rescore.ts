/**
 * Scoring an uploaded attempt against the exact bank version it was played on. The server runs
 * this on every upload; the device's own `correct` flags are ignored.
 */
import type { Question } from './bank-schema';
import { isCorrect, isWellFormedResponse } from './scoring';
import type { AttemptUpload } from './sync-payload';

export type RescoreResult =
	{ ok: true; correct: number; total: number; answeringMs: number } | { ok: false; reason: string };

/**
 * @example rescoreUpload(upload, new Map(questions.map((q) => [q.id, q])))
 * // → { ok: true, correct: 7, total: 10, answeringMs: 52000 }
 */
export function rescoreUpload(
	upload: AttemptUpload,
	questions: ReadonlyMap<string, Question>
): RescoreResult {
	if (upload.finishedAt < upload.startedAt) {
		return { ok: false, reason: '完成时间早于开始时间' };
	}
	const seen = new Set<string>();
	let correct = 0;
	let answeringMs = 0;
	for (const a of upload.answers) {
		const q = questions.get(a.questionId);
		if (!q)
			return {
				ok: false,
				reason: `题库 ${upload.bankId} v${upload.bankVersion} 中没有题目 ${a.questionId}`
			};
		if (seen.has(a.questionId)) return { ok: false, reason: `题目 ${a.questionId} 重复作答` };
		seen.add(a.questionId);
		if (!isWellFormedResponse(q, a.response)) {
			return { ok: false, reason: `题目 ${a.questionId} 的答案格式不正确` };
		}
		if (isCorrect(q, a.response)) correct++;
		answeringMs += a.elapsedMs;
	}
	return { ok: true, correct, total: upload.answers.length, answeringMs: Math.round(answeringMs) };
}
