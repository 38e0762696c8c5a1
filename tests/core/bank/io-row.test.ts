import { describe, expect, it } from 'vitest';
import {
	findHeader,
	formatRowIssue,
	normaliseRow,
	parseAudience,
	parseDifficulty,
	parseQuestionId,
	parseQuestionType,
	parseTags,
	rowsToRawQuestions,
	type RawQuestion
} from '../../../src/lib/core/bank/io';

const EXPLANATION = '1921年7月，中国共产党第一次全国代表大会在上海召开。';
const SOURCE = '《中国共产党简史》';

function raw(fields: Partial<RawQuestion>): RawQuestion {
	return {
		at: { row: 7 },
		type: '单选题',
		stem: '中国共产党第一次全国代表大会是在哪一年召开的？',
		options: ['1919年', '1921年', '1927年', '1949年'],
		answer: 'B',
		explanation: EXPLANATION,
		source: SOURCE,
		difficulty: '',
		tags: '',
		audience: '',
		id: '',
		...fields
	};
}

function messages(fields: Partial<RawQuestion>): string[] {
	const result = normaliseRow(raw(fields));
	return result.ok ? [] : result.issues.map(formatRowIssue);
}

function question(fields: Partial<RawQuestion>) {
	const result = normaliseRow(raw(fields));
	if (!result.ok) throw new Error(result.issues.map(formatRowIssue).join('\n'));
	return result.draft.question;
}

describe('bank-io rows: types and cells', () => {
	it.each([
		['单选', 'single'],
		['单选题', 'single'],
		['单项选择题', 'single'],
		[' 单选题 ', 'single'],
		['多选', 'multiple'],
		['多选题', 'multiple'],
		['多项选择题', 'multiple'],
		['判断', 'judge'],
		['判断题', 'judge'],
		['是非题', 'judge'],
		['填空', 'fill'],
		['填空题', 'fill'],
		['排序', 'order'],
		['排序题', 'order'],
		['不定项选择题', 'indefinite'],
		['multiple', 'multiple']
	])('题型 %j', (word, type) => {
		expect(parseQuestionType(word)).toEqual({ ok: true, value: type });
	});

	it('refuses an unknown 题型', () => {
		expect(parseQuestionType('问答题')).toEqual({
			ok: false,
			message:
				'不认识的题型 "问答题"：可用 单选题、多选题、判断题、填空题、排序题（不定项选择题按答案个数算作单选或多选）'
		});
	});

	it('reads 难度, 知识点, 适用对象 and 编号', () => {
		expect(parseDifficulty('')).toEqual({ ok: true, value: 2 });
		expect(parseDifficulty('简单')).toEqual({ ok: true, value: 1 });
		expect(parseDifficulty('３')).toEqual({ ok: true, value: 3 });
		expect(parseDifficulty('★★')).toEqual({ ok: true, value: 2 });
		expect(parseDifficulty('5')).toEqual({
			ok: false,
			message: '难度应为 1、2、3 或 易、中、难，读到的是 "5"'
		});
		expect(parseTags('建党、一大, 南湖红船；;')).toEqual({
			ok: true,
			value: ['建党', '一大', '南湖红船']
		});
		expect(parseAudience('党员')).toEqual({ ok: true, value: 'member' });
		expect(parseAudience('')).toEqual({ ok: true, value: undefined });
		expect(parseQuestionId(' PHB-0012 ')).toEqual({ ok: true, value: 'phb-0012' });
		expect(parseQuestionId('12')).toEqual({
			ok: false,
			message: '编号 "12" 只是数字：编号应形如 phb-0001；如果这一列只是序号，请清空或删掉这一列'
		});
	});
});

describe('bank-io rows: quirks that are tolerated', () => {
	it('stray spaces, full-width letters and half-width punctuation', () => {
		const q = question({
			stem: '  中国共产党第一次全国代表大会是在哪一年召开的?  ',
			options: [' 1919年', '1921年 ', '1927年', '1949年'],
			answer: ' Ｂ '
		});
		expect(q).toMatchObject({
			type: 'single',
			stem: '中国共产党第一次全国代表大会是在哪一年召开的？',
			options: [
				{ key: 'A', text: '1919年' },
				{ key: 'B', text: '1921年' },
				{ key: 'C', text: '1927年' },
				{ key: 'D', text: '1949年' }
			],
			answer: 'B'
		});
	});

	it('option cells that repeat their own letter', () => {
		const q = question({ options: ['A. 1919年', 'B、1921年', 'C：1927年', 'D) 1949年'] });
		expect('options' in q && q.options.map((o) => o.text)).toEqual([
			'1919年',
			'1921年',
			'1927年',
			'1949年'
		]);
	});

	it('a multiple answer as spaced letters, option numbers or option texts', () => {
		for (const answer of ['A B', 'A、C'.replace('C', 'B'), '1,2', '1919年、1921年']) {
			expect(question({ type: '多选题', answer })).toMatchObject({
				type: 'multiple',
				answer: ['A', 'B']
			});
		}
	});

	it('不定项 becomes single or multiple by its answer', () => {
		expect(question({ type: '不定项选择题', answer: 'B' }).type).toBe('single');
		expect(question({ type: '不定项选择题', answer: 'BD' }).type).toBe('multiple');
	});

	it('judge: √/×, 对/错, A/B, and the （ ） left for the mark is dropped', () => {
		const judge = (answer: string, stem = '一大的最后一天会议是在嘉兴南湖的游船上举行的。（ ）') =>
			question({ type: '判断题', stem, answer, options: [] });
		expect(judge('√')).toMatchObject({
			type: 'judge',
			answer: true,
			stem: '一大的最后一天会议是在嘉兴南湖的游船上举行的。'
		});
		expect(judge('×').answer).toBe(false);
		expect(judge('对').answer).toBe(true);
		expect(judge('错误').answer).toBe(false);
		expect(judge('B').answer).toBe(false);
		expect(judge('A', '一大的最后一天会议是在嘉兴南湖的游船上举行的（ ）。').stem).toBe(
			'一大的最后一天会议是在嘉兴南湖的游船上举行的。'
		);
		expect(
			question({ type: '判断', stem: '一大在上海开幕。', answer: 'A', options: ['错误', '正确'] })
		).toMatchObject({ type: 'judge', answer: false });
	});

	it('fill: every way of writing the blank becomes ____', () => {
		for (const stem of [
			'中国共产党成立于（ ）年。',
			'中国共产党成立于( )年。',
			'中国共产党成立于（）年。',
			'中国共产党成立于______年。',
			'中国共产党成立于\u00a0\u00a0\u00a0\u00a0年。',
			'中国共产党成立于\u3000\u3000年。'
		]) {
			expect(
				question({ type: '填空题', stem, options: [], answer: '1921|一九二一' })
			).toMatchObject({
				type: 'fill',
				stem: '中国共产党成立于____年。',
				answer: ['1921', '一九二一']
			});
		}
	});

	it('a choice stem keeps a blank inside the sentence and drops one after the question mark', () => {
		expect(question({ stem: '中国共产党成立于（ ）年。' }).stem).toBe('中国共产党成立于____年。');
		expect(question({ stem: '中国共产党成立于哪一年？（ ）' }).stem).toBe(
			'中国共产党成立于哪一年？'
		);
	});

	it('order: letters in the right order', () => {
		expect(
			question({
				type: '排序题',
				stem: '请按时间先后排列下列事件。',
				options: ['遵义会议', '中共一大召开', '开国大典'],
				answer: 'B A C'
			})
		).toMatchObject({ type: 'order', answer: ['B', 'A', 'C'] });
	});

	it('difficulty, tags, audience, id and a default source', () => {
		const result = normaliseRow(
			raw({ difficulty: '难', tags: '建党、一大', audience: '通用', id: 'phb-0500', source: '' }),
			{ defaultSource: '《中国共产党简史》' }
		);
		expect(result).toMatchObject({
			ok: true,
			draft: {
				id: 'phb-0500',
				audience: 'all',
				question: { difficulty: 3, tags: ['建党', '一大'], source: '《中国共产党简史》' }
			}
		});
	});
});

describe('bank-io rows: refused, with row, column and reason', () => {
	it.each<[string, Partial<RawQuestion>, string[]]>([
		[
			'a multiple answer with one key',
			{ type: '多选题', answer: 'B' },
			['第 7 行「答案」：多选题至少需要两个选项，读到的是 "B"']
		],
		[
			'a single answer with two keys',
			{ answer: 'A C' },
			['第 7 行「答案」：单选题只能有一个答案，读到的是 "A C"']
		],
		[
			'an answer naming a missing option',
			{ answer: 'E' },
			['第 7 行「答案」：答案 "E" 里的 E 不是本题的选项（本题选项为 A–D）']
		],
		[
			'an ambiguous answer',
			{ options: ['3', '1', '2'], answer: '2' },
			[
				'第 7 行「答案」：答案 "2" 有歧义：可以理解为 选项序号 → B，也可以理解为 选项原文 → C；请改写成选项字母'
			]
		],
		[
			'an unknown type',
			{ type: '简答题' },
			[
				'第 7 行「题型」：不认识的题型 "简答题"：可用 单选题、多选题、判断题、填空题、排序题（不定项选择题按答案个数算作单选或多选）'
			]
		],
		[
			'a too short explanation (a missing one makes a draft)',
			{ explanation: '见教材' },
			['第 7 行「解析」：解析太短（至少 10 个字，现在 3 个字）："见教材"']
		],
		[
			'a short stem',
			{ stem: '哪年？' },
			['第 7 行「题目」：题目太短（至少 4 个字，现在 3 个字）："哪年？"']
		],
		[
			'a gap in the options',
			{ options: ['1919年', '', '1927年'], answer: 'A' },
			['第 7 行「选项B」：选项为空，但后面的选项C有内容：选项要从 A 开始连续填写']
		],
		[
			'one option only',
			{ options: ['1921年'], answer: 'A' },
			['第 7 行「选项B」：单选题至少需要两个选项，这一行只有 1 个']
		],
		[
			'two options with the same text',
			{ options: ['1921年', '1949年', '1921 年'] },
			['第 7 行「选项C」：和选项A的内容相同："1921 年"']
		],
		[
			'a fill stem without a blank',
			{ type: '填空', options: [], answer: '1921' },
			['第 7 行「题目」：填空题要在题目里标出空格：写 ____（或 （ ）、一串下划线）']
		],
		[
			'a fill stem with two blanks',
			{ type: '填空', stem: '（ ）年在（ ）召开。', options: [], answer: '1921' },
			['第 7 行「题目」：填空题只能有一个空，这道题有 2 个；请拆成几道题']
		],
		[
			'a fill question with options',
			{ type: '填空', stem: '成立于（ ）年。', options: ['1921'], answer: '1921' },
			['第 7 行「选项A」：填空题不需要选项，这里却写了 "1921"；请清空，或把题型改成选择题']
		],
		[
			'a judge question with other options',
			{ type: '判断', stem: '一大在上海开幕。', options: ['上海', '北京'], answer: 'A' },
			[
				'第 7 行「答案」：判断题不需要选项；如果填了，选项A、B 应是 "正确" 和 "错误"，读到的是 "上海"、"北京"'
			]
		],
		[
			'a sequence number as id',
			{ id: '3' },
			[
				'第 7 行「编号」：编号 "3" 只是数字：编号应形如 phb-0001；如果这一列只是序号，请清空或删掉这一列'
			]
		],
		[
			'seven options',
			{ options: ['1', '2', '3', '4', '5', '6', '7'], answer: 'A' },
			['第 7 行「选项G」：最多 6 个选项（A–F），这一行有 7 个']
		]
	])('%s', (_, fields, expected) => {
		expect(messages(fields)).toEqual(expected);
	});

	it('names the column as the file names it, and the sheet', () => {
		const result = normaliseRow(
			raw({ at: { sheet: '单选题', row: 12 }, answer: 'Z', labels: { answer: '正确答案' } })
		);
		expect(result.ok ? [] : result.issues.map(formatRowIssue)).toEqual([
			'工作表「单选题」第 12 行「正确答案」：答案 "Z" 里的 Z 不是本题的选项（本题选项为 A–D）'
		]);
	});

	it('reports every problem of a row at once', () => {
		expect(
			messages({ type: '多选', answer: 'B', stem: '哪年？', difficulty: '很难' })
		).toHaveLength(3);
	});
});

describe('bank-io rows: the header', () => {
	const sheet = (...rows: string[][]) => ({
		rows: rows.map((cells, i) => ({ row: i + 1, cells }))
	});

	it('finds the header under a title row and maps aliases', () => {
		const found = findHeader(
			sheet(
				['党史知识竞赛题库'],
				[
					'题型',
					'题干',
					'A',
					'B',
					'选项 C',
					'正确答案',
					'答案解析',
					'来源',
					'难易程度',
					'考点',
					'备注'
				]
			)
		);
		expect(found.errors).toEqual([]);
		expect(found.header).toMatchObject({
			row: 2,
			fields: { type: 0, stem: 1, answer: 5, explanation: 6, source: 7, difficulty: 8, tags: 9 },
			options: [2, 3, 4]
		});
		expect(found.warnings.map(formatRowIssue)).toEqual([
			'第 2 行「备注」：不认识这一列，它的内容不会导入'
		]);
	});

	it('accepts (必填) marks and full-width letters in the header', () => {
		const found = findHeader(sheet(['*题型（必填）', '题目(必填)', '选项Ａ', '选项Ｂ', '答案']));
		expect(found.header?.options).toEqual([2, 3]);
		expect(found.header?.fields).toMatchObject({ type: 0, stem: 1, answer: 4 });
	});

	it('refuses a missing column, a column twice and a hole in the options', () => {
		expect(
			findHeader(sheet(['题型', '题目', '选项A', '选项B'])).errors.map(formatRowIssue)
		).toEqual(['第 1 行：表头缺少「答案」列（也认 正确答案、参考答案、标准答案）']);
		expect(
			findHeader(sheet(['题型', '题目', '答案', '正确答案', '选项A'])).errors.map(formatRowIssue)
		).toEqual(['第 1 行「正确答案」：这一列出现了两次；请删掉或改名其中一列']);
		expect(
			findHeader(sheet(['题型', '题目', '选项A', '选项C', '答案'])).errors.map(formatRowIssue)
		).toEqual(['第 1 行：表头缺少「选项B」列：选项列要从选项A起连续排列']);
		expect(findHeader(sheet(['说明'], ['随便写点'])).errors.map(formatRowIssue)).toEqual([
			'第 1 行：找不到表头：前 10 行里要有一行写着 题型、题目、选项A…答案 等列名'
		]);
	});

	it('turns rows into raw questions, skipping empty rows and keeping row numbers', () => {
		const s = {
			rows: [
				{ row: 1, cells: ['题型', '题目', '选项A', '选项B', '答案', '备注'] },
				{ row: 2, cells: ['单选', '题？', '甲', '乙', 'A', 'x'] },
				{ row: 3, cells: ['', ' ', '', '', '', ''] },
				{
					row: 4,
					cells: ['单选', '题？', '甲', '#REF!', 'A', '#N/A'],
					errors: [
						{ col: 3, message: '单元格是 Excel 错误值 #REF!' },
						{ col: 5, message: '单元格是 Excel 错误值 #N/A' }
					]
				}
			]
		};
		const header = findHeader(s).header;
		if (!header) throw new Error('no header');
		const rows = rowsToRawQuestions(s, header);
		expect(rows.map((r) => r.at.row)).toEqual([2, 4]);
		expect(rows[0]).toMatchObject({
			type: '单选',
			stem: '题？',
			options: ['甲', '乙'],
			answer: 'A'
		});
		// The error in the ignored 备注 column does not refuse the row; the one in 选项B does.
		expect(rows[1]?.issues?.map(formatRowIssue)).toEqual([
			'第 4 行「选项B」：单元格是 Excel 错误值 #REF!'
		]);
	});
});
