/**
 * 错题本 on the device: the review history and the deck folded from it (core/review.ts). Loaded
 * with the quiz, never with the first screen, because it carries the FSRS scheduler.
 */
import type { AttemptAnswer } from '$lib/core/attempt';
import { countsAsCorrect, type ModeRules } from '$lib/core/modes';
import { applyReview, rebuildDeck, type ReviewEvent } from '$lib/core/review';
import type { AttemptRow, PocketDb } from './db';
import { memberKeyOf } from './review-due';

/**
 * Add one answer to the history and the deck. Call inside the transaction that stores the
 * answer (recordAnswer's onStored), so neither can exist without the other.
 */
export async function recordReview(
	db: PocketDb,
	attempt: AttemptRow,
	answer: AttemptAnswer,
	rules: ModeRules
): Promise<void> {
	const event: ReviewEvent = {
		memberKey: memberKeyOf(attempt.memberId),
		bankId: attempt.bankId,
		questionId: answer.questionId,
		attemptId: attempt.id,
		correct: countsAsCorrect(rules, answer),
		at: answer.answeredAt
	};
	const key: [string, string, string] = [event.memberKey, event.bankId, event.questionId];
	const card = applyReview(await db.deck.get(key), event);
	// Right answers to questions outside the deck are not review history: nothing to replay.
	if (!card) return;
	await db.reviewLog.put(event);
	await db.deck.put(card);
}

/** Throw the deck away and fold it again from the review history (after an import, or a bug). */
export async function rebuildDeckFromHistory(db: PocketDb): Promise<number> {
	return db.transaction('rw', db.reviewLog, db.deck, async () => {
		const deck = rebuildDeck(await db.reviewLog.toArray());
		await db.deck.clear();
		await db.deck.bulkPut([...deck.values()]);
		return deck.size;
	});
}
