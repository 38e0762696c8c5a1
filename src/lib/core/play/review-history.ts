/**
 * 错题本 history from uploaded attempts. Every upload already carries each answer with its time,
 * so the server can give a member's review events back to any device: each answer re-judged
 * with the same rules the device and the re-scorer use (scoring.ts, modes.ts). The device merges
 * them into its history and folds the deck again (review.ts), so a new phone gets the deck back.
 */
import type { Question } from '../bank/schema';
import { countsAsCorrect, modeRules } from './modes';
import type { ReviewEvent } from './review';
import { isCorrect } from './scoring';
import type { AttemptUpload } from '../sync/attempt';

/** Attempts per page of GET /api/review-history, so one answer stays small (≤ 500 answers each). */
export const REVIEW_HISTORY_PAGE_ATTEMPTS = 50;

/** One page of a member's review history, in the order the server received the attempts. */
export interface ReviewHistoryPage {
	events: ReviewEvent[];
	/** Where the next page starts (pass it back as `after`); the same as asked when empty. */
	cursor: string;
	/** More attempts wait after `cursor`. */
	more: boolean;
}

/** A position in the server's order of a member's attempts: receive time, then attempt id. */
export interface ReviewCursor {
	receivedAt: number;
	attemptId: string;
}

/**
 * The cursor as it travels in a URL: `<receivedAt>_<attemptId>`, or `<receivedAt>` alone for
 * "everything received from this time on" (how a device re-reads a little overlap).
 *
 * @example formatReviewCursor({ receivedAt: 5, attemptId: 'a' }) // → '5_a'
 */
export function formatReviewCursor(c: ReviewCursor): string {
	return c.attemptId ? `${c.receivedAt}_${c.attemptId}` : String(c.receivedAt);
}

/**
 * Parse a cursor from a URL; null when it is not one.
 *
 * @example parseReviewCursor('5_a') // → { receivedAt: 5, attemptId: 'a' }
 */
export function parseReviewCursor(text: string): ReviewCursor | null {
	const m = /^(\d{1,15})(?:_([0-9A-Za-z-]{1,64}))?$/.exec(text);
	if (!m) return null;
	return { receivedAt: Number(m[1]), attemptId: m[2] ?? '' };
}

/**
 * The review events of one uploaded attempt: one per answer, judged against the bank version it
 * was played on under its mode's rules (a timeout or a late answer counts as forgotten). Right
 * answers to questions never missed are included: they change nothing when folded (applyReview
 * skips them), but another device may hold an earlier miss of the same question.
 *
 * @example reviewEventsOfUpload(upload, questions, 'member-1')
 * // → [{ memberKey: 'member-1', questionId: 'q1', correct: false, at: 1764000000000, ... }]
 */
export function reviewEventsOfUpload(
	upload: AttemptUpload,
	questions: ReadonlyMap<string, Question>,
	memberKey: string
): ReviewEvent[] {
	const rules = modeRules(upload.mode, upload.settings);
	return upload.answers.flatMap((a) => {
		const q = questions.get(a.questionId);
		if (!q) return [];
		const correct = a.response !== null && isCorrect(q, a.response);
		return [
			{
				memberKey,
				bankId: upload.bankId,
				questionId: a.questionId,
				attemptId: upload.id,
				correct: countsAsCorrect(rules, { correct, elapsedMs: a.elapsedMs }),
				at: a.answeredAt
			}
		];
	});
}
