import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatRowIssue, TEMPLATE_COLUMNS } from '../../src/lib/core/bank/io';
import { csvBuffer, decodeText, parseCsv, readXlsx } from '../../scripts/lib/bank-io/tables';
import { importQuestions, type ImportOptions } from '../../scripts/lib/bank-io/import';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
	const d = mkdtempSync(join(tmpdir(), 'bank-io-'));
	dirs.push(d);
	return d;
}

const EXPLANATION = '1921年7月，中国共产党第一次全国代表大会在上海召开。';
const HEADER = ['题型', '题目', '选项A', '选项B', '选项C', '选项D', '答案', '解析', '出处'];

function options(file: string, extra: Partial<ImportOptions> = {}): ImportOptions {
	const root = tempDir();
	return {
		file,
		bankId: 'demo',
		banksDir: join(root, 'question-banks'),
		today: '2026-12-01',
		check: true,
		...extra
	};
}

describe('bank-io files: decoding text', () => {
	const text = '题型,题目\n单选,中国共产党\n';
	it('reads UTF-8 with and without BOM, UTF-16LE and GBK', () => {
		const utf8 = new TextEncoder().encode(text);
		expect(decodeText(utf8)).toEqual({ text, encoding: 'utf-8' });
		expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({
			text,
			encoding: 'utf-8'
		});
		expect(decodeText(new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]))).toEqual({
			text,
			encoding: 'utf-16le'
		});
		// 「中国」 in GBK, as Excel on Chinese Windows saves a CSV.
		expect(decodeText(new Uint8Array([0xd6, 0xd0, 0xb9, 0xfa]))).toEqual({
			text: '中国',
			encoding: 'gb18030'
		});
	});
});

describe('bank-io files: CSV', () => {
	it('keeps every cell as the text in the file, quoted line breaks included', async () => {
		const sheet = await parseCsv(
			'\ufeff题型,题目,答案\n判断,"一大在上海开幕,""对吗""\n第二行",1\n\n填空,成立于____年,2021-01-01\n'
		);
		expect(sheet.rows.filter((r) => r.cells.some(Boolean))).toEqual([
			{ row: 1, cells: ['题型', '题目', '答案'] },
			{ row: 2, cells: ['判断', '一大在上海开幕,"对吗"\n第二行', '1'] },
			{ row: 4, cells: ['填空', '成立于____年', '2021-01-01'] }
		]);
	});

	it('sniffs tab and semicolon delimiters', async () => {
		expect((await parseCsv('题型\t题目\n单选\ta,b\n')).rows[1]?.cells).toEqual(['单选', 'a,b']);
		expect((await parseCsv('题型;题目\n单选;a,b\n')).rows[1]?.cells).toEqual(['单选', 'a,b']);
	});

	it('writes UTF-8 with BOM and CRLF, quoting what needs it', async () => {
		const bytes = await csvBuffer(['题型', '题目'], [['单选', '含,逗号"引号"\n换行']]);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(bytes.subarray(3).toString('utf8')).toBe('题型,题目\r\n单选,"含,逗号""引号""\n换行"');
		expect((await parseCsv(decodeText(bytes).text)).rows[1]?.cells).toEqual([
			'单选',
			'含,逗号"引号"\n换行'
		]);
	});

	it('imports a GBK CSV saved by Excel and says which encoding it used', async () => {
		const dir = tempDir();
		const file = join(dir, 'gbk.csv');
		const text = [
			HEADER.join(','),
			`单选,中国共产党第一次全国代表大会是在哪一年召开的？,1919年,1921年,1927年,1949年,B,${EXPLANATION},《中国共产党简史》`
		].join('\r\n');
		// Node has no GBK encoder; these are the GBK bytes of the text, made with the decoder's inverse.
		writeFileSync(file, gbk(text));
		const report = await importQuestions(options(file));
		expect(report.notes).toContain('按 GB18030 编码读取');
		expect(report.plan?.errors).toEqual([]);
		expect(report.plan?.accepted[0]?.question).toMatchObject({ type: 'single', answer: 'B' });
	});
});

/** GBK bytes of a text: each character looked up by decoding every two-byte code (test helper). */
function gbk(text: string): Buffer {
	const decoder = new TextDecoder('gb18030');
	const table = new Map<string, number[]>();
	for (let hi = 0x81; hi <= 0xfe; hi++) {
		for (let lo = 0x40; lo <= 0xfe; lo++) {
			const c = decoder.decode(new Uint8Array([hi, lo]));
			if (c.length === 1 && !table.has(c)) table.set(c, [hi, lo]);
		}
	}
	const out: number[] = [];
	for (const c of text) {
		if (c.charCodeAt(0) < 0x80) out.push(c.charCodeAt(0));
		else {
			const bytes = table.get(c);
			if (!bytes) throw new Error(`no GBK code for ${c}`);
			out.push(...bytes);
		}
	}
	return Buffer.from(out);
}

describe('bank-io files: xlsx as teachers make them', () => {
	async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
		const wb = new ExcelJS.Workbook();
		build(wb);
		const file = join(tempDir(), 'bank.xlsx');
		await wb.xlsx.writeFile(file);
		return file;
	}

	it('reads numbers, rich text, formulas and merged cells as text', async () => {
		const file = await workbook((wb) => {
			const ws = wb.addWorksheet('题目');
			ws.addRow(['党史知识竞赛题库（请勿修改表头）']);
			ws.addRow(HEADER);
			ws.addRow([
				'填空',
				'中华人民共和国于（ ）年10月1日宣告成立。',
				'',
				'',
				'',
				'',
				1949,
				EXPLANATION,
				'《中国共产党简史》'
			]);
			ws.addRow([
				'单选题',
				{
					richText: [
						{ text: '中国共产党第一次全国代表大会是在' },
						{ font: { bold: true }, text: '哪一年' },
						{ text: '召开的？' }
					]
				},
				1919,
				1921,
				1927,
				1949,
				{ formula: 'CHAR(66)', result: 'B' },
				EXPLANATION,
				''
			]);
			ws.mergeCells('I3:I4');
		});
		const sheets = await readXlsx(readFileSync(file));
		if (typeof sheets === 'string') throw new Error(sheets);
		const [sheet] = sheets;
		expect(sheet?.rows[2]?.cells).toEqual([
			'填空',
			'中华人民共和国于（ ）年10月1日宣告成立。',
			'',
			'',
			'',
			'',
			'1949',
			EXPLANATION,
			'《中国共产党简史》'
		]);
		const report = await importQuestions(options(file));
		expect(report.plan?.errors.map(formatRowIssue)).toEqual([]);
		expect(report.plan?.accepted.map((a) => a.question)).toMatchObject([
			{ type: 'fill', stem: '中华人民共和国于____年10月1日宣告成立。', answer: ['1949'] },
			{
				type: 'single',
				stem: '中国共产党第一次全国代表大会是在哪一年召开的？',
				options: [{ text: '1919' }, { text: '1921' }, { text: '1927' }, { text: '1949' }],
				answer: 'B',
				source: '《中国共产党简史》'
			}
		]);
	});

	it('refuses cells Excel turned into dates or errors, naming the column', async () => {
		const file = await workbook((wb) => {
			const ws = wb.addWorksheet('题目');
			ws.addRow(HEADER);
			ws.addRow([
				'填空',
				'建党纪念日是（ ）。',
				'',
				'',
				'',
				'',
				new Date(Date.UTC(2021, 6, 1)),
				EXPLANATION,
				'《中国共产党简史》'
			]);
			ws.addRow([
				'单选',
				'中国共产党成立于哪一年？',
				'1919年',
				{ error: '#REF!' },
				'',
				'',
				'A',
				EXPLANATION,
				'《中国共产党简史》'
			]);
		});
		const report = await importQuestions(options(file));
		expect(report.plan?.errors.map(formatRowIssue)).toEqual([
			'第 2 行「答案」：Excel 把这个单元格当成了日期（2021-07-01）：请把这一列设成"文本"格式后重新输入',
			'第 3 行「选项B」：单元格是 Excel 错误值 #REF!'
		]);
	});

	it('reads every sheet with a header (one sheet per type) and skips an instructions sheet', async () => {
		const file = await workbook((wb) => {
			wb.addWorksheet('填写说明').addRow(['请按模板填写，不要改表头。']);
			const single = wb.addWorksheet('单选题');
			single.addRow(HEADER);
			single.addRow([
				'单选',
				'中国共产党成立于哪一年？',
				'1919年',
				'1921年',
				'',
				'',
				'E',
				EXPLANATION,
				'《中国共产党简史》'
			]);
			const judge = wb.addWorksheet('判断题');
			judge.addRow(HEADER);
			judge.addRow([
				'判断',
				'遵义会议是在1935年1月召开的。（ ）',
				'',
				'',
				'',
				'',
				'√',
				EXPLANATION,
				'《中国共产党简史》'
			]);
		});
		const report = await importQuestions(options(file));
		expect(report.notes).toEqual(['工作表「填写说明」没有题目表头，跳过']);
		expect(report.plan?.errors.map(formatRowIssue)).toEqual([
			'工作表「单选题」第 2 行「答案」：答案 "E" 里的 E 不是本题的选项（本题选项为 A、B）'
		]);
		expect(report.plan?.accepted.map((a) => a.question.type)).toEqual(['judge']);
	});

	it('writes the template header in order', async () => {
		const dir = tempDir();
		const file = join(dir, 't.csv');
		writeFileSync(file, await csvBuffer(TEMPLATE_COLUMNS, []));
		expect(readFileSync(file, 'utf8')).toBe(
			'\ufeff题型,题目,选项A,选项B,选项C,选项D,选项E,选项F,答案,解析,出处,难度,知识点,适用对象,编号'
		);
	});
});
