/**
 * The readers added for issue 16: Moodle XML (our export read back, and Moodle's own shapes) and
 * the plain-text layout; plus GIFT with a blank that ends the stem. Fixtures are written here.
 */
import { describe, expect, it } from 'vitest';
import {
	formatRowIssue,
	looksLikePlainText,
	normaliseRow,
	parseGift,
	parseMoodleXml,
	parsePlainText,
	readXml,
	serialiseGift,
	serialiseMoodleXml,
	type RawQuestion
} from '../../../src/lib/core/bank/io';
import type { Question } from '../../../src/lib/core/bank/schema';
import { fill, judge, meta, multiple, order, single } from '../../fixtures/questions';

function questions(rows: RawQuestion[]): Question[] {
	return rows.map((row) => {
		const result = normaliseRow(row);
		if (!result.ok) throw new Error(result.issues.map(formatRowIssue).join('\n'));
		return { ...result.draft.question, id: result.draft.id ?? '' } as Question;
	});
}

const blankAtEnd: Question = {
	...(fill as Extract<Question, { type: 'fill' }>),
	id: 'q-fill-end',
	stem: '这道测试题的空在句子的最后____',
	answer: ['测试答案']
};

describe('readXml', () => {
	it('reads elements, attributes, entities, CDATA and line numbers; skips comments and declarations', () => {
		const doc = readXml(
			'<?xml version="1.0"?>\n<!-- note -->\n<quiz a="1 &amp; 2">\n  <q>x &lt; y<![CDATA[<b>]]>&#x4E00;</q><e/>\n</quiz>'
		);
		if (typeof doc === 'string') throw new Error(doc);
		expect(doc.name).toBe('quiz');
		expect(doc.attributes).toEqual({ a: '1 & 2' });
		const q = doc.children.find((c) => typeof c !== 'string' && c.name === 'q');
		expect(q && typeof q !== 'string' && q.children.join('')).toBe('x < y<b>一');
		expect(q && typeof q !== 'string' && q.line).toBe(4);
	});

	it('says what is wrong with a document that is not well formed', () => {
		expect(readXml('<quiz><q></quiz>')).toBe(
			'第 1 行的 </quiz> 没有对应的 <quiz>：文件不是完整的 XML'
		);
		expect(readXml('<quiz>')).toBe('<quiz> 没有结尾：文件不完整');
	});
});

describe('Moodle XML: reading', () => {
	it('reads back what the export writes, every type, a blank that ends the stem', () => {
		const bank = [single, multiple, judge, fill, order, blankAtEnd];
		const parsed = parseMoodleXml(serialiseMoodleXml(meta, bank));
		expect(parsed.errors).toEqual([]);
		expect(questions(parsed.rows)).toEqual(bank);
	});

	it('a short answer without a blank gets one at the end; a file that is not a quiz says so', () => {
		const xml = `<quiz><question type="shortanswer"><questiontext><text>测试：答案写在后面</text></questiontext><answer fraction="100"><text>甲</text></answer></question></quiz>`;
		expect(parseMoodleXml(xml).rows[0]?.stem).toBe('测试：答案写在后面____');
		expect(parseMoodleXml('<html></html>').errors.map(formatRowIssue)).toEqual([
			'第 1 行：这不是 Moodle XML 题库文件：根元素应是 <quiz>，读到的是 <html>'
		]);
	});

	it('refuses matching, numerical, descriptions and partial credit with a reason', () => {
		const xml = [
			'<quiz>',
			'<question type="matching"></question>',
			'<question type="numerical"></question>',
			'<question type="description"></question>',
			'<question type="shortanswer"><answer fraction="50"><text>甲</text></answer></question>',
			'</quiz>'
		].join('\n');
		expect(parseMoodleXml(xml).errors.map(formatRowIssue)).toEqual([
			'第 2 行：匹配题（matching）在口袋课堂里没有对应的题型，不能导入',
			'第 3 行：数值题（numerical）在口袋课堂里没有对应的题型，不能导入',
			'第 4 行：说明文字（description）不是题目，不能导入',
			'第 5 行「答案（answer）」：部分得分的答案（fraction 小于 100）不能导入：每个答案都应是完全正确的'
		]);
	});
});

describe('GIFT: a blank that ends the stem', () => {
	it('round-trips 「…防范化解{=…}」', () => {
		const text = serialiseGift(meta, [blankAtEnd]);
		expect(text).toContain('::q-fill-end::这道测试题的空在句子的最后{=测试答案####');
		const parsed = parseGift(text);
		expect(parsed.errors).toEqual([]);
		expect(questions(parsed.rows)).toEqual([blankAtEnd]);
	});
});

describe('plain text: 1. 题干 / A. … / 答案：B / 解析：…', () => {
	it('infers the type from the question when no heading names it', () => {
		const text = [
			'1. 测试题：没有标题的选择题？',
			'A. 甲方案',
			'B. 乙方案',
			'答案：A',
			'2. 测试陈述：没有标题的判断题。',
			'答案：√',
			'3. 测试句子里的空在____这里。',
			'答案：测试'
		].join('\n');
		expect(parsePlainText(text).rows.map((r) => [r.at.row, r.type, r.answer])).toEqual([
			[1, '选择', 'A'],
			[5, '判断', '√'],
			[7, '填空', '测试']
		]);
	});

	it('keeps a numbered list inside a 解析 unless it is the next question number', () => {
		const text = [
			'1. 测试题：第一题？',
			'A. 甲',
			'B. 乙',
			'答案：B',
			'解析：理由有二：',
			'1. 第一条理由。',
			'2. 测试题：第二题？',
			'A. 丙',
			'B. 丁',
			'答案：A'
		].join('\n');
		const rows = parsePlainText(text).rows;
		expect(rows.map((r) => r.explanation)).toEqual(['理由有二：\n1. 第一条理由。', '']);
		expect(rows[1]?.stem).toBe('测试题：第二题？');
	});

	it('tells the plain layout from GIFT, and reports text before the first question', () => {
		expect(looksLikePlainText('1. 题干\nA. 甲\nB. 乙\n答案：A')).toBe(true);
		expect(looksLikePlainText('::q1:: 题干 {=甲 ~乙}')).toBe(false);
		expect(looksLikePlainText('// 注释\n题干{T}')).toBe(false);
		expect(
			parsePlainText('试卷说明文字\n1. 测试陈述。\n答案：对').warnings.map(formatRowIssue)
		).toEqual(['第 1 行：第一道题（以 "1." 这样的题号开头）之前有文字，不是题目，没有导入']);
	});

	it('refuses options out of order, naming the line', () => {
		const parsed = parsePlainText('1. 测试题？\nA. 甲\nC. 丙\n答案：A');
		expect(parsed.errors.map(formatRowIssue)).toEqual([
			'第 3 行「选项C」：第 1 行那道题的选项应按 A、B、C… 的顺序写，这里是C'
		]);
		expect(parsed.rows[0]?.options).toEqual(['甲', '', '丙']);
		expect(normaliseRow(parsed.rows[0] as RawQuestion).ok).toBe(false);
	});
});
