/**
 * What the 错题本 has due, read straight from the deck's due index. Apart from review-store.ts so
 * the home screen can count due cards without loading the FSRS scheduler.
 */
import type { PocketDb } from './db';

/** Ids of the cards of a bank due at `now`, soonest first: what a review session plays. */
export async function dueQuestionIds(
	db: PocketDb,
	memberKey: string,
	bankId: string,
	now: number
): Promise<string[]> {
	const cards = await db.deck
		.where('[memberKey+bankId+due]')
		.between([memberKey, bankId, 0], [memberKey, bankId, now], true, true)
		.toArray();
	return cards.map((c) => c.questionId);
}

export interface DueSummary {
	bankId: string;
	due: number;
	/** Cards forgotten so often they are marked 难题. */
	hard: number;
}

/** Due cards per bank for a player, most due first: the home screen's 错题本 card. */
export async function dueByBank(
	db: PocketDb,
	memberKey: string,
	now: number
): Promise<DueSummary[]> {
	const cards = await db.deck
		.where('[memberKey+due]')
		.between([memberKey, 0], [memberKey, now], true, true)
		.toArray();
	const byBank = new Map<string, DueSummary>();
	for (const c of cards) {
		const s = byBank.get(c.bankId) ?? { bankId: c.bankId, due: 0, hard: 0 };
		s.due += 1;
		if (c.hard) s.hard += 1;
		byBank.set(c.bankId, s);
	}
	return [...byBank.values()].sort((a, b) => b.due - a.due);
}
