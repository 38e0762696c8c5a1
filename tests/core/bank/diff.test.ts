import { describe, expect, it } from 'vitest';
import {
	answerChanged,
	bumpVersion,
	checkVersionStep,
	compareVersions,
	diffBanks,
	requiredBump,
	retiredInUse,
	versionStep,
	type BankContent
} from '../../../src/lib/core/bank/diff';
import type { BankMeta, Card, Question } from '../../../src/lib/core/bank/schema';
import { fill, judge, meta, multiple, order, single } from '../../fixtures/questions';

const card: Card = {
	id: 'card-0701',
	title: '建党纪念日',
	body: '七月一日是中国共产党的成立纪念日。'.repeat(10),
	source: '《中国共产党简史》',
	date: '07-01',
	tags: []
};

function bank(
	version: string,
	questions: readonly Question[],
	cards: readonly Card[] = [],
	extra: Partial<BankMeta> = {}
): BankContent {
	return {
		bank: {
			...meta,
			version,
			changelog: [{ version, date: '2026-12-01', notes: '更新' }, ...meta.changelog],
			...extra
		},
		questions,
		cards
	};
}

const v1 = bank('1.0.0', [single, multiple, judge, fill, order], [card]);
const added: Question = { ...judge, id: 'q-new', stem: '这是一道新加的判断题。' };

describe('versions', () => {
	it('orders, measures and bumps semantic versions', () => {
		expect(compareVersions('1.10.0', '1.9.3')).toBeGreaterThan(0);
		expect(compareVersions('2.0.0', '2.0.0')).toBe(0);
		expect(versionStep('1.2.3', '1.2.4')).toBe('patch');
		expect(versionStep('1.2.3', '1.3.0')).toBe('minor');
		expect(versionStep('1.2.3', '2.0.0')).toBe('major');
		expect(versionStep('1.2.3', '1.2.3')).toBe('none');
		expect(versionStep('1.2.3', '1.2.2')).toBe('backwards');
		expect(bumpVersion('1.2.3', 'patch')).toBe('1.2.4');
		expect(bumpVersion('1.2.3', 'minor')).toBe('1.3.0');
		expect(bumpVersion('1.2.3', 'major')).toBe('2.0.0');
	});
});

describe('answer changes are judged the way scoring judges', () => {
	it('a multiple answer is a set, an order answer a sequence, fill answers are normalised', () => {
		expect(answerChanged(multiple, { ...multiple, answer: ['C', 'A'] } as Question)).toBe(false);
		expect(answerChanged(multiple, { ...multiple, answer: ['A', 'B'] } as Question)).toBe(true);
		expect(answerChanged(order, { ...order, answer: ['A', 'B', 'C'] } as Question)).toBe(true);
		expect(answerChanged(fill, { ...fill, answer: ['１９２１ '] } as Question)).toBe(false);
		expect(answerChanged(fill, { ...fill, answer: ['1921', '民国十年'] } as Question)).toBe(true);
		// Scoring reads Chinese numerals, so writing the year in them accepts nothing new.
		expect(answerChanged(fill, { ...fill, answer: ['1921', '一九二一'] } as Question)).toBe(false);
		expect(answerChanged(judge, { ...judge, answer: true } as Question)).toBe(true);
	});

	it('option text and the other fields are wording', () => {
		const reworded = {
			...single,
			stem: single.stem + '（单选）',
			options:
				single.type === 'single'
					? [...single.options.slice(0, 2), { key: 'C', text: '1928年' }]
					: [],
			explanation: '新的解析文字，足够长的解析。',
			source: '新的出处',
			tags: ['建党'],
			difficulty: 1 as const
		} as Question;
		expect(answerChanged(single, reworded)).toBe(false);
		const diff = diffBanks(v1, bank('1.0.1', [reworded, multiple, judge, fill, order], [card]));
		expect(diff.reworded).toEqual([single.id]);
		expect(requiredBump(diff)).toBe('patch');
	});
});

describe('diff and the bump it needs', () => {
	it('classifies every kind of change', () => {
		const next = bank(
			'2.0.0',
			[
				{ ...single, answer: 'C' } as Question,
				{ ...multiple, stem: '改过措辞的多选题题干？' },
				fill,
				order,
				added
			],
			[
				{ ...card, title: '建党纪念日（七一）' },
				{ ...card, id: 'card-0801', date: '08-01' }
			]
		);
		expect(diffBanks(v1, next)).toEqual({
			added: ['q-new'],
			reworded: [multiple.id],
			answerChanged: [single.id],
			removed: [judge.id],
			cardsAdded: ['card-0801'],
			cardsChanged: ['card-0701'],
			cardsRemoved: [],
			detailsChanged: true
		});
	});

	it('needs major for an answer or a retirement, minor for additions, patch for the rest', () => {
		const none = diffBanks(v1, v1);
		expect(requiredBump(none)).toBeNull();
		expect(requiredBump({ ...none, cardsChanged: ['c'] })).toBe('patch');
		expect(requiredBump({ ...none, detailsChanged: true })).toBe('patch');
		expect(requiredBump({ ...none, added: ['q'] })).toBe('minor');
		expect(requiredBump({ ...none, cardsAdded: ['c'] })).toBe('minor');
		expect(requiredBump({ ...none, answerChanged: ['q'] })).toBe('major');
		expect(requiredBump({ ...none, removed: ['q'] })).toBe('major');
		expect(requiredBump({ ...none, cardsRemoved: ['c'] })).toBe('major');
	});
});

describe('checkVersionStep (the rules the compiler enforces against the last release)', () => {
	const kinds = (last: BankContent, next: BankContent) =>
		checkVersionStep(last, next).map((i) => i.kind);

	it('accepts a step as big as the changes, or bigger, and an unchanged release', () => {
		expect(checkVersionStep(v1, { ...v1 })).toEqual([]);
		expect(checkVersionStep(v1, bank('1.1.0', [...v1.questions, added], [card]))).toEqual([]);
		expect(checkVersionStep(v1, bank('2.0.0', [...v1.questions, added], [card]))).toEqual([]);
		const retire = bank('2.0.0', [single, multiple, fill, order], [card], { retired: [judge.id] });
		expect(checkVersionStep(v1, retire)).toEqual([]);
	});

	it('refuses a too-small bump and lists the offending question ids', () => {
		const next = bank(
			'1.0.1',
			[
				{ ...single, answer: 'A' } as Question,
				multiple,
				judge,
				{ ...fill, answer: ['1949'] } as Question,
				order,
				added
			],
			[card]
		);
		const [issue, ...rest] = checkVersionStep(v1, next);
		expect(rest).toEqual([]);
		expect(issue?.kind).toBe('bump-too-small');
		expect(issue?.ids).toEqual([single.id, fill.id, 'q-new']);
		expect(issue?.message).toContain('2.0.0');
		expect(issue?.message).toContain(`answer changed: ${single.id}, ${fill.id}`);
		expect(issue?.message).toContain('question added: q-new');
	});

	it('a minor step with an answer change lists only what needs more than minor', () => {
		const next = bank(
			'1.1.0',
			[{ ...judge, answer: true } as Question, single, multiple, fill, order, added],
			[card]
		);
		const issues = checkVersionStep(v1, next);
		expect(issues.map((i) => [i.kind, i.ids])).toEqual([['bump-too-small', [judge.id]]]);
	});

	it('refuses changed content under the released version number', () => {
		const next = bank(
			'1.0.0',
			[{ ...single, explanation: '改过的解析文字，足够长。' }, multiple, judge, fill, order],
			[card]
		);
		const [issue] = checkVersionStep(v1, { ...next, bank: v1.bank });
		expect(issue?.kind).toBe('not-bumped');
		expect(issue?.ids).toEqual([single.id]);
		expect(issue?.message).toContain('1.0.1');
	});

	it('refuses a version lower than the last release', () => {
		expect(kinds(v1, bank('0.9.0', v1.questions, [card]))).toEqual(['version-lower']);
	});

	it('refuses a released question missing from the sources unless it is listed as retired', () => {
		const issues = checkVersionStep(v1, bank('2.0.0', [single, multiple, fill, order], [card]));
		expect(issues.map((i) => [i.kind, i.ids])).toEqual([['missing', [judge.id]]]);
	});

	it('refuses a retired id that reappears', () => {
		const next = bank('2.0.0', v1.questions, [card], { retired: [judge.id] });
		const issues = checkVersionStep(v1, next);
		expect(issues.map((i) => [i.kind, i.at])).toEqual([
			['retired-reappearing', { item: 'question', id: judge.id }]
		]);
		expect(retiredInUse(next).map((i) => i.ids)).toEqual([[judge.id]]);
	});

	it('refuses reusing a retired id, and dropping it from the retired list', () => {
		const v2 = bank('2.0.0', [single, multiple, fill, order], [card], { retired: [judge.id] });
		const reused = bank(
			'3.0.0',
			[single, multiple, fill, order, { ...added, id: judge.id }],
			[card]
		);
		expect(checkVersionStep(v2, reused).map((i) => [i.kind, i.ids])).toEqual([
			['id-reused', [judge.id]]
		]);
		const dropped = bank('2.0.1', [single, multiple, fill, order], [card]);
		expect(checkVersionStep(v2, dropped).map((i) => [i.kind, i.ids])).toEqual([
			['retired-dropped', [judge.id]]
		]);
	});

	it('refuses giving a released id to a question of another type, or to a card', () => {
		const retyped: Question = { ...judge, id: single.id, stem: '一道换了题型的题。' };
		const issues = checkVersionStep(
			v1,
			bank('2.0.0', [retyped, multiple, judge, fill, order], [card])
		);
		expect(issues.map((i) => [i.kind, i.at?.id])).toEqual([['id-reused', single.id]]);

		const asCard = bank(
			'2.0.0',
			[single, multiple, fill, order],
			[card, { ...card, id: judge.id }],
			{
				retired: []
			}
		);
		expect(kinds(v1, asCard)).toContain('id-reused');
	});
});
