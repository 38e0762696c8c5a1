import { describe, expect, it } from 'vitest';
import {
	checkQuestionRules,
	findDuplicateIds,
	parseBankMeta,
	parseCard,
	parseSourceQuestion
} from '../../../src/lib/core/bank/schema';
import { parseBankBundle } from '../../../src/lib/core/bank/bundle';
import { judge, meta, multiple, single } from '../../fixtures/questions';

const sourceSingle = {
	id: 'phb-0001',
	type: 'single',
	stem: '中国共产党第一次全国代表大会是在哪一年召开的？',
	options: { A: '1919年', B: '1921年', C: '1927年', D: '1949年' },
	answer: 'B',
	explanation: '1921年7月，中国共产党第一次全国代表大会在上海召开。',
	source: '《中国共产党简史》',
	tags: ['建党']
};

/** A copy of `value` without the named fields (a judge or fill question has no options). */
function without<T extends object>(value: T, ...keys: (keyof T)[]): Partial<T> {
	const copy: Partial<T> = { ...value };
	for (const key of keys) delete copy[key];
	return copy;
}

function issuesOf(input: unknown) {
	const r = parseSourceQuestion(input);
	return r.ok ? [] : r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('question source schema', () => {
	it('accepts a good single-choice question and turns the option map into an ordered list', () => {
		const r = parseSourceQuestion(sourceSingle);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.value.type === 'single' && r.value.options.map((o) => o.key)).toEqual([
			'A',
			'B',
			'C',
			'D'
		]);
		expect(r.value.difficulty).toBe(2);
	});

	it('accepts judge questions without options', () => {
		const rest = without(sourceSingle, 'options');
		expect(issuesOf({ ...rest, type: 'judge', answer: true })).toEqual([]);
	});

	it.each([
		['a missing explanation', { explanation: undefined }, /^explanation: /],
		[
			'an unknown type',
			{ type: 'essay' },
			/^type: expected type to be one of single, multiple, judge/
		],
		[
			'an answer that names no option',
			{ answer: 'E' },
			/^answer: expected one of the option keys A, B, C, D, got "E"/
		],
		['an answer that is not a key', { answer: '1921年' }, /^answer: expected an option key/],
		['a stem that is too short', { stem: '题' }, /^stem: expected at least 4 characters/],
		['a bad id', { id: 'PHB 1' }, /^id: expected a kebab-case id/],
		['a misspelt field', { explaination: 'x' }, /^explaination: unknown field "explaination"/],
		[
			'option keys out of order',
			{ options: { A: '甲', C: '丙' }, answer: 'A' },
			/^options: expected option keys A, B in order, got A, C/
		],
		[
			'two options with the same text',
			{ options: { A: '甲', B: '甲' }, answer: 'A' },
			/^options: two options have the same text/
		],
		['difficulty out of range', { difficulty: 7 }, /^difficulty: expected difficulty 1/],
		['an empty source', { source: '   ' }, /^source: expected at least 2 characters/]
	])('refuses %s with its own message', (_name, change, message) => {
		const issues = issuesOf({ ...sourceSingle, ...change });
		expect(
			issues.some((i) => message.test(i)),
			issues.join('\n')
		).toBe(true);
	});

	it('refuses a multiple-choice answer with one key', () => {
		expect(issuesOf({ ...sourceSingle, type: 'multiple', answer: ['B'] })).toContain(
			'answer: a multiple-choice answer needs at least two keys (use type single for one)'
		);
	});

	it('refuses a judge question that carries options', () => {
		expect(issuesOf({ ...sourceSingle, type: 'judge', answer: true })[0]).toMatch(
			/^options: unknown field "options"/
		);
	});

	it('refuses a judge answer written as text', () => {
		const rest = without(sourceSingle, 'options');
		expect(issuesOf({ ...rest, type: 'judge', answer: '对' })).toEqual([
			'answer: expected true or false'
		]);
	});

	it('checks order answers list every key once', () => {
		const q = { ...sourceSingle, type: 'order', answer: ['A', 'B', 'C'] };
		expect(issuesOf(q)).toContain('answer: an order answer must list every option key once');
	});

	it('finds duplicate ids', () => {
		const dups = findDuplicateIds([{ id: 'a' }, { id: 'b' }, { id: 'a' }]);
		expect(dups.map((d) => d.duplicate.id)).toEqual(['a']);
	});

	it('has no rule issues for the fixtures', () => {
		for (const q of [single, multiple, judge]) expect(checkQuestionRules(q)).toEqual([]);
	});
});

describe('bank meta', () => {
	it('accepts a good bank.yaml, including a YAML date', () => {
		const r = parseBankMeta({
			...meta,
			changelog: [{ version: '1.0.0', date: new Date('2026-11-29'), notes: '首次发布' }]
		});
		expect(r.ok && r.value.changelog[0]?.date).toBe('2026-11-29');
	});

	it.each([
		['a version that is not semver', { version: '1.0' }, 'version'],
		['an unknown audience', { audience: 'teachers' }, 'audience'],
		[
			'a changelog that does not start with the version',
			{ version: '1.1.0' },
			'changelog.0.version'
		],
		['no changelog', { changelog: [] }, 'changelog']
	])('refuses %s', (_name, change, path) => {
		const r = parseBankMeta({ ...meta, ...change });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues.map((i) => i.path.join('.'))).toContain(path);
	});
});

describe('compiled bundle', () => {
	it('round-trips through JSON', () => {
		const bundle = { format: 1, bank: meta, questions: [single, multiple, judge], cards: [] };
		const r = parseBankBundle(JSON.parse(JSON.stringify(bundle)));
		expect(r.ok && r.value.questions).toEqual([single, multiple, judge]);
	});

	it('refuses a bundle with a broken question and says where', () => {
		const broken = { ...single, answer: 'Z' };
		const r = parseBankBundle({ format: 1, bank: meta, questions: [multiple, broken], cards: [] });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues[0]?.path).toEqual(['questions', 1, 'answer']);
	});

	it('refuses garbage', () => {
		for (const garbage of [null, 42, 'x', [], { format: 2 }]) {
			expect(parseBankBundle(garbage).ok).toBe(false);
		}
	});
});

describe('knowledge cards', () => {
	const card = {
		id: 'card-0701',
		title: '中国共产党成立纪念日',
		body: '一'.repeat(160),
		source: '《中国共产党简史》',
		date: '07-01',
		year: 1921
	};

	it('accepts a dated card and an undated one', () => {
		expect(parseCard(card).ok).toBe(true);
		expect(parseCard(without(card, 'date', 'year')).ok).toBe(true);
	});

	it.each([
		['a body under 150 characters', { body: '太短' }, 'body'],
		['a body over 400 characters', { body: '长'.repeat(401) }, 'body'],
		['a date that is no day', { date: '02-30' }, 'date'],
		['a date in the wrong form', { date: '7月1日' }, 'date'],
		['a year without a date', { date: undefined }, 'year'],
		['a missing source', { source: undefined }, 'source']
	])('refuses %s', (_name, change, path) => {
		const r = parseCard({ ...card, ...change });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues.map((i) => i.path.join('.'))).toContain(path);
	});
});

describe('fill questions', () => {
	it('must mark the blank in the stem', () => {
		const rest = without(sourceSingle, 'options');
		const r = parseSourceQuestion({
			...rest,
			type: 'fill',
			stem: '中国共产党成立于哪一年？',
			answer: ['1921']
		});
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues[0]?.message).toBe('a fill question marks its blank with ____');
	});
});
