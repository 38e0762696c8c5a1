import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	parseChoiceAnswer,
	parseFillAnswer,
	parseJudgeAnswer
} from '../../../src/lib/core/bank/io';
import { OPTION_KEYS, type QuestionOption } from '../../../src/lib/core/bank/schema';

const TEXTS = ['甲', '乙', '丙', '丁', '戊', '己'];
const opts = (n: number): QuestionOption[] =>
	TEXTS.slice(0, n).map((text, i) => ({ key: OPTION_KEYS[i] ?? '?', text }));
const four = opts(4);

describe('bank-io answers: choice', () => {
	it.each([
		['B', ['B']],
		['b', ['B']],
		[' B。', ['B']],
		['（B）', ['B']],
		['Ｂ', ['B']],
		['2', ['B']],
		['乙', ['B']]
	])('single %j', (raw, keys) => {
		expect(parseChoiceAnswer(raw, four, 'single')).toEqual({ ok: true, value: keys });
	});

	it.each([
		['AC'],
		['A C'],
		['A、C'],
		['A,C'],
		['A，C'],
		['A;C'],
		['A/C'],
		['CA'],
		['ac'],
		['ＡＣ'],
		['1,3'],
		['1 3'],
		['13'],
		['甲、丙'],
		['丙；甲']
	])('multiple %j', (raw) => {
		expect(parseChoiceAnswer(raw, four, 'multiple')).toEqual({ ok: true, value: ['A', 'C'] });
	});

	it.each([['BAC'], ['B A C'], ['B→A→C'], ['B-A-C'], ['2,1,3'], ['乙、甲、丙']])(
		'order %j',
		(raw) => {
			expect(parseChoiceAnswer(raw, opts(3), 'order')).toEqual({
				ok: true,
				value: ['B', 'A', 'C']
			});
		}
	);

	it.each([
		['', 'single', '答案为空'],
		['E', 'single', '答案 "E" 里的 E 不是本题的选项（本题选项为 A–D）'],
		['7', 'single', '答案 "7" 里的序号超出了选项个数（本题有 4 个选项）'],
		['AC', 'single', '单选题只能有一个答案，读到的是 "AC"'],
		['B', 'multiple', '多选题至少需要两个选项，读到的是 "B"'],
		['AAC', 'multiple', '答案 "AAC" 里 A 出现了不止一次'],
		['BA', 'order', '排序题的答案要按正确顺序列出全部 4 个选项，读到的是 "BA"'],
		[
			'不知道',
			'single',
			'读不懂答案 "不知道"：请写选项字母（如 B 或 AC）、选项序号（如 2）或与某个选项完全相同的文字'
		]
	] as const)('refuses %j (%s)', (raw, type, message) => {
		expect(parseChoiceAnswer(raw, four, type)).toEqual({ ok: false, message });
	});

	it('refuses an answer that reads two ways instead of guessing', () => {
		const numbers = [
			{ key: 'A', text: '3' },
			{ key: 'B', text: '1' },
			{ key: 'C', text: '2' }
		];
		expect(parseChoiceAnswer('2', numbers, 'single')).toEqual({
			ok: false,
			message:
				'答案 "2" 有歧义：可以理解为 选项序号 → B，也可以理解为 选项原文 → C；请改写成选项字母'
		});
		// Readings that agree are not ambiguous; a reading the type rules out does not count.
		expect(
			parseChoiceAnswer(
				'2',
				[
					{ key: 'A', text: '1' },
					{ key: 'B', text: '2' }
				],
				'single'
			)
		).toEqual({
			ok: true,
			value: ['B']
		});
		expect(
			parseChoiceAnswer(
				'12',
				[
					{ key: 'A', text: '12' },
					{ key: 'B', text: '21' }
				],
				'single'
			)
		).toEqual({ ok: true, value: ['A'] });
	});

	it('property: any set of letters, in any case, order and separators, reads back sorted', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 2, max: 6 }).chain((n) =>
					fc.tuple(
						fc.constant(n),
						fc.shuffledSubarray(OPTION_KEYS.slice(0, n), { minLength: 2 }),
						fc.array(fc.constantFrom('', ' ', '、', ',', '，', ';', '/', ' , '), {
							minLength: 6,
							maxLength: 6
						}),
						fc.boolean()
					)
				),
				([n, keys, seps, lower]) => {
					const raw = keys
						.map((k, i) => (lower ? k.toLowerCase() : k) + (i < keys.length - 1 ? seps[i] : ''))
						.join('');
					expect(parseChoiceAnswer(raw, opts(n), 'multiple')).toEqual({
						ok: true,
						value: [...keys].sort()
					});
				}
			)
		);
	});

	it('property: an order answer written as letters or numbers keeps its order', () => {
		fc.assert(
			fc.property(
				fc
					.integer({ min: 2, max: 6 })
					.chain((n) =>
						fc.tuple(fc.constant(n), fc.shuffledSubarray(OPTION_KEYS.slice(0, n), { minLength: n }))
					),
				fc.boolean(),
				([n, keys], asNumbers) => {
					const raw = keys
						.map((k) => (asNumbers ? String(OPTION_KEYS.indexOf(k) + 1) : k))
						.join(' ');
					expect(parseChoiceAnswer(raw, opts(n), 'order')).toEqual({ ok: true, value: keys });
				}
			)
		);
	});

	it('property: a letter past the last option is always refused, never dropped', () => {
		fc.assert(
			fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 5 }), (n, extra) => {
				const beyond = OPTION_KEYS[Math.min(n + (extra % (6 - n)), 5)] ?? 'F';
				const result = parseChoiceAnswer(`A${beyond}`, opts(n), 'multiple');
				expect(result.ok).toBe(false);
			})
		);
	});
});

describe('bank-io answers: judge', () => {
	it.each([
		'对',
		'正确',
		'是',
		'√',
		'✓',
		'✔',
		'T',
		'true',
		'TRUE',
		'Y',
		'A',
		'a',
		'1',
		' 正确。',
		'（√）'
	])('%j is 正确', (raw) => {
		expect(parseJudgeAnswer(raw)).toEqual({ ok: true, value: true });
	});

	it.each(['错', '错误', '否', '×', '✗', 'x', 'X', 'F', 'false', 'N', 'B', '0', '2', '不对'])(
		'%j is 错误',
		(raw) => {
			expect(parseJudgeAnswer(raw)).toEqual({ ok: true, value: false });
		}
	);

	it('reads a letter through option columns that list 正确/错误 in either order', () => {
		expect(parseJudgeAnswer('A', ['正确', '错误'])).toEqual({ ok: true, value: true });
		expect(parseJudgeAnswer('A', ['错误', '正确'])).toEqual({ ok: true, value: false });
		expect(parseJudgeAnswer('2', ['错', '对'])).toEqual({ ok: true, value: true });
		expect(parseJudgeAnswer('对', ['错', '对'])).toEqual({ ok: true, value: true });
	});

	it('refuses other words and other options', () => {
		expect(parseJudgeAnswer('也许')).toEqual({
			ok: false,
			message: '判断题的答案应为 正确/错误（对/错、√/×、A/B），读到的是 "也许"'
		});
		expect(parseJudgeAnswer('')).toEqual({ ok: false, message: '答案为空' });
		expect(parseJudgeAnswer('A', ['上海', '北京'])).toEqual({
			ok: false,
			message: '判断题不需要选项；如果填了，选项A、B 应是 "正确" 和 "错误"，读到的是 "上海"、"北京"'
		});
	});
});

describe('bank-io answers: fill', () => {
	it('splits accepted answers on | and cleans each', () => {
		expect(parseFillAnswer(' 23 | 23场|二十三 ')).toEqual({
			ok: true,
			value: ['23', '23场', '二十三']
		});
		expect(parseFillAnswer('１９２１｜一九二一')).toEqual({
			ok: true,
			value: ['1921', '一九二一']
		});
		expect(parseFillAnswer(['a', ' b '])).toEqual({ ok: true, value: ['a', 'b'] });
		expect(parseFillAnswer(' | ')).toEqual({
			ok: false,
			message: '答案为空：填空题至少要写一个正确答案'
		});
	});
});
