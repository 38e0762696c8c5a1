import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardOfTheDay, dailySeed, pickDailyBank } from '../../../src/lib/core/play/daily';
import { DAILY_QUESTION_COUNT, modeRules } from '../../../src/lib/core/play/modes';
import { selectQuestionIds } from '../../../src/lib/core/play/random';

describe('云学: the day quiz', () => {
	it('is five untimed questions that never stop early', () => {
		expect(modeRules('daily', { timeLimitMs: 20_000, speedScoring: true })).toEqual({
			mode: 'daily',
			stopOnWrong: false,
			drawCount: DAILY_QUESTION_COUNT,
			timeLimitMs: null,
			speedScoring: false
		});
		expect(DAILY_QUESTION_COUNT).toBe(5);
	});

	it('seeds by group and day: one set per group per day', () => {
		expect(dailySeed('g-1', '2026-11-29')).toBe('daily:g-1:2026-11-29');
		expect(dailySeed(null, '2026-11-29')).toBe('daily:all:2026-11-29');
		const pool = Array.from({ length: 300 }, (_, i) => `q-${String(i).padStart(3, '0')}`);
		const a = selectQuestionIds(pool, DAILY_QUESTION_COUNT, dailySeed('g-1', '2026-11-29'));
		// Another member of the group, whose device lists the pool in another order.
		const b = selectQuestionIds(
			[...pool].reverse(),
			DAILY_QUESTION_COUNT,
			dailySeed('g-1', '2026-11-29')
		);
		const nextDay = selectQuestionIds(pool, DAILY_QUESTION_COUNT, dailySeed('g-1', '2026-11-30'));
		const otherGroup = selectQuestionIds(
			pool,
			DAILY_QUESTION_COUNT,
			dailySeed('g-2', '2026-11-29')
		);
		expect(a).toHaveLength(5);
		expect(b).toEqual(a);
		expect(nextDay).not.toEqual(a);
		expect(otherGroup).not.toEqual(a);
	});

	it('picks the same bank whatever order the banks were installed in', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(fc.stringMatching(/^[a-z-]{1,12}$/), { minLength: 1, maxLength: 6 }),
				fc.string(),
				(ids, seed) => {
					const picked = pickDailyBank(ids, seed);
					expect(ids).toContain(picked);
					expect(pickDailyBank([...ids].reverse(), seed)).toBe(picked);
				}
			)
		);
		expect(pickDailyBank([], 's')).toBeUndefined();
	});

	it('uses every bank over a month of days', () => {
		const ids = ['jinhe-town', 'party-history-basics'];
		const picked = new Set(
			Array.from({ length: 30 }, (_, d) =>
				pickDailyBank(ids, dailySeed('g-1', `2026-11-${String(d + 1).padStart(2, '0')}`))
			)
		);
		expect(picked).toEqual(new Set(ids));
	});
});

describe('悦读: the card of the day', () => {
	const cards = [
		{ id: 'c-founding', date: '07-01' },
		{ id: 'c-army', date: '08-01' },
		{ id: 'c-a' },
		{ id: 'c-b' },
		{ id: 'c-c' }
	];

	it('is the 历史上的今天 card when one matches the date', () => {
		expect(cardOfTheDay(cards, '2026-07-01', 's')?.id).toBe('c-founding');
		expect(cardOfTheDay(cards, '2031-08-01', 'other')?.id).toBe('c-army');
	});

	it('takes the first by id when several cards share the date', () => {
		const two = [...cards, { id: 'c-0-founding', date: '07-01' }];
		expect(cardOfTheDay(two, '2026-07-01', 's')?.id).toBe('c-0-founding');
	});

	it('otherwise is a seeded pick among the undated cards, the same for the whole group', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 28 }), fc.string(), (d, group) => {
				const day = `2026-02-${String(d).padStart(2, '0')}`;
				const seed = dailySeed(group, day);
				const card = cardOfTheDay(cards, day, seed);
				expect(card?.date).toBeUndefined();
				expect(cardOfTheDay([...cards].reverse(), day, seed)).toEqual(card);
			})
		);
	});

	it('falls back to any card when all are dated, and to none when there are none', () => {
		const dated = cards.filter((c) => c.date);
		expect(dated.map((c) => c.id)).toContain(cardOfTheDay(dated, '2026-03-03', 's')?.id);
		expect(cardOfTheDay([], '2026-03-03', 's')).toBeUndefined();
	});
});
