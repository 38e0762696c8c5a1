import { takeWithoutConflicts, type ConflictPair } from '../bank/conflicts';

/**
 * Seeded randomness, so a selection can be reproduced from its seed (on another device, on the
 * server, in a test). Not for anything secret.
 */

/** 32-bit FNV-1a hash of a string: turns a text seed such as "bank:2026-11-29" into a number. */
export function hashSeed(seed: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < seed.length; i++) {
		h ^= seed.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/**
 * mulberry32: a small, fast generator with good enough spread for shuffling quiz questions.
 *
 * @example const next = seededRandom(42); next() // → a number in [0, 1), the same every time
 */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Fisher–Yates shuffle into a new array; the input is left alone.
 *
 * @example shuffled([1, 2, 3], seededRandom(1)) // → the same permutation for seed 1, always
 */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
	const out = items.slice();
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j] as T, out[i] as T];
	}
	return out;
}

/**
 * Pick `count` ids from a pool in a seeded order (all of them when the pool is smaller). Of a
 * conflicting pair (one question prints the other's answer: bank.yaml `conflicts`) only the one
 * that comes first in the seeded order is taken. Without conflicts the pick is what it always
 * was, so seeds keep giving the same questions.
 *
 * @example selectQuestionIds(['a', 'b', 'c'], 2, 'seed') // → two ids, the same two every time
 */
export function selectQuestionIds(
	pool: readonly string[],
	count: number,
	seed: string,
	conflicts: readonly ConflictPair[] = []
): string[] {
	const ordered = shuffled([...pool].sort(), seededRandom(hashSeed(seed)));
	return takeWithoutConflicts(ordered, Math.max(0, count), conflicts);
}

/**
 * The starting arrangement of an order (排序) question: a seeded shuffle that is never already
 * the right answer, so the player always has something to do.
 *
 * @example scrambledOrder(['A', 'B', 'C'], ['B', 'A', 'C'], 'attempt-1:q-7') // → e.g. ['C', 'B', 'A']
 */
export function scrambledOrder(
	keys: readonly string[],
	answer: readonly string[],
	seed: string
): string[] {
	const out = shuffled([...keys].sort(), seededRandom(hashSeed(seed)));
	const solved = out.length > 1 && out.every((k, i) => k === answer[i]);
	return solved ? [...out.slice(1), out[0] as string] : out;
}
