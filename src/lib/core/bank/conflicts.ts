/**
 * Questions that must not meet in one session: one prints the other's answer in its stem, so
 * the second gives the first away (bank/leaks.ts finds them; bank.yaml lists them under
 * `conflicts`). Every draw (the day's quiz, practice, a competition paper) walks its seeded order
 * through `takeWithoutConflicts`, which keeps the first of a pair and skips the other.
 */

/** Two question ids of one bank that never share a session; the order does not matter. */
export type ConflictPair = readonly [string, string];

/**
 * Each id with the ids it conflicts with, both ways.
 *
 * @example conflictMap([['a', 'b']]).get('b') // → Set { 'a' }
 */
export function conflictMap(pairs: readonly ConflictPair[]): Map<string, Set<string>> {
	const map = new Map<string, Set<string>>();
	const link = (a: string, b: string) => {
		const set = map.get(a) ?? new Set<string>();
		set.add(b);
		map.set(a, set);
	};
	for (const [a, b] of pairs) {
		if (a === b) continue;
		link(a, b);
		link(b, a);
	}
	return map;
}

/**
 * Take up to `count` ids in the given order, skipping any id that conflicts with one already
 * taken. The order is the draw's (seeded) order, so the result is as deterministic as the draw:
 * the same pool, seed and pairs give the same ids on every device and on the server. A pool
 * too small after skipping gives fewer than `count`.
 *
 * @example takeWithoutConflicts(['a', 'b', 'c'], 2, [['a', 'b']]) // → ['a', 'c']
 */
export function takeWithoutConflicts(
	ordered: readonly string[],
	count: number,
	pairs: readonly ConflictPair[]
): string[] {
	const map = conflictMap(pairs);
	const taken: string[] = [];
	const blocked = new Set<string>();
	for (const id of ordered) {
		if (taken.length >= count) break;
		if (blocked.has(id) || taken.includes(id)) continue;
		taken.push(id);
		for (const other of map.get(id) ?? []) blocked.add(other);
	}
	return taken;
}

/**
 * The listed pairs that a set of picked ids holds both halves of: empty for a proper draw. For
 * checking a paper made another way (a competition's hand-picked questions, a test).
 *
 * @example conflictsWithin(['a', 'b', 'c'], [['a', 'b'], ['c', 'd']]) // → [['a', 'b']]
 */
export function conflictsWithin(
	picked: readonly string[],
	pairs: readonly ConflictPair[]
): ConflictPair[] {
	const ids = new Set(picked);
	return pairs.filter(([a, b]) => a !== b && ids.has(a) && ids.has(b));
}
