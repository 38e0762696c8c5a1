/**
 * The day's study menu (1+1+N 菜单式点学): which bank and questions make the day's 云学 quiz and
 * which knowledge card is the day's 悦读. Everything is seeded by the group and the study day, so
 * every member of a branch gets the same five questions (modes.ts: DAILY_QUESTION_COUNT, drawn
 * with this seed) and the same card on the same day (and
 * can talk about them), with no server involved.
 */
import type { ConflictPair } from '../bank/conflicts';
import { hashSeed, selectQuestionIds } from './random';

/**
 * The seed of a group's day. Players who have not joined a group share one seed per day.
 *
 * @example dailySeed('g-1', '2026-11-29') // → 'daily:g-1:2026-11-29'
 */
export function dailySeed(groupId: string | null | undefined, day: string): string {
	return `daily:${groupId ?? 'all'}:${day}`;
}

/**
 * The bank the day's quiz is drawn from: one of the candidates (the banks for the player's
 * audience that are on the device), chosen by the seed so it changes from day to day. Sorted
 * first, so the order banks were installed in does not matter.
 *
 * @example pickDailyBank(['party-history-basics', 'jinhe-town'], 'daily:g-1:2026-11-29') // → one of the two, the same every time
 */
export function pickDailyBank(bankIds: readonly string[], seed: string): string | undefined {
	const sorted = [...bankIds].sort();
	if (!sorted.length) return undefined;
	return sorted[hashSeed(`${seed}:bank`) % sorted.length];
}

/** What choosing the day's card needs to know about a card. */
export interface DatedItem {
	id: string;
	/** 'MM-DD' for a 历史上的今天 card. */
	date?: string;
}

/**
 * The day's 悦读 card: a 历史上的今天 card whose date matches the day when there is one (the first
 * by id when several do), otherwise a seeded pick among the cards without a date, so the dated
 * ones keep their day.
 *
 * @example cardOfTheDay([{ id: 'c1', date: '07-01' }, { id: 'c2' }], '2026-07-01', 's') // → { id: 'c1', date: '07-01' }
 */
export function cardOfTheDay<T extends DatedItem>(
	cards: readonly T[],
	day: string,
	seed: string
): T | undefined {
	const monthDay = day.slice(5);
	const today = cards.filter((c) => c.date === monthDay).sort((a, b) => a.id.localeCompare(b.id));
	if (today[0]) return today[0];
	const undated = cards.filter((c) => c.date === undefined);
	const pool = undated.length ? undated : cards;
	const [id] = selectQuestionIds(
		pool.map((c) => c.id),
		1,
		`${seed}:card`
	);
	return pool.find((c) => c.id === id);
}

/**
 * Did a 云学 attempt play the day's questions? Every answered question must be in the draw of
 * one of the given seeds (the group's and everyone's, for a quiz played before joining; the days
 * the device's start and finish fall on). The pool is the bank version's question ids, as on the
 * device (selectQuestionIds sorts it first, so its order does not matter), with the version's
 * conflict pairs, which the device's draw skipped as well.
 *
 * @example isDailyDraw(['q-3'], pool, ['daily:g-1:2026-11-29']) // → true when q-3 was drawn that day
 */
export function isDailyDraw(
	answered: readonly string[],
	pool: readonly string[],
	seeds: readonly string[],
	count: number,
	conflicts: readonly ConflictPair[] = []
): boolean {
	return seeds.some((seed) => {
		const drawn = new Set(selectQuestionIds(pool, count, seed, conflicts));
		return answered.every((id) => drawn.has(id));
	});
}
