/**
 * 错题本: the active player's deck, each card with its bank's title and its stem from the version
 * now active, soonest due first, filtered to what is due today, all, or the 难题.
 */
import { appDb } from '$lib/client/app-db';
import { questionsOf } from '$lib/client/attempt-store';
import { activeMember, memberKeyOf } from '$lib/client/profiles';
import type { DeckCard } from '$lib/core/play/review';
import { LiveQuery } from './live-query.svelte';

export type DeckFilter = 'due' | 'all' | 'hard';

export type DeckEntry = DeckCard & { title: string; stem: string | undefined };

export class ReviewDeck {
	filter = $state<DeckFilter>('due');
	/** Due is judged against the time the page opened, so cards do not vanish while reading. */
	readonly openedAt: number;

	readonly #deck = new LiveQuery<DeckEntry[] | null>(async () => {
		const db = appDb();
		const member = await activeMember(db);
		const key = memberKeyOf(member?.id);
		const cards = await db.deck
			.where('[memberKey+bankId+questionId]')
			.between([key, '', ''], [key, '\uffff', '\uffff'])
			.toArray();
		const rows: DeckEntry[] = [];
		for (const bank of await db.banks.toArray()) {
			const mine = cards.filter((c) => c.bankId === bank.id);
			if (!mine.length) continue;
			const questions = await questionsOf(
				db,
				bank.id,
				bank.activeVersion,
				mine.map((c) => c.questionId)
			);
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup inside one read
			const stems = new Map(questions.map((q) => [q.id, q.stem]));
			for (const c of mine) rows.push({ ...c, title: bank.title, stem: stems.get(c.questionId) });
		}
		return rows.sort((a, b) => a.due - b.due);
	}, null);

	constructor(now = Date.now()) {
		this.openedAt = now;
	}

	/** The whole deck; null until it was read. */
	get all(): DeckEntry[] | null {
		return this.#deck.current;
	}

	/** The cards the filter lets through. */
	readonly shown = $derived(
		(this.all ?? []).filter((c) =>
			this.filter === 'due' ? c.due <= this.openedAt : this.filter === 'hard' ? c.hard : true
		)
	);
}
