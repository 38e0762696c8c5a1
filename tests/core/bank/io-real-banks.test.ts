/**
 * What a teacher hit importing real question banks (issue 16): drafts instead of refusals,
 * every problem in one run, nothing silently changed or accepted, answers written as option
 * text. Every fixture is written here; none is third-party text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	bigramSimilarity,
	findSimilar,
	formatRowIssue,
	normaliseRow,
	optionIdentity,
	parseChoiceAnswer,
	parseCsvRows,
	planImport,
	protectCsvCell,
	readCsvCell,
	sniffDelimiter,
	stripWrapping,
	toSourceQuestion,
	type RawQuestion
} from '../../../src/lib/core/bank/io';
import { parseSourceItem, type Question } from '../../../src/lib/core/bank/schema';

const EXPLANATION = '这是为测试写的解析文字，长度足够。';
const SOURCE = '测试用出处';

function raw(fields: Partial<RawQuestion>): RawQuestion {
	return {
		at: { row: 7 },
		type: '单选题',
		stem: '测试题：第一道题的题干写在这里？',
		options: ['甲方案', '乙方案', '丙方案'],
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

const ok = (fields: Partial<RawQuestion>) => {
	const result = normaliseRow(raw(fields));
	if (!result.ok) throw new Error(result.issues.map(formatRowIssue).join('\n'));
	return result;
};
const refused = (fields: Partial<RawQuestion>) => {
	const result = normaliseRow(raw(fields));
	return result.ok ? [] : result.issues.map(formatRowIssue);
};
const warnings = (fields: Partial<RawQuestion>) =>
	normaliseRow(raw(fields)).warnings.map(formatRowIssue);

describe('1. rows without 解析 or 出处 are drafts', () => {
	it('a row without 解析 is taken as a draft 待补解析, without 出处 待补出处, without both 待补解析和出处', () => {
		expect(ok({ explanation: '' }).draft.pending).toBe('待补解析');
		expect(ok({ source: ' ' }).draft.pending).toBe('待补出处');
		expect(ok({ explanation: '', source: '' }).draft.pending).toBe('待补解析和出处');
		expect(ok({}).draft.pending).toBeUndefined();
	});

	it('a draft is written with draft: and without the empty fields, and reads back as a draft', () => {
		const { draft } = ok({ explanation: '' });
		const q = { ...draft.question, id: 'dm-0001' } as Question;
		const source = toSourceQuestion(q, draft.pending);
		expect(Object.keys(source)).toEqual([
			'id',
			'draft',
			'type',
			'stem',
			'options',
			'answer',
			'source',
			'difficulty'
		]);
		const back = parseSourceItem(source);
		expect(back).toEqual({ ok: true, value: { question: q, draft: '待补解析' } });
	});

	it('the schema still refuses a question without 解析 that is not marked as a draft', () => {
		const { draft } = ok({ explanation: '' });
		const source = toSourceQuestion({ ...draft.question, id: 'dm-0001' } as Question);
		delete source.explanation;
		const parsed = parseSourceItem(source);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.issues[0]?.path).toEqual(['explanation']);
	});

	it('a draft must still be a sound question: a bad answer is refused, not drafted', () => {
		expect(refused({ explanation: '', answer: 'Z' })).toEqual([
			'第 7 行「答案」：答案 "Z" 里的 Z 不是本题的选项（本题选项为 A–C）'
		]);
	});

	it('the plan counts drafts among the accepted and keeps them in file order', () => {
		const plan = planImport({
			bankId: 'demo',
			existing: [],
			rows: [
				raw({ at: { row: 2 }, stem: '测试题：第一道题的题干写在这里？', explanation: '' }),
				raw({ at: { row: 3 }, stem: '测试题：另一道完全不同的题目？' })
			]
		});
		expect(plan.errors).toEqual([]);
		expect(plan.drafts).toBe(1);
		expect(plan.accepted.map((a) => [a.question.id, a.draft])).toEqual([
			['demo-0001', '待补解析'],
			['demo-0002', undefined]
		]);
	});
});

describe('2. every problem of every row in one run', () => {
	it('a row refused for its answer is still checked for duplicates and ids', () => {
		const plan = planImport({
			bankId: 'demo',
			existing: [],
			rows: [
				raw({ at: { row: 2 }, id: 'dm-0001' }),
				// Same question as row 2 and a bad answer: both problems are reported now.
				raw({ at: { row: 3 }, answer: 'Z', id: 'dm-0001' }),
				// Refused for its type; its duplicate (row 5) is found all the same.
				raw({ at: { row: 4 }, type: '问答题', stem: '测试题：一道别的题目写在这里？' }),
				raw({ at: { row: 5 }, stem: '测试题：一道别的题目写在这里？' })
			]
		});
		expect(plan.errors.map(formatRowIssue)).toEqual([
			'第 3 行「答案」：答案 "Z" 里的 Z 不是本题的选项（本题选项为 A–C）',
			'第 3 行「编号」：编号 dm-0001 和第 2 行重复',
			'第 3 行「题目」：与第 2 行重复：「测试题：第一道题的题干写在这里？」',
			expect.stringMatching(/^第 4 行「题型」：不认识的题型 "问答题"/),
			'第 5 行「题目」：与第 4 行重复：「测试题：一道别的题目写在这里？」'
		]);
		expect(plan.refused).toBe(3);
	});
});

describe('5. nothing changed or accepted silently', () => {
	it('a judge blank the sentence needs stays, with a warning', () => {
		const row = { type: '判断', stem: '测试陈述：这种说法是____。', options: [], answer: '对' };
		expect(ok(row).draft.question.stem).toBe('测试陈述：这种说法是____。');
		expect(warnings(row)).toEqual([
			expect.stringMatching(/^第 7 行「题目」：判断题题干末尾的空是句子的一部分（去掉后成了「/)
		]);
	});

	it('the answer slot of a judge stem is still taken out, quietly', () => {
		for (const stem of ['测试陈述在这里写完。（ ）', '测试陈述在这里写完（ ）。']) {
			const row = { type: '判断', stem, options: [], answer: '√' };
			expect(ok(row).draft.question.stem).toBe('测试陈述在这里写完。');
			expect(warnings(row)).toEqual([]);
		}
	});

	it('「未作答」 as the only fill answer is refused with the reason', () => {
		const fill = { type: '填空', stem: '测试句子的空在____这里。', options: [] };
		expect(refused({ ...fill, answer: '未作答' })).toEqual([
			'第 7 行「答案」：答案是「未作答」：这是答题记录里"没有作答"的标记，不是正确答案；请填上标准答案'
		]);
		expect(refused({ ...fill, answer: '测试|未作答' })).toEqual([
			'第 7 行「答案」：答案里的「未作答」是答题记录里"没有作答"的标记，不是正确答案；请删去'
		]);
	});

	it('「未作答」 at the end of a stem is refused with the reason', () => {
		expect(refused({ stem: '测试题：第一道题的题干写在这里？未作答' })).toEqual([
			'第 7 行「题目」：题目末尾有「未作答」：这一行像是从答题记录里复制来的，不是题库原文；请删去「未作答」，并核对答案是不是标准答案'
		]);
	});

	it('a leading error rate in 解析 is taken off, with a warning', () => {
		const row = { explanation: '4.73% 测试分类 这是为测试写的解析文字，长度足够。' };
		expect(ok(row).draft.question.explanation).toBe('测试分类 这是为测试写的解析文字，长度足够。');
		expect(warnings(row)).toEqual([
			'第 7 行「解析」：解析开头的「4.73%」像是答题系统统计的正确率或错误率，不是解析的内容，已去掉；请核对：「测试分类 这是为测试写的解析文字，长度足…」'
		]);
		// A percentage that is part of the sentence stays, without a word.
		expect(ok({ explanation: '60%的测试对象都这样回答，这是解析。' }).warnings).toEqual([]);
	});

	it('a tag split at 、 says so; tags separated by ； do not', () => {
		expect(ok({ tags: '甲类、乙类' }).draft.question.tags).toEqual(['甲类', '乙类']);
		expect(warnings({ tags: '甲类、乙类' })).toEqual([
			'第 7 行「知识点」：知识点「甲类、乙类」按顿号（、）分成了 2 个：「甲类」「乙类」；如果它原本是一个知识点，请改写成不带 、 的名字（几个知识点之间最好用 ；分隔）'
		]);
		expect(warnings({ tags: '甲类；乙类' })).toEqual([]);
	});

	it('warnings a reader found in the cells travel with the row', () => {
		const cellWarning = { at: { row: 7 }, column: '选项A', message: '单元格以 "=" 开头' };
		expect(normaliseRow(raw({ warnings: [cellWarning] })).warnings).toEqual([cellWarning]);
	});
});

describe('6. answers written as option text, options that only look alike', () => {
	const options = [
		{ key: 'A', text: '洛阳' },
		{ key: 'B', text: '长安（今西安）' },
		{ key: 'C', text: '开封' }
	];

	it('an answer that is an option ending in ）', () => {
		expect(parseChoiceAnswer('长安（今西安）', options, 'single')).toEqual({
			ok: true,
			value: ['B']
		});
		expect(parseChoiceAnswer('长安（今西安）。', options, 'single')).toEqual({
			ok: true,
			value: ['B']
		});
		expect(parseChoiceAnswer('（B）', options, 'single')).toEqual({ ok: true, value: ['B'] });
	});

	it('stripWrapping keeps a closing bracket opened inside', () => {
		expect(stripWrapping('（B）。')).toBe('B');
		expect(stripWrapping('【A】')).toBe('A');
		expect(stripWrapping('长安（今西安）')).toBe('长安（今西安）');
		expect(stripWrapping('（长安（今西安））')).toBe('长安（今西安）');
		expect(stripWrapping('f(x)')).toBe('f(x)');
	});

	it('options differing in case, spacing between words or tone marks are different options', () => {
		const pinyin = ['Chūn jié', 'chūnjié', 'chūn jié', 'chun jie'];
		const result = ok({
			stem: '测试题：哪一个拼写是给定的那个？',
			options: pinyin,
			answer: 'chūnjié'
		});
		expect(result.draft.question).toMatchObject({ answer: 'B' });
		expect(new Set(pinyin.map(optionIdentity)).size).toBe(4);
		// Spacing next to Chinese text and trailing punctuation do not make a new option.
		expect(refused({ options: ['1921 年', '1921年。', '1949年'], answer: 'C' })).toEqual([
			'第 7 行「选项B」：和选项A的内容相同："1921年。"'
		]);
	});
});

describe('7. CSV cells a spreadsheet would run as formulas', () => {
	it.each(['=1+1', '+86', '-1', '@SUM(A1)', '\tx'])(
		'%j is written with a leading apostrophe',
		(t) => {
			expect(protectCsvCell(t)).toBe(`'${t}`);
			expect(readCsvCell(protectCsvCell(t))).toEqual({ text: t });
		}
	);

	it('ordinary text is written as it is', () => {
		expect(protectCsvCell('1921年')).toBe('1921年');
		expect(protectCsvCell("'引号'")).toBe("'引号'");
		expect(readCsvCell("'引号'")).toEqual({ text: "'引号'" });
	});

	it('an unprotected formula-like cell is read as it is, with a warning', () => {
		const read = readCsvCell('=HYPERLINK("x")');
		expect(read.text).toBe('=HYPERLINK("x")');
		expect(read.warning).toMatch(/^单元格以 "=" 开头：在 Excel 或 WPS 里打开时会被当作公式运行/);
	});
});

describe('3. the CSV reader', () => {
	it('reads quotes, doubled quotes, line breaks in quotes and every line ending', () => {
		const text = '\ufeff题型,题目\r\n单选,"一大,二大"\n判断,"说""对""吗"\r"第一行\n第二行",x\n';
		expect(parseCsvRows(text).rows.map((r) => [r.row, r.cells])).toEqual([
			[1, ['题型', '题目']],
			[2, ['单选', '一大,二大']],
			[3, ['判断', '说"对"吗']],
			[4, ['第一行\n第二行', 'x']]
		]);
	});

	it('keeps empty cells and a last line without a line break, sniffs tab and ;', () => {
		expect(parseCsvRows('a,,c\n,,\nd').rows.map((r) => r.cells)).toEqual([
			['a', '', 'c'],
			['', '', ''],
			['d']
		]);
		expect(sniffDelimiter('\n题型\t题目\t"a,b"\n')).toBe('\t');
		expect(sniffDelimiter('题型;题目;答案')).toBe(';');
		expect(parseCsvRows('a;b\n1;2').rows[1]?.cells).toEqual(['1', '2']);
	});

	it('property: whatever cells are written with RFC 4180 quoting come back', () => {
		const cell = fc.string({ unit: fc.constantFrom('a', '党', ',', '"', '\n', '\r\n', ' ', "'") });
		fc.assert(
			fc.property(
				fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1 }),
				(rows) => {
					const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
					const text = rows.map((r) => r.map(quote).join(',')).join('\r\n');
					expect(parseCsvRows(text, ',').rows.map((r) => r.cells)).toEqual(rows);
				}
			)
		);
	});
});

describe('3. the near-duplicate index', () => {
	/** The search as it was: every pair compared. */
	function bruteForce(texts: string[], existing: string[], threshold: number) {
		const pool = [...existing];
		return texts.map((t) => {
			let best: { other: string; similarity: number; exact: boolean } | null = null;
			for (const p of pool) {
				if (p === t) {
					best = { other: p, similarity: 1, exact: true };
					break;
				}
			}
			if (!best) {
				for (const p of pool) {
					const s = bigramSimilarity(t, p);
					if (s >= threshold && (!best || s > best.similarity))
						best = { other: p, similarity: s, exact: false };
				}
			}
			pool.push(t);
			return best;
		});
	}

	it('property: finds exactly what comparing every pair finds', () => {
		const text = fc.string({
			unit: fc.constantFrom('一', '大', '在', '哪', '年', '召', '开'),
			maxLength: 12
		});
		fc.assert(
			fc.property(
				fc.array(text, { maxLength: 25 }),
				fc.array(text, { maxLength: 10 }),
				fc.constantFrom(0.5, 0.7, 0.85),
				(incoming, existing, threshold) => {
					const found = findSimilar(
						incoming.map((t) => ({ item: t, text: t })),
						existing.map((t) => ({ item: t, text: t })),
						threshold
					);
					const expected = bruteForce(incoming, existing, threshold);
					expect(found.map((m) => m && [m.similarity, m.exact])).toEqual(
						expected.map((m) => m && [m.similarity, m.exact])
					);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('names the earliest of equally similar texts', () => {
		const found = findSimilar(
			[{ item: 'new', text: '一大在哪一年召开呢' }],
			[
				{ item: 'first', text: '一大在哪一年召开' },
				{ item: 'second', text: '一大在哪一年召开' }
			]
		);
		expect(found[0]?.other).toBe('first');
	});
});
