import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { escapeXml, serialiseMoodleXml } from '../../../src/lib/core/bank/io';
import type { Question } from '../../../src/lib/core/bank/schema';
import { fill, judge, meta, multiple, order, single } from '../../fixtures/questions';

// The fixtures are typed as Question; spreading one needs its own member of the union.
type Of<T extends Question['type']> = Extract<Question, { type: T }>;
const singleQ = single as Of<'single'>;

interface Element {
	name: string;
	attributes: Record<string, string>;
	children: Element[];
	text: string;
}

/** Parses with a strict XML parser (saxes throws on anything not well-formed) into a small tree. */
function parseXml(xml: string): Element {
	const parser = new SaxesParser();
	const root: Element = { name: '#root', attributes: {}, children: [], text: '' };
	const stack: Element[] = [root];
	parser.on('opentag', (tag) => {
		const el: Element = {
			name: tag.name,
			attributes: tag.attributes as Record<string, string>,
			children: [],
			text: ''
		};
		stack.at(-1)?.children.push(el);
		stack.push(el);
	});
	parser.on('closetag', () => void stack.pop());
	parser.on('text', (t) => {
		const top = stack.at(-1);
		if (top) top.text += t;
	});
	parser.on('cdata', (t) => {
		const top = stack.at(-1);
		if (top) top.text += t;
	});
	parser.write(xml).close();
	const quiz = root.children[0];
	if (!quiz) throw new Error('empty document');
	return quiz;
}

const child = (el: Element | undefined, name: string) => el?.children.find((c) => c.name === name);
const all = (el: Element | undefined, name: string) =>
	el?.children.filter((c) => c.name === name) ?? [];
const textOf = (el: Element | undefined) => child(el, 'text')?.text ?? '';

describe('bank-io Moodle XML', () => {
	const tricky: Question = {
		...singleQ,
		id: 'q-tricky',
		stem: '<b>粗体</b> & “引号” ]]> 还有\n第二行',
		options: [
			{ key: 'A', text: 'a < b' },
			{ key: 'B', text: 'c & d' }
		],
		answer: 'A',
		tags: ['建党']
	};
	const questions = [single, multiple, judge, fill, order, tricky];
	const quiz = parseXml(serialiseMoodleXml(meta, questions));
	const items = all(quiz, 'question');

	it('is well-formed XML with a category and one question per bank question', () => {
		expect(quiz.name).toBe('quiz');
		expect(items.map((q) => q.attributes.type)).toEqual([
			'category',
			'multichoice',
			'multichoice',
			'truefalse',
			'shortanswer',
			'ordering',
			'multichoice'
		]);
		expect(textOf(child(items[0], 'category'))).toBe('$course$/top/示例题库');
	});

	it('carries every stable id as idnumber', () => {
		expect(items.slice(1).map((q) => child(q, 'idnumber')?.text)).toEqual(
			questions.map((q) => q.id)
		);
		expect(child(items[0], 'idnumber')?.text).toBe(meta.id);
	});

	it('marks the right answers with Moodle grades', () => {
		const fractions = (q: Element | undefined) =>
			all(q, 'answer').map((a) => a.attributes.fraction);
		expect(fractions(items[1])).toEqual(['0', '100', '0']);
		expect(child(items[1], 'single')?.text).toBe('true');
		expect(fractions(items[2])).toEqual(['50', '-50', '50', '-50']);
		expect(child(items[2], 'single')?.text).toBe('false');
		expect(all(items[3], 'answer').map((a) => [textOf(a), a.attributes.fraction])).toEqual([
			['true', '0'],
			['false', '100']
		]);
		expect(all(items[4], 'answer').map(textOf)).toEqual(['1921']);
		expect(all(items[5], 'answer').map((a) => [textOf(a), a.attributes.fraction])).toEqual([
			['遵义会议', '2'],
			['中共一大', '1'],
			['开国大典', '3']
		]);
	});

	it('keeps special characters as text, not markup', () => {
		const q = items[6];
		expect(textOf(child(q, 'questiontext'))).toBe(
			'&lt;b&gt;粗体&lt;/b&gt; &amp; “引号” ]]&gt; 还有<br>第二行'
		);
		expect(all(q, 'answer').map(textOf)).toEqual(['a &lt; b', 'c &amp; d']);
		expect(textOf(child(q, 'generalfeedback'))).toContain('出处：测试出处');
		expect(all(child(q, 'tags'), 'tag').map(textOf)).toEqual(['建党', '难度：中']);
		expect(escapeXml('a\u0001"')).toBe('a&quot;');
	});
});
