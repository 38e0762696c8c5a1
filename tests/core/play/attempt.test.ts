import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	firstAnswers,
	nextUnansweredIndex,
	summarizeAttempt,
	type AttemptAnswer
} from '../../../src/lib/core/play/attempt';
import { UUID_PATTERN, uuidv7 } from '../../../src/lib/core/ids';
import { parseAttemptUpload } from '../../../src/lib/core/sync/attempt';
import { buildAttemptUpload } from '../../../src/lib/core/sync/build';

const answer = (questionId: string, correct: boolean, answeredAt: number): AttemptAnswer => ({
	questionId,
	response: 'A',
	correct,
	elapsedMs: 1000,
	answeredAt
});

describe('attempt rules', () => {
	it('resumes at the first question without an answer', () => {
		expect(nextUnansweredIndex(['a', 'b', 'c'], [])).toBe(0);
		expect(nextUnansweredIndex(['a', 'b', 'c'], [{ questionId: 'a' }, { questionId: 'c' }])).toBe(
			1
		);
		expect(nextUnansweredIndex(['a'], [{ questionId: 'a' }])).toBe(-1);
	});

	it('counts the first answer per question and ignores strangers', () => {
		const s = summarizeAttempt(
			['a', 'b', 'c'],
			[answer('a', true, 2), answer('a', false, 3), answer('b', false, 1), answer('x', true, 1)]
		);
		expect(s).toEqual({ total: 3, answered: 2, correct: 1, answeringMs: 2000 });
	});

	it('never counts more correct than answered, nor answered than total', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						q: fc.constantFrom('a', 'b', 'c', 'd'),
						ok: fc.boolean(),
						t: fc.nat()
					})
				),
				(raw) => {
					const s = summarizeAttempt(
						['a', 'b', 'c'],
						raw.map((r) => answer(r.q, r.ok, r.t))
					);
					expect(s.correct).toBeLessThanOrEqual(s.answered);
					expect(s.answered).toBeLessThanOrEqual(s.total);
				}
			)
		);
	});

	it('keeps the attempt order in firstAnswers', () => {
		const m = firstAnswers(['b', 'a'], [answer('a', true, 1), answer('b', true, 2)]);
		expect([...m.keys()]).toEqual(['b', 'a']);
	});
});

describe('ids', () => {
	it('makes version-7 UUIDs that sort by time', () => {
		const r = new Uint8Array(10).fill(255);
		const a = uuidv7(1_700_000_000_000, r);
		const b = uuidv7(1_700_000_000_001, new Uint8Array(10));
		expect(a).toMatch(UUID_PATTERN);
		expect(a[14]).toBe('7');
		expect('89ab').toContain(a[19]);
		expect(a < b).toBe(true);
	});

	it('refuses too little randomness', () => {
		expect(() => uuidv7(0, new Uint8Array(4))).toThrow(RangeError);
	});
});

describe('upload payload', () => {
	const attempt = {
		id: uuidv7(1_700_000_000_000, new Uint8Array(10)),
		mode: 'practice' as const,
		bankId: 'party-history-basics',
		bankVersion: '1.0.0',
		questionIds: ['a', 'b'],
		seed: 's',
		startedAt: 1_700_000_000_000,
		status: 'finished' as const,
		finishedAt: 1_700_000_060_000
	};

	it('holds the first answer per question and passes its own schema', () => {
		const payload = buildAttemptUpload(attempt, [
			answer('b', false, 1_700_000_000_005),
			answer('a', true, 1_700_000_000_003),
			answer('a', false, 1_700_000_000_004)
		]);
		// The first answer to each question, in the attempt's order, and no verdicts: the server
		// judges answers itself.
		expect(payload.answers.map((a) => [a.questionId, a.answeredAt])).toEqual([
			['a', 1_700_000_000_003],
			['b', 1_700_000_000_005]
		]);
		expect(payload.answers.some((a) => 'correct' in a)).toBe(false);
		expect(parseAttemptUpload(payload).success).toBe(true);
	});

	it('refuses garbage', () => {
		fc.assert(
			fc.property(fc.anything(), (junk) => {
				expect(parseAttemptUpload(junk).success).toBe(false);
			})
		);
		const good = buildAttemptUpload(attempt, []);
		expect(parseAttemptUpload({ ...good, id: 'not-a-uuid' }).success).toBe(false);
		expect(parseAttemptUpload({ ...good, extra: 1 }).success).toBe(false);
	});
});
