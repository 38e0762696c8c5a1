/** Two released versions of a bank with every kind of change between them, for update tests. */
import type { BankMeta, Card, Question } from '../../src/lib/core/bank/schema';
import { generatedQuestions, meta } from '../fixtures/questions';
import type { BankVersion } from './helpers';

export const card: Card = {
	id: 'card-0701',
	title: '建党纪念日',
	body: '七月一日是中国共产党的成立纪念日，这一天人们以各种方式学习党的历史。'.repeat(5),
	source: '《中国共产党简史》',
	date: '07-01',
	tags: []
};

const questions1 = generatedQuestions(20);

export const v1: BankVersion = {
	meta: { ...meta, version: '1.0.0' },
	questions: questions1,
	cards: [card]
};

const meta2: BankMeta = {
	...meta,
	version: '2.0.0',
	changelog: [
		{ version: '2.0.0', date: '2026-12-20', notes: '新增 3 题，修正 2 题，移除 1 题。' },
		...meta.changelog
	],
	retired: ['g-20']
};

/** g-1 reworded, g-2 answer changed, g-20 retired, three new questions, the card reworded. */
export const v2: BankVersion = {
	meta: meta2,
	questions: [
		...questions1.slice(0, 19).map((q): Question => {
			if (q.id === 'g-1') return { ...q, stem: '改过措辞的第 1 道测试题题干？' };
			if (q.id === 'g-2') return { ...q, answer: 'C' } as Question;
			return q;
		}),
		...generatedQuestions(3, 'new')
	],
	cards: [{ ...card, title: '七一建党纪念日' }]
};
