import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	bigramSimilarity,
	deriveIdPrefix,
	findSimilar,
	formatRowIssue,
	idScheme,
	nextIds,
	NEAR_DUPLICATE_THRESHOLD,
	planImport,
	questionFingerprint,
	type ExistingQuestion,
	type RawQuestion
} from '../../../src/lib/core/bank/io';
import type { Question } from '../../../src/lib/core/bank/schema';
import { judge, single } from '../../fixtures/questions';

function row(n: number, fields: Partial<RawQuestion> = {}): RawQuestion {
	return {
		at: { row: n },
		type: '单选',
		stem: `第${'一二三四五六七八九十'[n % 10]}道题：中国共产党第${n}次全国代表大会在哪一年召开？`,
		options: [`${1900 + n}年`, `${1950 + n}年`],
		answer: 'A',
		explanation: '这是用于测试的解析文字，足够长。',
		source: '测试出处',
		difficulty: '',
		tags: '',
		audience: '',
		id: '',
		...fields
	};
}

const bankQuestion = (q: Question, where = 'questions/01.yaml'): ExistingQuestion => ({
	question: q,
	where
});

describe('bank-io similarity', () => {
	it('Dice on character bigrams', () => {
		expect(bigramSimilarity('abcd', 'abcd')).toBe(1);
		expect(bigramSimilarity('abcd', 'wxyz')).toBe(0);
		expect(bigramSimilarity('一大在哪一年召开', '二大在哪一年召开')).toBeCloseTo(6 / 7);
	});

	it('is symmetric and between 0 and 1', () => {
		fc.assert(
			fc.property(fc.string(), fc.string(), (a, b) => {
				const s = bigramSimilarity(a, b);
				expect(s).toBeGreaterThanOrEqual(0);
				expect(s).toBeLessThanOrEqual(1);
				expect(bigramSimilarity(b, a)).toBeCloseTo(s);
			})
		);
	});

	it('fingerprints ignore blank style, punctuation and option order', () => {
		expect(
			questionFingerprint({ stem: '成立于（ ）年?', options: [{ text: '乙' }, { text: '甲' }] })
		).toBe(
			questionFingerprint({ stem: '成立于____年？', options: [{ text: '甲' }, { text: '乙 ' }] })
		);
	});

	it('finds the duplicate, else the closest near duplicate, else nothing', () => {
		const existing = [
			{ item: 'x', text: 'abcdefghij' },
			{ item: 'y', text: 'abcdefghik' }
		];
		expect(
			findSimilar(
				[
					{ item: 'a', text: 'abcdefghij' },
					{ item: 'b', text: 'abcdefghiz' },
					{ item: 'c', text: 'qrstuvwxyz' },
					{ item: 'd', text: 'qrstuvwxyz' }
				],
				existing
			)
		).toEqual([
			{ other: 'x', similarity: 1, exact: true },
			{ other: 'x', similarity: 8 / 9, exact: false },
			null,
			{ other: 'c', similarity: 1, exact: true }
		]);
		expect(NEAR_DUPLICATE_THRESHOLD).toBe(0.85);
	});
});

describe('bank-io ids', () => {
	it('derives a prefix from the bank id', () => {
		expect(deriveIdPrefix('party-history-basics')).toBe('phb-');
		expect(deriveIdPrefix('demo')).toBe('demo-');
	});

	it('continues the most common numbered prefix', () => {
		expect(idScheme(['phb-0001', 'phb-0108', 'x-9', 'intro'], 'party-history-basics')).toEqual({
			prefix: 'phb-',
			width: 4,
			highest: 108
		});
		expect(idScheme([], 'jinhe-town')).toEqual({ prefix: 'jt-', width: 4, highest: 0 });
		expect(nextIds({ prefix: 'q', width: 1, highest: 9 }, 2, new Set(['q10']))).toEqual([
			'q11',
			'q12'
		]);
	});
});

describe('bank-io import plan', () => {
	it('gives new rows the next ids of the bank and keeps the ids rows bring', () => {
		const plan = planImport({
			bankId: 'demo-bank',
			audience: 'all',
			existing: [bankQuestion({ ...single, id: 'db-0041' })],
			existingIds: ['db-0042'],
			rows: [row(1), row(2, { id: 'db-0100' }), row(3)]
		});
		expect(plan.errors).toEqual([]);
		expect(plan.accepted.map((a) => a.question.id)).toEqual(['db-0101', 'db-0100', 'db-0102']);
		expect(plan.newIds).toEqual(['db-0101', 'db-0102']);
	});

	it('numbers a new bank with a prefix derived from its id', () => {
		const plan = planImport({ bankId: 'town-quiz', existing: [], rows: [row(1), row(2)] });
		expect(plan.accepted.map((a) => a.question.id)).toEqual(['tq-0001', 'tq-0002']);
		expect(plan).toMatchObject({ audience: 'all', audienceFrom: 'default' });
	});

	it('refuses ids in use (also retired ones) and ids used twice in the file', () => {
		const plan = planImport({
			bankId: 'demo',
			existing: [bankQuestion({ ...single, id: 'd-0001' }, 'questions/02-x.yaml')],
			existingIds: ['d-0009'],
			rows: [
				row(1, { id: 'd-0001' }),
				row(2, { id: 'd-0009' }),
				row(3, { id: 'd-5' }),
				row(4, { id: 'd-5' })
			]
		});
		expect(plan.errors.map(formatRowIssue)).toEqual([
			'第 1 行「编号」：编号 d-0001 已在题库里使用（questions/02-x.yaml）；新题请清空编号，导入时会自动编号',
			'第 2 行「编号」：编号 d-0009 已在题库里使用；新题请清空编号，导入时会自动编号',
			'第 4 行「编号」：编号 d-5 和第 3 行重复'
		]);
		expect(plan.accepted.map((a) => a.question.id)).toEqual(['d-5']);
		expect(plan.refused).toBe(3);
	});

	it('refuses duplicates of bank questions and of earlier rows; warns about near ones', () => {
		const plan = planImport({
			bankId: 'demo',
			existing: [bankQuestion(judge, 'questions/01.yaml')],
			rows: [
				row(2, { type: '判断', stem: '这是一道判断题的题干（ ）', options: [], answer: '错' }),
				row(3),
				row(4, { stem: row(3).stem + ' ', options: row(3).options }),
				row(5, { stem: row(3).stem.replace('第3次', '第三次'), options: row(3).options })
			]
		});
		expect(plan.errors.map(formatRowIssue)).toEqual([
			'第 2 行「题目」：与题库里已有的 q-judge（questions/01.yaml）重复：「这是一道判断题的题干。」',
			'第 4 行「题目」：与第 3 行重复：「第四道题：中国共产党第3次全国代表大会在哪一年召开？」'
		]);
		expect(plan.warnings.map(formatRowIssue)).toEqual([
			'第 5 行「题目」：与第 3 行很相似（相似度 0.94），请确认不是重复题：「第四道题：中国共产党第3次全国代表大会在哪一年召开？」'
		]);
		expect(plan.accepted.map((a) => a.at.row)).toEqual([3, 5]);
	});

	it('keeps one audience per bank', () => {
		const plan = planImport({
			bankId: 'demo',
			existing: [],
			rows: [row(1, { audience: '少儿' }), row(2), row(3, { audience: '党员' })]
		});
		expect(plan).toMatchObject({ audience: 'pupil', audienceFrom: 'file' });
		expect(plan.errors.map(formatRowIssue)).toEqual([
			'第 3 行「适用对象」：这道题的适用对象是「党员群众」，但题库 demo 的是「少儿」：一个题库只有一个适用对象，请分开导入'
		]);
	});

	it('reports rows in order, each refused row counted once', () => {
		const plan = planImport({
			bankId: 'demo',
			existing: [],
			rows: [row(9, { answer: 'Z', difficulty: '超难' }), row(3, { type: '?' })]
		});
		expect(plan.errors.map((e) => e.at.row)).toEqual([3, 9, 9]);
		expect(plan.refused).toBe(2);
		expect(plan.accepted).toEqual([]);
	});
});
