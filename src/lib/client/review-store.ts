/**
 * 错题本 on the device: the review history and the deck folded from it (core/review.ts). Loaded
 * with the quiz, never with the first screen, because it carries the FSRS scheduler.
 */
import type { AttemptAnswer } from '$lib/core/play/attempt';
import { countsAsCorrect, type ModeRules } from '$lib/core/play/modes';
import { applyReview, deckKey, rebuildDeck, type ReviewEvent } from '$lib/core/play/review';
import type { AttemptRow, PocketDb } from './db';
import { memberKeyOf } from './profiles';

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

type CardKey = Pick<ReviewEvent, 'memberKey' | 'bankId' | 'questionId'>;

/**
 * Throw the deck away and fold it again from the review history (after an import, a merge of
 * history from the server, or a bug). With `only`, just those cards are rebuilt.
 */
export async function rebuildDeckFromHistory(
	db: PocketDb,
	only?: readonly CardKey[]
): Promise<number> {
	return db.transaction('rw', db.reviewLog, db.deck, async () => {
		const history = await db.reviewLog.toArray();
		const wanted = only && new Set(only.map(deckKey));
		const deck = rebuildDeck(wanted ? history.filter((e) => wanted.has(deckKey(e))) : history);
		if (only) {
			await db.deck.bulkDelete(
				only.map((k) => [k.memberKey, k.bankId, k.questionId] as [string, string, string])
			);
		} else {
			await db.deck.clear();
		}
		await db.deck.bulkPut([...deck.values()]);
		return deck.size;
	});
}
