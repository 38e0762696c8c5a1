import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCorrect, isWellFormedResponse, normalizeFill } from '../../src/lib/core/scoring';
import { describeAnswer, describeResponse } from '../../src/lib/core/answer-text';
import { fill, judge, multiple, order, single } from '../fixtures/questions';

describe('scoring', () => {
	it('single: only the answer key', () => {
		expect(isCorrect(single, 'B')).toBe(true);
		expect(isCorrect(single, 'A')).toBe(false);
		expect(isCorrect(single, ['B'])).toBe(false);
	});

	it('multiple: all keys and nothing else, in any order', () => {
		expect(isCorrect(multiple, ['A', 'C'])).toBe(true);
		expect(isCorrect(multiple, ['C', 'A'])).toBe(true);
		expect(isCorrect(multiple, ['A'])).toBe(false);
		expect(isCorrect(multiple, ['A', 'C', 'D'])).toBe(false);
		expect(isCorrect(multiple, ['A', 'A'])).toBe(false);
	});

	it('multiple: any permutation of the answer is right, any other set is wrong', () => {
		fc.assert(
			fc.property(fc.subarray(['A', 'B', 'C', 'D']), fc.integer(), (keys, seed) => {
				const shuffled = [...keys].sort(() => (seed % 3) - 1);
				const expected = keys.length === 2 && keys.includes('A') && keys.includes('C');
				expect(isCorrect(multiple, shuffled)).toBe(expected);
			})
		);
	});

	it('judge: the boolean', () => {
		expect(isCorrect(judge, false)).toBe(true);
		expect(isCorrect(judge, true)).toBe(false);
		expect(isCorrect(judge, 'false')).toBe(false);
	});

	it('order: the exact sequence', () => {
		expect(isCorrect(order, ['B', 'A', 'C'])).toBe(true);
		expect(isCorrect(order, ['A', 'B', 'C'])).toBe(false);
		expect(isCorrect(order, ['B', 'A'])).toBe(false);
	});

	it('fill: full-width digits, spaces and trailing punctuation are not held against the player', () => {
		expect(isCorrect(fill, '1921')).toBe(true);
		expect(isCorrect(fill, '１９２１')).toBe(true);
		expect(isCorrect(fill, ' 19 21。')).toBe(true);
		expect(isCorrect(fill, '1922')).toBe(false);
		expect(normalizeFill('ＡＢｃ！')).toBe('abc');
	});

	it('checks the shape of responses', () => {
		expect(isWellFormedResponse(single, 'A')).toBe(true);
		expect(isWellFormedResponse(single, 1)).toBe(false);
		expect(isWellFormedResponse(judge, 'true')).toBe(false);
		expect(isWellFormedResponse(multiple, ['A', 'B'])).toBe(true);
		expect(isWellFormedResponse(multiple, 'AB')).toBe(false);
	});
});

describe('answer text', () => {
	it('reads answers the way the screen shows them', () => {
		expect(describeResponse(single, 'B')).toBe('B. 1921年');
		expect(describeResponse(judge, false)).toBe('错误');
		expect(describeResponse(multiple, ['A', 'C'])).toBe('A. 甲；C. 丙');
		expect(describeResponse(single, undefined)).toBe('未作答');
		expect(describeAnswer(order)).toBe('B. 中共一大 → A. 遵义会议 → C. 开国大典');
	});
});
