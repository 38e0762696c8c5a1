import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	escapeGift,
	formatRowIssue,
	normaliseRow,
	parseGift,
	planImport,
	serialiseGift,
	unescapeGift
} from '../../../src/lib/core/bank/io';
import type { Question } from '../../../src/lib/core/bank/schema';
import { fill, judge, meta, multiple, order, single } from '../../fixtures/questions';

// The fixtures are typed as Question; spreading one needs its own member of the union.
type Of<T extends Question['type']> = Extract<Question, { type: T }>;
const singleQ = single as Of<'single'>;
const multipleQ = multiple as Of<'multiple'>;
const orderQ = order as Of<'order'>;

function questions(text: string): Question[] {
	const parsed = parseGift(text);
	const out: Question[] = [];
	for (const r of parsed.rows) {
		const result = normaliseRow(r);
		if (!result.ok) throw new Error(result.issues.map(formatRowIssue).join('\n'));
		out.push({ ...result.draft.question, id: result.draft.id ?? '' } as Question);
	}
	return out;
}

const FEEDBACK = '####这是用于测试的解析文字，足够长。';
const META = '// 出处：测试出处\n';

describe('bank-io GIFT: reading', () => {
	it('multiple choice, true/false, multiple answers, short answer, missing word', () => {
		const text = [
			'// 一个普通的注释',
			'$CATEGORY: $course$/top/党史',
			'',
			`${META}::phb-0001::中国共产党第一次全国代表大会是在哪一年召开的？{~1919年 =1921年 ~1927年 ${FEEDBACK}}`,
			'',
			`${META}一大的最后一天会议是在嘉兴南湖的游船上举行的。{T${FEEDBACK}}`,
			'',
			`${META}下列哪些是测试用的正确选项？{`,
			'~%50%甲',
			'~%-100%乙',
			'~%50%丙',
			`${FEEDBACK}}`,
			'',
			`${META}中国共产党成立于{=1921 =一九二一${FEEDBACK}}年。`,
			''
		].join('\n');
		const parsed = parseGift(text);
		expect(parsed.errors).toEqual([]);
		expect(parsed.rows.map((r) => r.at.row)).toEqual([5, 8, 11, 18]);
		const qs = questions(text);
		expect(qs[0]).toMatchObject({ id: 'phb-0001', type: 'single', answer: 'B' });
		expect(qs[1]).toMatchObject({ id: '', type: 'judge', answer: true });
		expect(qs[2]).toMatchObject({ type: 'multiple', answer: ['A', 'C'] });
		expect(qs[3]).toMatchObject({
			type: 'fill',
			stem: '中国共产党成立于____年。',
			answer: ['1921', '一九二一']
		});
	});

	it('escapes, [html] text and the ordering syntax', () => {
		const qs = questions(
			[
				`${META}::q-1::[html]<p>比例是 1\\:2 吗？</p>{=是 \\= 对 ~不是${FEEDBACK}}`,
				'',
				`${META}// 排序答案：BAC`,
				`::q-2::按时间先后排列下列事件。{>3 ALL VERTICAL ALL_OR_NOTHING SHOW`,
				'中共一大',
				'遵义会议',
				'开国大典',
				`${FEEDBACK}`,
				'}'
			].join('\n')
		);
		expect(qs[0]).toMatchObject({
			stem: '比例是 1:2 吗？',
			options: [
				{ key: 'A', text: '是 = 对' },
				{ key: 'B', text: '不是' }
			]
		});
		expect(qs[1]).toEqual({ ...orderQ, id: 'q-2', source: '测试出处' });
	});

	it('an ordering question without our comment: listed order is the answer, and it says so', () => {
		const parsed = parseGift(
			`${META}排序{>2 ALL VERTICAL ALL_OR_NOTHING SHOW\n甲\n乙\n${FEEDBACK}}`
		);
		expect(parsed.rows[0]).toMatchObject({ options: ['甲', '乙'], answer: 'AB' });
		expect(parsed.warnings.map(formatRowIssue)).toEqual([
			'第 2 行「答案」：排序题按列出的顺序作为正确顺序（A→B），选项也按这个顺序编号'
		]);
	});

	it('warns about what it does not take: per-answer feedback, titles that are not ids', () => {
		const parsed = parseGift(`::第1题::题干文字够长吗？{=是#答对了 ~否#答错了${FEEDBACK}}`);
		expect(parsed.rows[0]?.id).toBe('');
		expect(parsed.warnings.map(formatRowIssue)).toEqual([
			'第 1 行「编号（::标题::）」：标题 "第1题" 不是编号（形如 phb-0001），没有导入；这道题会得到新编号',
			'第 1 行「答案」：选项后的反馈（#…）在题库里没有对应字段，没有导入；解析请写在 #### 后面'
		]);
	});

	it.each([
		[
			'a description',
			'只是一段说明文字',
			'没有答案部分 {…}：说明文字（description）不是题目，不能导入'
		],
		['an essay', '谈谈你的体会。{}', '答案部分是空的：问答题（essay）不能导入'],
		['a numeric question', '一大有几名代表？{#13}', '数值题（{#…}）不能导入'],
		['a matching question', '配对{=一大 -> 上海 =遵义会议 -> 遵义}', '匹配题（=… -> …）不能导入'],
		[
			'a cloze question',
			'一大于{=1921}年在{=上海}召开。',
			'一道题只能有一个 {…}：完形填空（cloze）题不能导入'
		],
		['an unclosed answer', '题干{=甲 ~乙', '答案部分缺少结尾的 }'],
		[
			'two = answers',
			'题干{=甲 =乙 ~丙}',
			'有多个 = 正确答案：多选题请用 ~%50% 这样的正分值标出每个正确选项'
		],
		['no right answer', '题干{~甲 ~乙}', '没有标出正确答案（= 或 ~%正分值%）'],
		[
			'partial credit in a short answer',
			'题干{=甲 =%50%乙}',
			'部分得分的填空答案（=%50%…）不能导入：每个答案都应是完全正确的'
		]
	])('refuses %s with a reason', (_, text, message) => {
		expect(parseGift(`\n${text}`).errors.map(formatRowIssue)).toEqual([
			`第 2 行「答案」：${message}`
		]);
	});

	it('row errors point at the line the question starts on', () => {
		const parsed = parseGift(
			`${META}::q-1::题干文字{=甲 ~乙}\n\n${META}::q-2::多选题{~%50%甲 ~%-50%乙}`
		);
		const plan = planImport({ bankId: 'demo', existing: [], rows: parsed.rows });
		expect(plan.errors.map(formatRowIssue)).toEqual([
			'第 5 行「题目」：题目太短（至少 4 个字，现在 3 个字）："多选题"',
			'第 5 行「答案」：多选题至少需要两个选项，读到的是 "A"'
		]);
		// Without #### (解析) the first question is taken as a draft.
		expect(plan.accepted.map((a) => [a.at.row, a.draft])).toEqual([[2, '待补解析']]);
	});
});

describe('bank-io GIFT: writing', () => {
	it('escapes and unescapes every special character', () => {
		expect(escapeGift('a=b: {c}~#\\\n')).toBe('a\\=b\\: \\{c\\}\\~\\#\\\\\\n');
		fc.assert(
			fc.property(fc.string(), (s) => {
				expect(unescapeGift(escapeGift(s))).toBe(s.replace(/\r\n/g, '\n'));
			})
		);
	});

	it('reads back what it writes, for every question type', () => {
		const bank = [
			single,
			multiple,
			judge,
			fill,
			order,
			{
				...singleQ,
				id: 'q-tags',
				tags: ['建党', '一大'],
				difficulty: 3 as const,
				stem: '含有 {花括号} = 和 ~ 的题干：对吗？'
			},
			{ ...multipleQ, id: 'q-all', answer: ['A', 'B', 'C', 'D'] }
		] satisfies Question[];
		const text = serialiseGift(meta, bank);
		expect(text).toContain(
			'::q-order::按时间先后排列下列事件。{>3 ALL VERTICAL ALL_OR_NOTHING SHOW'
		);
		expect(text).toContain('~%50%甲');
		expect(text).toContain('~%-50%乙');
		expect(parseGift(text).errors).toEqual([]);
		expect(questions(text)).toEqual(bank);
	});

	it('weights of multiple answers are Moodle grades that sum to ±100', () => {
		const text = serialiseGift(meta, [
			{ ...multipleQ, id: 'q-3', answer: ['A', 'B', 'C'] },
			{
				...multipleQ,
				id: 'q-1of',
				options: [...multipleQ.options, { key: 'E', text: '戊' }, { key: 'F', text: '己' }]
			}
		]);
		expect(text).toContain('~%33.33333%甲');
		expect(text).toContain('~%-100%丁');
		expect(text).toContain('~%-25%乙');
	});
});
