import { describe, expect, it } from 'vitest';
import {
	checkEditedQuestion,
	describeQuestionIssue,
	importFormatOf,
	importRowReport,
	notAWorkbook,
	planImport,
	readCsvSheet,
	readTextRows,
	rowsFromSheets,
	unsupportedFormat
} from '../../../src/lib/core/bank/io';
import { fill, judge, multiple, order, single } from '../../fixtures/questions';

const EXPLAINED = '1921年7月，中国共产党第一次全国代表大会在上海召开，后转移到嘉兴南湖。';
const CSV = [
	'题型,题目,选项A,选项B,选项C,选项D,答案,解析,出处',
	`单选,中国共产党第一次全国代表大会在哪一年召开？,1919年,1921年,1927年,1949年,B,${EXPLAINED},《简史》`,
	'判断,中共一大最后一天的会议转移到嘉兴南湖的红船上举行。,,,,,对,,',
	`单选,这一行的答案不在选项里，应当被拒绝。,甲,乙,丙,丁,F,${EXPLAINED},《简史》`,
	`单选,中国共产党第一次全国代表大会在哪一年召开？,1919年,1921年,1927年,1949年,B,${EXPLAINED},《简史》`
].join('\n');

describe('reading an uploaded file (shared by the CLI and the admin page)', () => {
	it('tells the format by name, a .txt by its content', () => {
		expect(importFormatOf('题库.XLSX')).toBe('xlsx');
		expect(importFormatOf('a.b.csv')).toBe('csv');
		expect(importFormatOf('导出.xml')).toBe('moodle-xml');
		expect(importFormatOf('q.gift')).toBe('gift');
		expect(importFormatOf('q.txt', () => '1. 题干是什么？\nA. 甲\nB. 乙\n答案：B\n')).toBe('text');
		expect(importFormatOf('q.txt', () => '::q1:: 题干 {=甲 ~乙}')).toBe('gift');
		expect(importFormatOf('noextension')).toBe('');
	});

	it('refuses formats it does not read, in Chinese, with how to name the format', () => {
		expect(unsupportedFormat('csv', '')).toBeNull();
		expect(unsupportedFormat('xls', '')).toMatch(/不支持旧的 \.xls/);
		expect(unsupportedFormat('pdf', '，或在「文件格式」里指定')).toMatch(
			/^不认识的文件类型 "\.pdf"：.*，或在「文件格式」里指定$/
		);
		expect(unsupportedFormat('', '')).toMatch(/没有扩展名/);
	});

	it('says why bytes are not a workbook, with the hint the caller gives', () => {
		const hint = '请在「文件格式」里选 CSV';
		expect(notAWorkbook(new Uint8Array(0), hint)).toMatch(/0 字节.*请在「文件格式」里选 CSV$/);
		expect(notAWorkbook(new TextEncoder().encode(CSV), hint)).toMatch(/改了扩展名的 CSV/);
		expect(notAWorkbook(new Uint8Array([0, 1, 2, 3, 200]), hint)).toMatch(/读不出内容/);
		expect(notAWorkbook(new Uint8Array([0x50, 0x4b, 5, 6]), hint)).toMatch(/空的压缩包/);
		expect(notAWorkbook(new Uint8Array([0x50, 0x4b, 3, 4]), hint)).toBeNull();
	});

	it('reads CSV text into rows under the header; a sheet without one is a clear string', () => {
		const read = readTextRows('csv', CSV);
		if (typeof read === 'string') throw new Error(read);
		expect(read.rows.map((r) => r.at.row)).toEqual([2, 3, 4, 5]);
		const notes: string[] = [];
		const two = rowsFromSheets(
			[
				{ sheet: '说明', rows: [{ row: 1, cells: ['请按模板填写'] }] },
				{ ...readCsvSheet(CSV), sheet: '题目' }
			],
			notes
		);
		expect(typeof two !== 'string' && two.rows.length).toBe(4);
		expect(notes).toEqual(['工作表「说明」没有题目表头，跳过']);
		expect(rowsFromSheets([])).toBe('文件里没有找到题目表头（题型、题目、答案…）');
	});
});

describe('the row report', () => {
	it('lists drafts, refusals (all of them, duplicates too) and counts the clean rows', () => {
		const read = readTextRows('csv', CSV);
		if (typeof read === 'string') throw new Error(read);
		const plan = planImport({ bankId: 'demo', existing: [], rows: read.rows });
		const { rows, clean } = importRowReport(read.rows, plan);
		expect(clean).toBe(1);
		expect(rows.map((r) => [r.at.row, r.outcome])).toEqual([
			[3, 'draft'],
			[4, 'refused'],
			[5, 'refused']
		]);
		expect(rows[0]).toMatchObject({ questionId: 'demo-0002', draft: '待补解析和出处' });
		expect(rows[1]?.errors[0]?.column).toBe('答案');
		expect(rows[2]?.errors[0]?.message).toMatch(/与第 2 行重复/);
		expect(rows[2]?.stem).toBe('中国共产党第一次全国代表大会在哪一年召开？');
	});

	it('numbers a new bank with the prefix asked for, and a bank with ids by its own', () => {
		const read = readTextRows('csv', CSV);
		if (typeof read === 'string') throw new Error(read);
		const rows = read.rows.slice(0, 2);
		const ids = (plan: ReturnType<typeof planImport>) => plan.accepted.map((a) => a.question.id);
		expect(ids(planImport({ bankId: 'branch-x-1', idPrefix: 'zb-', existing: [], rows }))).toEqual([
			'zb-0001',
			'zb-0002'
		]);
		expect(
			ids(
				planImport({
					bankId: 'branch-x-1',
					idPrefix: 'zb-',
					existing: [],
					existingIds: ['old-07'],
					rows
				})
			)
		).toEqual(['old-08', 'old-09']);
	});

	it('shortens long stems so a phone shows the row, not the whole question', () => {
		const long = '很'.repeat(100);
		const plan = { accepted: [], errors: [{ at: { row: 2 }, message: '错' }], warnings: [] };
		const { rows } = importRowReport(
			[
				{
					at: { row: 2 },
					type: '',
					stem: long,
					options: [],
					answer: '',
					explanation: '',
					source: '',
					difficulty: '',
					tags: '',
					audience: '',
					id: ''
				}
			],
			plan
		);
		expect(rows[0]?.stem).toBe('很'.repeat(40) + '…');
	});
});

describe('a question edited by hand', () => {
	it('passes the bundle schema for every type of a released question', () => {
		for (const q of [single, multiple, judge, fill, order]) {
			expect(checkEditedQuestion(q)).toEqual({ ok: true, question: q });
		}
	});

	it('needs 解析 and 出处, and an answer that fits, said in Chinese', () => {
		const draft = { ...single, explanation: '', source: '' };
		expect(checkEditedQuestion(draft)).toEqual({
			ok: false,
			problems: ['解析：至少要 10 个字', '出处：至少要 2 个字']
		});
		expect(checkEditedQuestion({ ...single, answer: 'F' })).toMatchObject({
			ok: false,
			problems: [expect.stringMatching(/^答案：/)]
		});
		expect(checkEditedQuestion({ ...judge, answer: null })).toMatchObject({
			ok: false,
			problems: ['答案：还没有填写']
		});
		expect(checkEditedQuestion({ ...multiple, answer: ['A'] })).toMatchObject({
			ok: false,
			problems: ['答案：多选题至少要选两个选项']
		});
		expect(checkEditedQuestion({ ...fill, answer: [] })).toMatchObject({
			ok: false,
			problems: ['答案：至少要写一个答案']
		});
	});

	it('keeps a message it has no words for, under the field name', () => {
		expect(describeQuestionIssue({ path: ['tags'], message: 'at most 10 tags' })).toBe(
			'标签：at most 10 tags'
		);
	});
});
