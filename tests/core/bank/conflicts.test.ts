import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	conflictMap,
	conflictsWithin,
	takeWithoutConflicts
} from '../../../src/lib/core/bank/conflicts';
import { selectQuestionIds, seededRandom, shuffled } from '../../../src/lib/core/play/random';

describe('conflicting questions in a draw', () => {
	it('keeps the first of a pair in the given order and skips the other', () => {
		expect(takeWithoutConflicts(['a', 'b', 'c'], 2, [['a', 'b']])).toEqual(['a', 'c']);
		expect(takeWithoutConflicts(['b', 'a', 'c'], 2, [['a', 'b']])).toEqual(['b', 'c']);
		expect(takeWithoutConflicts(['a', 'b', 'c', 'd'], 3, [['c', 'a']])).toEqual(['a', 'b', 'd']);
	});

	it('gives fewer when skipping empties the pool, and nothing for a count of 0', () => {
		expect(takeWithoutConflicts(['a', 'b'], 5, [['a', 'b']])).toEqual(['a']);
		expect(takeWithoutConflicts(['a', 'b'], 0, [])).toEqual([]);
	});

	it('links both ways and ignores a pair of one id', () => {
		const map = conflictMap([
			['a', 'b'],
			['a', 'c'],
			['d', 'd']
		]);
		expect([...(map.get('a') ?? [])].sort()).toEqual(['b', 'c']);
		expect([...(map.get('c') ?? [])]).toEqual(['a']);
		expect(map.has('d')).toBe(false);
	});

	it('names the pairs a paper holds both halves of', () => {
		const pairs = [
			['a', 'b'],
			['c', 'd']
		] as const;
		expect(conflictsWithin(['a', 'b', 'c'], pairs)).toEqual([['a', 'b']]);
		expect(conflictsWithin(['a', 'c'], pairs)).toEqual([]);
	});

	it('never holds both halves of a pair, and takes as many as the pool allows', () => {
		const ids = Array.from({ length: 30 }, (_, i) => `q-${i}`);
		const pair = fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids));
		fc.assert(
			fc.property(
				fc.array(pair, { maxLength: 40 }),
				fc.integer({ min: 0, max: 35 }),
				fc.string(),
				(pairs, count, seed) => {
					const picked = selectQuestionIds(ids, count, seed, pairs);
					expect(conflictsWithin(picked, pairs)).toEqual([]);
					expect(new Set(picked).size).toBe(picked.length);
					expect(picked.length).toBeLessThanOrEqual(count);
					// Every id left out either did not fit or conflicts with one taken.
					if (picked.length < count) {
						const map = conflictMap(pairs);
						for (const id of ids.filter((i) => !picked.includes(i))) {
							expect(picked.some((p) => map.get(id)?.has(p))).toBe(true);
						}
					}
				}
			)
		);
	});

	it('draws exactly what it drew before when a bank lists no conflicts', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 40 }), fc.string(), (count, seed) => {
				const ids = Array.from({ length: 25 }, (_, i) => `q-${String(i).padStart(2, '0')}`);
				let h = 0x811c9dc5;
				for (let i = 0; i < seed.length; i++) {
					h ^= seed.charCodeAt(i);
					h = Math.imul(h, 0x01000193);
				}
				const before = shuffled(ids, seededRandom(h >>> 0)).slice(0, count);
				expect(selectQuestionIds(ids, count, seed)).toEqual(before);
			})
		);
	});
});
