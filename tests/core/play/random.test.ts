import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	hashSeed,
	seededRandom,
	selectQuestionIds,
	shuffled
} from '../../../src/lib/core/play/random';

describe('seeded selection', () => {
	const pool = Array.from({ length: 50 }, (_, i) => `q-${i}`);

	it('is the same for the same seed, whatever order the pool arrives in', () => {
		const a = selectQuestionIds(pool, 10, 'branch-1:2026-11-29');
		const b = selectQuestionIds([...pool].reverse(), 10, 'branch-1:2026-11-29');
		expect(a).toEqual(b);
		expect(a).toHaveLength(10);
	});

	it('differs between seeds', () => {
		expect(selectQuestionIds(pool, 10, 'a')).not.toEqual(selectQuestionIds(pool, 10, 'b'));
	});

	it('always picks distinct ids from the pool, min(count, pool) of them', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 40 }),
				fc.integer({ min: 0, max: 60 }),
				fc.string(),
				(ids, count, seed) => {
					const picked = selectQuestionIds(ids, count, seed);
					expect(picked).toHaveLength(Math.min(count, ids.length));
					expect(new Set(picked).size).toBe(picked.length);
					for (const id of picked) expect(ids).toContain(id);
				}
			)
		);
	});

	it('shuffles into a permutation and leaves the input alone', () => {
		fc.assert(
			fc.property(fc.array(fc.integer()), fc.integer(), (items, seed) => {
				const copy = [...items];
				const out = shuffled(items, seededRandom(seed));
				expect(items).toEqual(copy);
				expect([...out].sort()).toEqual([...items].sort());
			})
		);
	});

	it('generates numbers in [0, 1) and hashes strings to 32 bits', () => {
		const next = seededRandom(hashSeed('x'));
		for (let i = 0; i < 1000; i++) {
			const n = next();
			expect(n).toBeGreaterThanOrEqual(0);
			expect(n).toBeLessThan(1);
		}
		expect(hashSeed('abc')).toBe(hashSeed('abc'));
		expect(hashSeed('abc')).toBeLessThan(2 ** 32);
	});
});

describe('order questions start scrambled', () => {
	it('is a permutation of the keys, never the answer itself, and stable per seed', async () => {
		const { scrambledOrder } = await import('../../../src/lib/core/play/random');
		fc.assert(
			fc.property(fc.integer({ min: 2, max: 6 }), fc.string(), (n, seed) => {
				const keys = ['A', 'B', 'C', 'D', 'E', 'F'].slice(0, n);
				const answer = [...keys].reverse();
				const out = scrambledOrder(keys, answer, seed);
				expect([...out].sort()).toEqual(keys);
				expect(out).not.toEqual(answer);
				expect(scrambledOrder(keys, answer, seed)).toEqual(out);
			})
		);
	});
});
