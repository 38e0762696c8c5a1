import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttemptMode } from '../../../src/lib/core/play/attempt';
import { ATTEMPT_MODES } from '../../../src/lib/core/play/attempt';
import {
	answerPoints,
	FULL_POINTS,
	isRunOver,
	MAX_TIME_LIMIT_MS,
	MIN_TIME_LIMIT_MS,
	modeRules,
	runLength,
	settingsOf,
	speedFactor,
	tagCounts,
	totalPoints,
	withTag
} from '../../../src/lib/core/play/modes';
import { rescoreUpload } from '../../../src/lib/core/play/rescore';
import { parseAttemptUpload, type AttemptUpload } from '../../../src/lib/core/sync/attempt';
import { fill, judge, multiple, order, single } from '../../fixtures/questions';

const ok = { correct: true, elapsedMs: 1000 };
const miss = { correct: false, elapsedMs: 1000 };
const timedSpeed = modeRules('timed', { timeLimitMs: 10_500, speedScoring: true });

describe('mode rules', () => {
	it('practice and topic are untimed and never stop early', () => {
		for (const mode of ['practice', 'topic'] as const) {
			const rules = modeRules(mode, { timeLimitMs: 10_000, speedScoring: true });
			expect(rules.timeLimitMs).toBeNull();
			expect(rules.speedScoring).toBe(false);
			expect(isRunOver(rules, 3, [miss, miss])).toBe(false);
			expect(isRunOver(rules, 3, [miss, miss, ok])).toBe(true);
			expect(settingsOf(rules)).toEqual({});
		}
	});

	it('challenge ends at the first miss and its run is the right answers before it', () => {
		const rules = modeRules('challenge', { timeLimitMs: 20_000 });
		expect(isRunOver(rules, 50, [ok, ok])).toBe(false);
		expect(isRunOver(rules, 50, [ok, ok, miss])).toBe(true);
		expect(isRunOver(rules, 2, [ok, ok])).toBe(true);
		expect(runLength(rules, [ok, ok, miss])).toBe(2);
		expect(runLength(rules, [ok, ok, ok])).toBe(3);
		// A right answer given after the timer ran out is a miss.
		expect(isRunOver(rules, 50, [{ correct: true, elapsedMs: 20_000 }])).toBe(true);
		expect(settingsOf(rules)).toEqual({ timeLimitMs: 20_000 });
		expect(modeRules('challenge').timeLimitMs).toBeNull();
	});

	it('timed draws ten questions with a timer; speed scoring is a choice', () => {
		const rules = modeRules('timed');
		expect(rules.drawCount).toBe(10);
		expect(rules.timeLimitMs).toBe(20_000);
		expect(rules.speedScoring).toBe(false);
		expect(answerPoints(rules, true, 19_000)).toBe(FULL_POINTS);
		expect(answerPoints(rules, true, 20_000)).toBe(0);
		expect(settingsOf(timedSpeed)).toEqual({ timeLimitMs: 10_500, speedScoring: true });
	});

	it('speed bonus: full points under half a second, linearly down to half at the limit', () => {
		expect(speedFactor(timedSpeed, 0)).toBe(1);
		expect(speedFactor(timedSpeed, 500)).toBe(1);
		expect(speedFactor(timedSpeed, 5_500)).toBe(0.75);
		expect(speedFactor(timedSpeed, 10_499)).toBeCloseTo(0.5, 3);
		// From a question's reading floor: full speed up to the floor, half at the limit.
		expect(speedFactor(timedSpeed, 900, 900)).toBe(1);
		expect(speedFactor(timedSpeed, 5_700, 900)).toBe(0.75);
		expect(speedFactor(timedSpeed, 10_500, 900)).toBe(0.5);
		// A floor under half a second never makes the curve steeper than before.
		expect(speedFactor(timedSpeed, 500, 100)).toBe(1);
		expect(answerPoints(timedSpeed, true, 5_500)).toBe(750);
		expect(answerPoints(timedSpeed, false, 100)).toBe(0);
		expect(answerPoints(timedSpeed, true, 10_500)).toBe(0);
	});

	it('points of a correct answer in time lie between half and full points', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: MIN_TIME_LIMIT_MS, max: MAX_TIME_LIMIT_MS }),
				fc.boolean(),
				fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
				(limit, speed, share) => {
					const rules = modeRules('timed', { timeLimitMs: limit, speedScoring: speed });
					const p = answerPoints(rules, true, share * limit);
					expect(p).toBeGreaterThanOrEqual(FULL_POINTS / 2);
					expect(p).toBeLessThanOrEqual(FULL_POINTS);
					if (!speed) expect(p).toBe(FULL_POINTS);
				}
			)
		);
	});

	it('a slower answer never earns more points than a faster one', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: MIN_TIME_LIMIT_MS, max: MAX_TIME_LIMIT_MS }),
				fc.nat(MAX_TIME_LIMIT_MS * 2),
				fc.nat(MAX_TIME_LIMIT_MS * 2),
				(limit, a, b) => {
					const rules = modeRules('timed', { timeLimitMs: limit, speedScoring: true });
					const [fast, slow] = a <= b ? [a, b] : [b, a];
					expect(answerPoints(rules, true, fast)).toBeGreaterThanOrEqual(
						answerPoints(rules, true, slow)
					);
				}
			)
		);
	});

	it('a run scores between 0 and full points per answer, and wrong answers add nothing', () => {
		fc.assert(
			fc.property(
				fc.constantFrom<AttemptMode>(...ATTEMPT_MODES),
				fc.array(fc.record({ correct: fc.boolean(), elapsedMs: fc.nat(200_000) }), {
					maxLength: 30
				}),
				(mode, answers) => {
					const rules = modeRules(mode, { timeLimitMs: 20_000, speedScoring: true });
					const points = totalPoints(rules, answers);
					expect(points).toBeGreaterThanOrEqual(0);
					expect(points).toBeLessThanOrEqual(answers.filter((a) => a.correct).length * FULL_POINTS);
					expect(runLength(rules, answers)).toBeLessThanOrEqual(answers.length);
				}
			)
		);
	});

	it('topics: questions with the tag, and the tags most used first', () => {
		const qs = [
			{ id: 'a', tags: ['建党'] },
			{ id: 'b', tags: ['长征', '建党'] },
			{ id: 'c', tags: [] }
		];
		expect(withTag(qs, '建党')).toEqual(['a', 'b']);
		expect(tagCounts(qs)).toEqual([
			['建党', 2],
			['长征', 1]
		]);
	});
});

describe('uploads and re-scoring for every mode', () => {
	const questions = new Map([single, multiple, judge, fill, order].map((q) => [q.id, q]));
	const upload = (mode: AttemptMode, answers: AttemptUpload['answers'], settings = {}) =>
		({
			protocol: 1,
			id: '0192f000-0000-7000-8000-000000000000',
			mode,
			bankId: 'demo-bank',
			bankVersion: '1.0.0',
			...(Object.keys(settings).length ? { settings } : {}),
			startedAt: 1_764_000_000_001,
			finishedAt: 1_764_000_000_002,
			answers
		}) satisfies AttemptUpload;
	const a = (
		questionId: string,
		response: AttemptUpload['answers'][number]['response'],
		ms = 1000
	) => ({
		questionId,
		response,
		elapsedMs: ms,
		answeredAt: 1_764_000_000_001
	});

	it('every mode and its settings pass the schema; bad timers do not', () => {
		for (const mode of ATTEMPT_MODES) {
			expect(parseAttemptUpload(upload(mode, [a('q-single', 'B')])).success).toBe(true);
		}
		const timed = upload('timed', [a('q-single', null)], {
			timeLimitMs: 20_000,
			speedScoring: true
		});
		expect(parseAttemptUpload(timed).success).toBe(true);
		expect(parseAttemptUpload({ ...timed, settings: { timeLimitMs: 1 } }).success).toBe(false);
		expect(parseAttemptUpload({ ...timed, settings: { other: 1 } }).success).toBe(false);
		expect(parseAttemptUpload({ ...timed, mode: 'daily-nonsense' }).success).toBe(false);
	});

	it('practice: points are 1000 per right answer whatever the time', () => {
		const r = rescoreUpload(
			upload('practice', [a('q-single', 'B', 90_000), a('q-judge', true)]),
			questions
		);
		expect(r).toEqual({
			ok: true,
			correct: 1,
			total: 2,
			answeringMs: 91_000,
			points: 1000,
			tooFast: 0
		});
	});

	it('every mode: a right answer faster than its stem can be read earns nothing, and is counted', () => {
		// q-single's stem has 21 characters: a floor of 300 + 20 × 21 = 720 ms.
		for (const mode of ['practice', 'timed', 'challenge', 'topic'] as const) {
			const settings = mode === 'timed' ? { timeLimitMs: 10_500, speedScoring: true } : undefined;
			const r = rescoreUpload(
				upload(mode, [a('q-single', 'B', 719), a('q-judge', false, 1)], settings),
				questions
			);
			expect(r).toMatchObject({ ok: true, correct: 0, points: 0, tooFast: 2 });
			expect(
				rescoreUpload(upload(mode, [a('q-single', 'B', 720)], settings), questions)
			).toMatchObject({
				ok: true,
				correct: 1,
				tooFast: 0
			});
		}
	});

	it('timed: speed points, timeouts and late answers score nothing, at most ten answers', () => {
		const settings = { timeLimitMs: 10_500, speedScoring: true };
		const r = rescoreUpload(
			upload(
				'timed',
				[a('q-single', 'B', 5_500), a('q-judge', null, 10_500), a('q-fill', '1921', 10_600)],
				settings
			),
			questions
		);
		// The speed curve starts at q-single's reading floor (720 ms): 1 − 0.5 × 4780 / 9780 → 756.
		expect(r).toMatchObject({ ok: true, correct: 1, total: 3, points: 756 });
		const eleven = Array.from({ length: 11 }, (_, i) => a(`q-${i}`, 'A'));
		expect(rescoreUpload(upload('timed', eleven, settings), questions)).toMatchObject({
			ok: false
		});
	});

	it('challenge: answers after the first miss are refused', () => {
		const settings = { timeLimitMs: 20_000 };
		expect(
			rescoreUpload(
				upload('challenge', [a('q-single', 'B'), a('q-judge', true)], settings),
				questions
			)
		).toMatchObject({ ok: true, correct: 1, total: 2, points: 1000 });
		expect(
			rescoreUpload(
				upload('challenge', [a('q-judge', true), a('q-single', 'B')], settings),
				questions
			)
		).toMatchObject({ ok: false });
	});

	it('a paused answer: its paused time is not counted, its speed points drop to half, and the server agrees', () => {
		const settings = { timeLimitMs: 10_500, speedScoring: true };
		const fast = { ...a('q-single', 'B', 600), pauses: 1 };
		expect(parseAttemptUpload(upload('timed', [fast], settings)).success).toBe(true);
		expect(parseAttemptUpload(upload('timed', [{ ...fast, pauses: -1 }], settings)).success).toBe(
			false
		);
		const rules = modeRules('timed', settings);
		const device = totalPoints(rules, [{ correct: true, elapsedMs: 600, pauses: 1 }]);
		expect(device).toBe(FULL_POINTS / 2);
		expect(rescoreUpload(upload('timed', [fast], settings), questions)).toMatchObject({
			ok: true,
			correct: 1,
			points: device
		});
		// Without speed scoring a pause costs nothing; a late answer is still late.
		expect(answerPoints(modeRules('timed', { timeLimitMs: 10_500 }), true, 600, 2)).toBe(
			FULL_POINTS
		);
		expect(answerPoints(rules, true, 10_500, 1)).toBe(0);
	});

	it('pausing never earns more than not pausing (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 20_000 }),
				fc.integer({ min: 1, max: 50 }),
				fc.boolean(),
				(ms, pauses, correct) =>
					answerPoints(timedSpeed, correct, ms, pauses) <= answerPoints(timedSpeed, correct, ms)
			)
		);
	});

	it('topic: scored like practice', () => {
		expect(
			rescoreUpload(upload('topic', [a('q-order', ['B', 'A', 'C'])]), questions)
		).toMatchObject({ ok: true, correct: 1, points: 1000 });
	});
});
