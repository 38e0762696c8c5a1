import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeAnswer, describeResponse } from '../../../src/lib/core/play/answer-text';
import { isCorrect } from '../../../src/lib/core/play/scoring';
import {
	displayLetter,
	inDisplayOrder,
	keyAtLetter,
	OPTION_LETTERS,
	optionOrder,
	questionOptionOrder,
	questionShuffleSeed
} from '../../../src/lib/core/play/shuffle';
import type { Question } from '../../../src/lib/core/bank/schema';

const keySets = fc
	.integer({ min: 2, max: 6 })
	.map((n) => OPTION_LETTERS.slice(0, n) as unknown as string[]);

const base = {
	stem: '？',
	explanation: '解析',
	source: '出处',
	tags: [] as string[],
	difficulty: 1
};
const single = (answer: string): Question =>
	({
		...base,
		id: 'q-1',
		type: 'single',
		options: ['A', 'B', 'C', 'D'].map((key) => ({ key, text: `选项${key}` })),
		answer
	}) as Question;

describe('option order', () => {
	it('is a permutation of the keys, the same for the same seed in any input order', () => {
		fc.assert(
			fc.property(keySets, fc.string(), (keys, seed) => {
				const order = optionOrder(keys, seed);
				expect([...order].sort()).toEqual([...keys].sort());
				expect(optionOrder([...keys].reverse(), seed)).toEqual(order);
			})
		);
	});

	it('maps every shown letter back to its key and every key to its letter', () => {
		fc.assert(
			fc.property(keySets, fc.string(), (keys, seed) => {
				const order = optionOrder(keys, seed);
				order.forEach((key, i) => {
					const letter = OPTION_LETTERS[i] as string;
					expect(displayLetter(order, key)).toBe(letter);
					expect(keyAtLetter(order, letter)).toBe(key);
					expect(keyAtLetter(order, letter.toLowerCase())).toBe(key);
				});
				expect(keyAtLetter(order, OPTION_LETTERS[keys.length] ?? 'Z')).toBeUndefined();
			})
		);
	});

	it('scores a response picked by shown letter exactly as the bank key (re-scoring unchanged)', () => {
		fc.assert(
			fc.property(fc.constantFrom('A', 'B', 'C', 'D'), fc.string(), (answer, seed) => {
				const question = single(answer);
				const order = questionOptionOrder(question, seed);
				const shownAt = order.indexOf(answer);
				const picked = keyAtLetter(order, OPTION_LETTERS[shownAt] as string);
				expect(picked).toBe(answer);
				expect(isCorrect(question, picked as string)).toBe(true);
			})
		);
	});

	it('keeps the bank order without a seed (attempts from before shuffling)', () => {
		expect(optionOrder(['A', 'B', 'C'], undefined)).toEqual(['A', 'B', 'C']);
		expect(questionOptionOrder(single('A'), undefined)).toEqual(['A', 'B', 'C', 'D']);
	});

	it('moves the key off A: over 400 questions it lands on each letter about a quarter of the time', () => {
		const counts = new Map<string, number>();
		for (let i = 0; i < 400; i++) {
			const order = optionOrder(['A', 'B', 'C', 'D'], questionShuffleSeed('run-1', `q-${i}`));
			const letter = displayLetter(order, 'A');
			counts.set(letter, (counts.get(letter) ?? 0) + 1);
		}
		for (const letter of ['A', 'B', 'C', 'D']) {
			expect(counts.get(letter)).toBeGreaterThan(70);
			expect(counts.get(letter)).toBeLessThan(130);
		}
	});

	it('gives each question of a run its own order and each run its own', () => {
		const orders = (run: string) =>
			Array.from({ length: 20 }, (_, i) =>
				optionOrder(['A', 'B', 'C', 'D'], questionShuffleSeed(run, `q-${i}`)).join('')
			);
		expect(new Set(orders('run-1')).size).toBeGreaterThan(5);
		expect(orders('run-1')).not.toEqual(orders('run-2'));
		expect(orders('run-1')).toEqual(orders('run-1'));
	});

	it('has no letters for judge and fill questions', () => {
		expect(questionOptionOrder({ id: 'j', type: 'judge', answer: true } as never, 's')).toEqual([]);
	});
});

describe('answers read under the shown letters', () => {
	it('names the right option by the letter it had on screen', () => {
		const question = single('B');
		expect(describeAnswer(question, ['B', 'A', 'C', 'D'])).toBe('A. 选项B');
		expect(describeAnswer(question)).toBe('B. 选项B');
		expect(describeResponse(question, 'D', ['C', 'D', 'A', 'B'])).toBe('B. 选项D');
	});

	it('lists a set of keys left to right as shown', () => {
		expect(inDisplayOrder(['C', 'A', 'D', 'B'], ['A', 'B', 'C'])).toEqual(['C', 'A', 'B']);
		const multiple = {
			...single('A'),
			type: 'multiple',
			answer: ['A', 'C']
		} as unknown as Question;
		expect(describeAnswer(multiple, ['C', 'B', 'A', 'D'])).toBe('A. 选项C；C. 选项A');
	});
});
