import fc from 'fast-check';
import type { Question } from '../../../src/lib/core/bank/schema';
import { describe, expect, it } from 'vitest';
import {
	isCorrect,
	isWellFormedResponse,
	normalizeFill,
	printedAfterBlank
} from '../../../src/lib/core/play/scoring';
import { chineseNumeralsToDigits } from '../../../src/lib/core/play/numerals';
import { describeAnswer, describeResponse } from '../../../src/lib/core/play/answer-text';
import { fill, judge, multiple, order, single } from '../../fixtures/questions';

describe('scoring', () => {
	it('single: only the answer key', () => {
		expect(isCorrect(single, 'B')).toBe(true);
		expect(isCorrect(single, 'A')).toBe(false);
		expect(isCorrect(single, ['B'])).toBe(false);
	});

	it('multiple: all keys and nothing else, in any order', () => {
		expect(isCorrect(multiple, ['A', 'C'])).toBe(true);
		expect(isCorrect(multiple, ['C', 'A'])).toBe(true);
		expect(isCorrect(multiple, ['A'])).toBe(false);
		expect(isCorrect(multiple, ['A', 'C', 'D'])).toBe(false);
		expect(isCorrect(multiple, ['A', 'A'])).toBe(false);
	});

	it('multiple: any permutation of the answer is right, any other set is wrong', () => {
		fc.assert(
			fc.property(fc.subarray(['A', 'B', 'C', 'D']), fc.integer(), (keys, seed) => {
				const shuffled = [...keys].sort(() => (seed % 3) - 1);
				const expected = keys.length === 2 && keys.includes('A') && keys.includes('C');
				expect(isCorrect(multiple, shuffled)).toBe(expected);
			})
		);
	});

	it('judge: the boolean', () => {
		expect(isCorrect(judge, false)).toBe(true);
		expect(isCorrect(judge, true)).toBe(false);
		expect(isCorrect(judge, 'false')).toBe(false);
	});

	it('order: the exact sequence', () => {
		expect(isCorrect(order, ['B', 'A', 'C'])).toBe(true);
		expect(isCorrect(order, ['A', 'B', 'C'])).toBe(false);
		expect(isCorrect(order, ['B', 'A'])).toBe(false);
	});

	it('fill: full-width digits, spaces and trailing punctuation are not held against the player', () => {
		expect(isCorrect(fill, '1921')).toBe(true);
		expect(isCorrect(fill, '１９２１')).toBe(true);
		expect(isCorrect(fill, ' 19 21。')).toBe(true);
		expect(isCorrect(fill, '1922')).toBe(false);
		expect(normalizeFill('ＡＢｃ！')).toBe('abc');
	});

	it('checks the shape of responses', () => {
		expect(isWellFormedResponse(single, 'A')).toBe(true);
		expect(isWellFormedResponse(single, 1)).toBe(false);
		expect(isWellFormedResponse(judge, 'true')).toBe(false);
		expect(isWellFormedResponse(multiple, ['A', 'B'])).toBe(true);
		expect(isWellFormedResponse(multiple, 'AB')).toBe(false);
	});
});

describe('answer text', () => {
	it('reads answers the way the screen shows them', () => {
		expect(describeResponse(single, 'B')).toBe('B. 1921年');
		expect(describeResponse(judge, false)).toBe('错误');
		expect(describeResponse(multiple, ['A', 'C'])).toBe('A. 甲；C. 丙');
		expect(describeResponse(single, undefined)).toBe('未作答');
		expect(describeAnswer(order)).toBe('B. 中共一大 → A. 遵义会议 → C. 开国大典');
	});
});

describe('Chinese numerals in fill answers', () => {
	it('一九二一 and 1921 are the same answer, in both directions', () => {
		expect(isCorrect(fill, '一九二一')).toBe(true);
		// The fixture's stem prints 年 after the blank, so 一九二一年 is right there; a stem that
		// prints no unit does not make one up.
		expect(isCorrect(fill, '一九二一年')).toBe(true);
		expect(isCorrect({ ...fill, stem: '中国共产党成立的年份是____。' }, '一九二一年')).toBe(false);
		expect(isCorrect({ ...fill, answer: ['一九二一'] } as Question, '1921')).toBe(true);
		expect(isCorrect({ ...fill, answer: ['1921年'] } as Question, '一九二一年。')).toBe(true);
		expect(isCorrect(fill, '一九二二')).toBe(false);
	});

	it('reads digit-by-digit and place-value numerals', () => {
		expect(chineseNumeralsToDigits('二〇二一')).toBe('2021');
		expect(chineseNumeralsToDigits('二零二一')).toBe('2021');
		expect(chineseNumeralsToDigits('十')).toBe('10');
		expect(chineseNumeralsToDigits('十九')).toBe('19');
		expect(chineseNumeralsToDigits('二十八')).toBe('28');
		expect(chineseNumeralsToDigits('一百零八')).toBe('108');
		expect(chineseNumeralsToDigits('两万五千里长征')).toBe('25000里长征');
		expect(chineseNumeralsToDigits('第七届')).toBe('第7届');
		expect(normalizeFill('两万五千里')).toBe(normalizeFill('25000里'));
	});

	it('every number from 0 to 99999 written with place units reads back', () => {
		const digits = '零一二三四五六七八九';
		const write = (n: number): string => {
			if (n === 0) return '零';
			const parts: string[] = [];
			const places: [number, string][] = [
				[10_000, '万'],
				[1000, '千'],
				[100, '百'],
				[10, '十'],
				[1, '']
			];
			let zero = false;
			for (const [place, unit] of places) {
				const d = Math.floor(n / place) % 10;
				if (d === 0) {
					zero = parts.length > 0;
					continue;
				}
				if (zero) parts.push('零');
				zero = false;
				parts.push(digits[d] + unit);
			}
			return parts.join('');
		};
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 99_999 }), (n) => {
				expect(chineseNumeralsToDigits(write(n))).toBe(String(n));
			})
		);
	});

	it('digit-by-digit numerals of any length read back', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[0-9]{1,8}$/), (n) => {
				const written = [...n].map((d) => '〇一二三四五六七八九'[Number(d)]).join('');
				expect(chineseNumeralsToDigits(written)).toBe(n);
			})
		);
	});
});

describe('fill answers with the unit the stem prints after the blank', () => {
	const fillWith = (stem: string, answer: string[]): Question => ({
		...fill,
		type: 'fill',
		stem,
		answer
	});

	// The items the blind check found marking the printed unit wrong, with their real stems.
	const reported: [string, string, string[], string][] = [
		['phb-0102', '《共产党宣言》于____年在伦敦发表。', ['1848', '一八四八'], '1848年'],
		['phb-0219', '____年7月27日，朝鲜停战协定在板门店签字。', ['1953', '一九五三'], '一九五三年'],
		['phb-0263', '我国现行宪法是在____年12月4日通过的。', ['1982', '一九八二'], '1982 年'],
		['phb-0126', '每年的____月4日是中国的青年节。', ['5', '五'], '五月'],
		['phb-0283', '每年____月12日为全国防灾减灾日。', ['5', '五'], '5月'],
		['phb-0186', '这叫“____制”。', ['三三'], '三三制'],
		['phb-0236', '授予____位科技专家“两弹一星功勋奖章”。', ['23', '二十三'], '二十三位'],
		[
			'phb-0246',
			'通过第____号决议，恢复中华人民共和国在联合国的一切合法权利。',
			['2758'],
			'2758号'
		],
		['phb-0163', '中央红军的长征历时一年，行程约____里。', ['二万五千', '25000'], '两万五千里']
	];

	it.each(reported)(
		'%s accepts the answer with and without the printed unit',
		(_, stem, answer, typed) => {
			const q = fillWith(stem, answer);
			expect(isCorrect(q, typed)).toBe(true);
			for (const a of answer) expect(isCorrect(q, a)).toBe(true);
		}
	);

	it('reads the printed unit up to the first punctuation mark', () => {
		expect(printedAfterBlank('中国共产党成立于____年。')).toBe('年');
		expect(printedAfterBlank('____年7月27日，朝鲜停战协定')).toBe('年7月27日');
		expect(printedAfterBlank('这叫“____制”。')).toBe('制');
		expect(printedAfterBlank('党的根本宗旨是____。')).toBe('');
		expect(printedAfterBlank('最后一个空在句末____')).toBe('');
	});

	it('a wrong answer stays wrong with the unit, and the unit alone is no answer', () => {
		const q = fillWith('《共产党宣言》于____年在伦敦发表。', ['1848']);
		expect(isCorrect(q, '1849年')).toBe(false);
		expect(isCorrect(q, '年')).toBe(false);
		expect(isCorrect(q, '1848月')).toBe(false);
		// A unit the stem does not print is not forgiven.
		expect(isCorrect(fillWith('党的第____次全国代表大会', ['十九']), '十九届')).toBe(false);
	});

	it('an accepted answer written with the unit also accepts the bare answer', () => {
		const q = fillWith('中国共产党成立于____年。', ['1921年']);
		expect(isCorrect(q, '1921')).toBe(true);
		expect(isCorrect(q, '一九二一年')).toBe(true);
	});

	it('any answer followed by any leading part of the printed text is right', () => {
		const text = fc.string({
			unit: fc.constantFrom(...'年月日位号里个次人万0123456789'),
			minLength: 1,
			maxLength: 6
		});
		fc.assert(
			fc.property(
				fc.stringMatching(/^[0-9]{1,5}$/),
				text,
				fc.integer({ min: 1, max: 6 }),
				(answer, printed, n) => {
					// The printed text after the blank starts with a unit, as stems do.
					const after = `年${printed}`;
					const q = fillWith(`某事发生在____${after}。`, [answer]);
					const typed = answer + after.slice(0, n);
					expect(isCorrect(q, typed)).toBe(true);
				}
			)
		);
	});
});
