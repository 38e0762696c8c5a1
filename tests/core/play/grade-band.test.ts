import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDailyDraw } from '../../../src/lib/core/play/daily';
import {
	bandPool,
	dailyPools,
	GRADE_BANDS,
	isGradeBand,
	MIN_BAND_POOL
} from '../../../src/lib/core/play/grade-band';
import { selectQuestionIds } from '../../../src/lib/core/play/random';

/** A bank of `n` questions, each tagged with a band or with none. */
const bankArb = fc
	.array(fc.constantFrom<'低年级' | '高年级' | null>('低年级', '高年级', null), {
		minLength: 1,
		maxLength: 120
	})
	.map((bands) =>
		bands.map((band, i) => ({ id: `q-${i}`, tags: band ? ['长征', band] : ['长征'] }))
	);

const idsOf = (qs: readonly { id: string; tags: string[] }[], band?: string) =>
	qs.filter((q) => band === undefined || q.tags.includes(band)).map((q) => q.id);

describe('grade bands', () => {
	it('accepts exactly the two bands', () => {
		expect(GRADE_BANDS.every(isGradeBand)).toBe(true);
		for (const bad of ['', '中年级', null, undefined, 3, ['低年级']])
			expect(isGradeBand(bad)).toBe(false);
	});

	it('a band with enough questions draws only from them; too few or no band: the whole bank', () => {
		expect(bandPool(['a', 'b', 'c'], new Set(['a', 'b']), 2)).toEqual(['a', 'b']);
		expect(bandPool(['a', 'b', 'c'], new Set(['a']), 2)).toEqual(['a', 'b', 'c']);
		expect(bandPool(['a', 'b', 'c'], null, 2)).toEqual(['a', 'b', 'c']);
		// Ids tagged elsewhere but not in this bank do not count towards the minimum.
		expect(bandPool(['a', 'b'], new Set(['a', 'x', 'y']), 2)).toEqual(['a', 'b']);
	});

	it('property: the day’s draw for a band holds only that band’s questions when enough exist, the same for a seed', () => {
		fc.assert(
			fc.property(
				bankArb,
				fc.constantFrom(...GRADE_BANDS),
				fc.string(),
				fc.integer({ min: 1, max: 10 }),
				(bank, band, seed, min) => {
					const pool = idsOf(bank);
					const inBand = new Set(idsOf(bank, band));
					const draw = selectQuestionIds(bandPool(pool, inBand, min), 5, seed);
					// Deterministic per seed, whatever order the pool comes in.
					expect(selectQuestionIds(bandPool([...pool].reverse(), inBand, min), 5, seed)).toEqual(
						draw
					);
					expect(draw.length).toBe(Math.min(5, inBand.size >= min ? inBand.size : pool.length));
					if (inBand.size >= min) expect(draw.every((id) => inBand.has(id))).toBe(true);
					else expect(draw).toEqual(selectQuestionIds(pool, 5, seed));
				}
			)
		);
	});

	it('property: the server accepts every band’s draw of the day and nothing outside the day’s draws', () => {
		fc.assert(
			fc.property(bankArb, fc.string(), (bank, seed) => {
				const pools = dailyPools(bank, MIN_BAND_POOL);
				const accepted = (ids: string[]) => pools.some((p) => isDailyDraw(ids, p, [seed], 5));
				for (const band of [null, ...GRADE_BANDS]) {
					const inBand = band ? new Set(idsOf(bank, band)) : null;
					expect(accepted(selectQuestionIds(bandPool(idsOf(bank), inBand), 5, seed))).toBe(true);
				}
				const drawn = new Set(pools.flatMap((p) => selectQuestionIds(p, 5, seed)));
				const other = idsOf(bank).find((id) => !drawn.has(id));
				if (other) expect(accepted([other])).toBe(false);
			})
		);
	});

	it('dailyPools lists the whole bank and each band with enough questions', () => {
		const bank = [
			{ id: 'a', tags: ['低年级'] },
			{ id: 'b', tags: ['低年级'] },
			{ id: 'c', tags: ['高年级'] },
			{ id: 'd' }
		];
		expect(dailyPools(bank, 2)).toEqual([
			['a', 'b', 'c', 'd'],
			['a', 'b']
		]);
		expect(dailyPools(bank, 1)).toEqual([['a', 'b', 'c', 'd'], ['a', 'b'], ['c']]);
	});
});
