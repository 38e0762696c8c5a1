/**
 * 错题本: spaced review of the questions a member got wrong, scheduled with FSRS (ts-fsrs). The
 * review history (one event per answer that touches the deck) is the truth; a deck card is only
 * the fold of its events, so the deck can always be rebuilt from the history. Fuzz is off, so the
 * same history gives the same deck on every device and in every test. Time comes in as numbers.
 */
import { createEmptyCard, fsrs, Rating, type Card } from 'ts-fsrs';

/** Forgetting a question this many times marks it as a hard one (难题). */
export const HARD_AFTER_FORGETTING = 8;

/** One answer as the deck sees it: wrong answers add a question, later answers review it. */
export interface ReviewEvent {
	/** The member's id, or '' for play before joining a group (IndexedDB cannot index null). */
	memberKey: string;
	bankId: string;
	questionId: string;
	attemptId: string;
	/** Right and in time under the mode's rules; a timeout counts as forgotten. */
	correct: boolean;
	at: number;
}

/** A card in the deck, with the FSRS card's dates as epoch ms so IndexedDB can index them. */
export interface DeckCard {
	memberKey: string;
	bankId: string;
	questionId: string;
	due: number;
	stability: number;
	difficulty: number;
	scheduledDays: number;
	learningSteps: number;
	reps: number;
	lapses: number;
	state: number;
	lastReview: number;
	/** How often the question was answered wrong (its first miss included). */
	forgotten: number;
	hard: boolean;
}

const scheduler = fsrs({ enable_fuzz: false });

function toFsrs(card: DeckCard): Card {
	return {
		due: new Date(card.due),
		stability: card.stability,
		difficulty: card.difficulty,
		elapsed_days: 0,
		scheduled_days: card.scheduledDays,
		learning_steps: card.learningSteps,
		reps: card.reps,
		lapses: card.lapses,
		state: card.state,
		last_review: new Date(card.lastReview)
	};
}

/**
 * The deck card after one more answer: a wrong answer is FSRS "Again" (and creates the card when
 * the question was not in the deck), a right one "Good". A right answer to a question that is
 * not in the deck changes nothing and returns undefined.
 *
 * @example applyReview(undefined, { correct: false, at: 0, ... }) // → a new card, due soon
 */
export function applyReview(card: DeckCard | undefined, event: ReviewEvent): DeckCard | undefined {
	if (!card && event.correct) return undefined;
	const base = card ? toFsrs(card) : createEmptyCard(new Date(event.at));
	const next = scheduler.next(
		base,
		new Date(event.at),
		event.correct ? Rating.Good : Rating.Again
	).card;
	const forgotten = (card?.forgotten ?? 0) + (event.correct ? 0 : 1);
	return {
		memberKey: event.memberKey,
		bankId: event.bankId,
		questionId: event.questionId,
		due: next.due.getTime(),
		stability: next.stability,
		difficulty: next.difficulty,
		scheduledDays: next.scheduled_days,
		learningSteps: next.learning_steps,
		reps: next.reps,
		lapses: next.lapses,
		state: next.state,
		lastReview: event.at,
		forgotten,
		hard: forgotten >= HARD_AFTER_FORGETTING
	};
}

/** The key one card is stored under. */
export function deckKey(e: Pick<ReviewEvent, 'memberKey' | 'bankId' | 'questionId'>): string {
	return `${e.memberKey}\u0000${e.bankId}\u0000${e.questionId}`;
}

/**
 * The whole deck from the review history, whatever order the events are stored in (they are
 * replayed by time, ties by attempt).
 *
 * @example rebuildDeck([{ correct: false, ... }, { correct: true, ... }]).size // → 1
 */
export function rebuildDeck(events: readonly ReviewEvent[]): Map<string, DeckCard> {
	const deck = new Map<string, DeckCard>();
	const ordered = [...events].sort(
		(a, b) =>
			a.at - b.at ||
			a.attemptId.localeCompare(b.attemptId) ||
			a.questionId.localeCompare(b.questionId)
	);
	for (const e of ordered) {
		const key = deckKey(e);
		const next = applyReview(deck.get(key), e);
		if (next) deck.set(key, next);
	}
	return deck;
}

/** Cards due at `now`, soonest first. */
export function dueCards(cards: Iterable<DeckCard>, now: number): DeckCard[] {
	return [...cards].filter((c) => c.due <= now).sort((a, b) => a.due - b.due);
}
