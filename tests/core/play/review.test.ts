import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	applyReview,
	deckKey,
	dueCards,
	HARD_AFTER_FORGETTING,
	rebuildDeck,
	type DeckCard,
	type ReviewEvent
} from '../../../src/lib/core/play/review';
import { formatReviewCursor, parseReviewCursor } from '../../../src/lib/core/play/review-history';

const DAY = 86_400_000;
const event = (questionId: string, correct: boolean, at: number, attemptId = `a-${at}`) =>
	({ memberKey: 'm1', bankId: 'b', questionId, attemptId, correct, at }) satisfies ReviewEvent;

describe('错题本 rules', () => {
	it('a wrong answer adds the question; a right one outside the deck adds nothing', () => {
		expect(applyReview(undefined, event('q1', true, 0))).toBeUndefined();
		const card = applyReview(undefined, event('q1', false, 0));
		expect(card).toMatchObject({ questionId: 'q1', forgotten: 1, hard: false });
		// Missed just now: due again soon, the same day.
		expect(card?.due).toBeGreaterThan(0);
		expect(card?.due).toBeLessThan(DAY);
	});

	it('right answers push the next review further out', () => {
		let card = applyReview(undefined, event('q1', false, 0)) as DeckCard;
		const gaps: number[] = [];
		for (let i = 0; i < 5; i++) {
			const at = card.due;
			card = applyReview(card, event('q1', true, at)) as DeckCard;
			gaps.push(card.due - at);
		}
		for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1] ?? 0);
		expect(card.forgotten).toBe(1);
	});

	it(`forgotten ${HARD_AFTER_FORGETTING} times marks a question as hard`, () => {
		let card: DeckCard | undefined;
		for (let i = 0; i < HARD_AFTER_FORGETTING; i++) {
			expect(card?.hard ?? false).toBe(false);
			card = applyReview(card, event('q1', false, i * DAY));
		}
		expect(card).toMatchObject({ forgotten: HARD_AFTER_FORGETTING, hard: true });
	});

	it('due cards are those due by now, soonest first', () => {
		const deck = rebuildDeck([event('q1', false, 0), event('q2', false, 10 * DAY)]);
		expect(dueCards(deck.values(), DAY).map((c) => c.questionId)).toEqual(['q1']);
		expect(dueCards(deck.values(), 20 * DAY).map((c) => c.questionId)).toEqual(['q1', 'q2']);
	});

	it('the deck rebuilt from its history, in any stored order, equals the deck built answer by answer', () => {
		const arbitraryEvents = fc.array(
			fc.record({
				questionId: fc.constantFrom('q1', 'q2', 'q3'),
				correct: fc.boolean(),
				gap: fc.integer({ min: 1, max: 30 * DAY })
			}),
			{ maxLength: 40 }
		);
		fc.assert(
			fc.property(arbitraryEvents, fc.integer(), (raw, seed) => {
				let at = 1_700_000_000_000;
				const events = raw.map((r, i) => event(r.questionId, r.correct, (at += r.gap), `a${i}`));
				const live = new Map<string, DeckCard>();
				for (const e of events) {
					const next = applyReview(live.get(deckKey(e)), e);
					if (next) live.set(deckKey(e), next);
				}
				const shuffled = [...events].sort(
					(a, b) => ((a.at * 31 + seed) % 7) - ((b.at * 31 + seed) % 7)
				);
				expect(rebuildDeck(shuffled)).toEqual(live);
				for (const card of live.values()) {
					expect(card.hard).toBe(card.forgotten >= HARD_AFTER_FORGETTING);
					expect(card.due).toBeGreaterThan(card.lastReview);
				}
			})
		);
	});
});

describe('review history cursor', () => {
	it('round-trips, accepts a bare time, and refuses anything else', () => {
		const c = { receivedAt: 1_764_000_000_000, attemptId: '019ad3b2-0000-7000-8000-000000000000' };
		expect(parseReviewCursor(formatReviewCursor(c))).toEqual(c);
		expect(parseReviewCursor('42')).toEqual({ receivedAt: 42, attemptId: '' });
		for (const bad of ['', '-1', '1.5', '1_', 'x_1', '1_a b', '1_' + 'a'.repeat(65), '1e9']) {
			expect(parseReviewCursor(bad)).toBeNull();
		}
	});
});
