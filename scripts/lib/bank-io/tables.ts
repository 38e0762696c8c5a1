/**
 * Sheets in and out of files: .xlsx through exceljs, .csv through exceljs's CSV support (after we
 * decode the bytes ourselves, because Excel on Chinese Windows saves CSV as GBK, not UTF-8).
 * Every cell comes back as text; cells Excel turned into something else are reported, not
 * reinterpreted.
 */
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import type { SheetRows } from '../../../src/lib/core/bank/io';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'gb18030';

/**
 * Decodes a text file as Excel and Chinese systems write it: UTF-8 with or without BOM,
 * UTF-16LE with BOM (Excel's "Unicode text"), otherwise GB18030 (a superset of GBK and GB2312).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
	}
	if (bytes[0] === 0xff && bytes[1] === 0xfe) {
		return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
	}
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
	}
}

/** The delimiter of the first line that has one, counting only outside quotes: , or tab or ;. */
function sniffDelimiter(text: string): string {
	const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
	const counts = { ',': 0, '\t': 0, ';': 0 };
	let quoted = false;
	for (const c of firstLine) {
		if (c === '"') quoted = !quoted;
		else if (!quoted && c in counts) counts[c as keyof typeof counts]++;
	}
	const best = (Object.entries(counts) as [string, number][]).sort((a, b) => b[1] - a[1])[0];
	return best && best[1] > 0 ? best[0] : ',';
}

function toRows(sheet: ExcelJS.Worksheet, name?: string): SheetRows {
	const rows: SheetRows['rows'] = [];
	for (let r = 1; r <= sheet.rowCount; r++) {
		const row = sheet.getRow(r);
		const cells: string[] = [];
		const errors: { col: number; message: string }[] = [];
		for (let c = 1; c <= sheet.columnCount; c++) {
			const read = cellText(row.getCell(c).value);
			cells.push(read.text);
			if (read.error) errors.push({ col: c - 1, message: read.error });
		}
		rows.push(errors.length ? { row: r, cells, errors } : { row: r, cells });
	}
	return { sheet: name, rows };
}

/** A cell's value as the text a person typed, or why it cannot be trusted. */
export function cellText(value: ExcelJS.CellValue): { text: string; error?: string } {
	if (value === null || value === undefined) return { text: '' };
	if (typeof value === 'string') return { text: value };
	if (typeof value === 'number') return { text: String(value) };
	if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
	if (value instanceof Date) {
		const day = isNaN(value.getTime()) ? '?' : value.toISOString().slice(0, 10);
		return {
			text: day,
			error: `Excel 把这个单元格当成了日期（${day}）：请把这一列设成"文本"格式后重新输入`
		};
	}
	if ('error' in value) {
		return { text: String(value.error), error: `单元格是 Excel 错误值 ${String(value.error)}` };
	}
	if ('richText' in value) return { text: value.richText.map((t) => t.text).join('') };
	if ('hyperlink' in value) {
		const text = value.text as unknown;
		if (typeof text === 'string') return { text };
		return cellText(text as ExcelJS.CellValue);
	}
	if ('formula' in value || 'sharedFormula' in value) {
		return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
	}
	return { text: '', error: '读不懂这个单元格的内容' };
}

/** Every worksheet of an .xlsx file, as text. Sheets are named only when there are several. */
export async function readXlsx(path: string): Promise<SheetRows[]> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.readFile(path);
	const sheets = workbook.worksheets;
	return sheets.map((s) => toRows(s, sheets.length > 1 ? s.name : undefined));
}

/** CSV text (already decoded) as one sheet; the delimiter is sniffed from the first line. */
export async function parseCsv(text: string): Promise<SheetRows> {
	const workbook = new ExcelJS.Workbook();
	const sheet = await workbook.csv.read(Readable.from([text.replace(/^\ufeff/, '')]), {
		// Keep every value as the text in the file: no numbers, dates or TRUE/FALSE guessing.
		map: (value: unknown) => value,
		parserOptions: { delimiter: sniffDelimiter(text) }
	});
	return toRows(sheet);
}

export interface XlsxSheet {
	name: string;
	header: readonly string[];
	rows: readonly (readonly string[])[];
	/** Column widths in characters, by column. */
	widths?: readonly number[];
	/** Allowed values of a column, offered as a drop-down list in Excel. */
	lists?: { column: number; values: readonly string[] }[];
}

/**
 * An .xlsx workbook with one formatted sheet: a bold frozen header, wrapped text and every
 * column formatted as text, so Excel does not turn 1921 into a number or 7-1 into a date when a
 * teacher types more rows.
 */
export async function xlsxBuffer(sheet: XlsxSheet): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = '口袋课堂';
	const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
	ws.columns = sheet.header.map((name, i) => ({
		header: name,
		width: sheet.widths?.[i] ?? 14,
		style: { numFmt: '@', alignment: { wrapText: true, vertical: 'top' } }
	}));
	for (const row of sheet.rows) ws.addRow([...row]);
	const headerRow = ws.getRow(1);
	headerRow.font = { bold: true };
	headerRow.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE9E7' } };
	const last = Math.max(ws.rowCount, 1) + 200;
	for (const list of sheet.lists ?? []) {
		for (let r = 2; r <= last; r++) {
			ws.getCell(r, list.column + 1).dataValidation = {
				type: 'list',
				allowBlank: true,
				formulae: [`"${list.values.join(',')}"`]
			};
		}
	}
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** CSV bytes as Excel opens them correctly: UTF-8 with BOM, CRLF line ends, RFC 4180 quoting. */
export async function csvBuffer(
	header: readonly string[],
	rows: readonly (readonly string[])[]
): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const ws = workbook.addWorksheet('sheet');
	ws.addRow([...header]);
	for (const row of rows) ws.addRow([...row]);
	const buffer = await workbook.csv.writeBuffer({
		map: (value: unknown) => (value === null || value === undefined ? '' : value),
		formatterOptions: { writeBOM: true, rowDelimiter: '\r\n' }
	});
	return Buffer.from(buffer);
}
