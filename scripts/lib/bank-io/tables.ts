/**
 * Sheets in and out of files: .xlsx through exceljs, .csv through exceljs's CSV support (after we
 * decode the bytes ourselves, because Excel on Chinese Windows saves CSV as GBK, not UTF-8).
 * Every cell comes back as text; cells Excel turned into something else are reported, not
 * reinterpreted.
 */
import ExcelJS from 'exceljs';
import {
	parseCsvRows,
	protectCsvCell,
	readCsvCell,
	type SheetRows
} from '../../../src/lib/core/bank/io';

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

function toRows(sheet: ExcelJS.Worksheet, name?: string): SheetRows {
	const rows: SheetRows['rows'] = [];
	// rowCount and columnCount are getters that walk the whole sheet: read them once, not per cell.
	const rowCount = sheet.rowCount;
	const columnCount = sheet.columnCount;
	for (let r = 1; r <= rowCount; r++) {
		const row = sheet.getRow(r);
		const cells: string[] = [];
		const errors: { col: number; message: string }[] = [];
		for (let c = 1; c <= columnCount; c++) {
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

/** Why bytes that should be an .xlsx workbook are not one, in words for the teacher; null if they look like one. */
export function notAWorkbook(bytes: Uint8Array): string | null {
	if (bytes.length === 0)
		return '这个文件是空的（0 字节），不是 Excel 工作簿：请确认选对了文件；如果要导入的是 CSV，请加 --format csv';
	// An .xlsx file is a zip archive: it starts with "PK\x03\x04" (or "PK\x05\x06" when empty).
	const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
	if (!zip) {
		// Text (UTF-8, GBK, or UTF-16 with its BOM) has no control bytes other than tab and line ends.
		const head = bytes.subarray(0, 512);
		const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
		const looksLikeText =
			utf16 || !head.some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b));
		return looksLikeText
			? '这个文件不是 Excel 工作簿，而是文本（可能是改了扩展名的 CSV）：请加 --format csv 按 CSV 导入，或在 Excel 里"另存为" .xlsx'
			: '这个文件不是 Excel 工作簿（.xlsx），读不出内容：请在 Excel 或 WPS 里打开它，"另存为" .xlsx 或 CSV 后再导入（CSV 请加 --format csv）';
	}
	if (bytes[2] === 0x05 && bytes[3] === 0x06)
		return '这个文件是空的压缩包，不是 Excel 工作簿（里面没有工作表）：请在 Excel 或 WPS 里"另存为" .xlsx 后再导入；如果它其实是 CSV，请加 --format csv';
	return null;
}

/** Every worksheet of an .xlsx file, as text. Sheets are named only when there are several. */
export async function readXlsx(bytes: Uint8Array): Promise<SheetRows[] | string> {
	const problem = notAWorkbook(bytes);
	if (problem) return problem;
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	} catch {
		// exceljs and jszip explain in English, with URLs; the teacher needs one Chinese line.
		return '这个文件不是完整的 Excel 工作簿（压缩包损坏或不是 .xlsx）：请在 Excel 或 WPS 里打开它，"另存为" .xlsx 后再导入；如果它其实是 CSV，请加 --format csv';
	}
	const sheets = workbook.worksheets;
	if (!sheets.length) return '这个 Excel 工作簿里没有工作表';
	return sheets.map((s) => toRows(s, sheets.length > 1 ? s.name : undefined));
}

/**
 * CSV text (already decoded) as one sheet: the delimiter sniffed from the first line, every value
 * kept as the text in the file (no numbers, dates or TRUE/FALSE guessing), formula-like cells
 * warned about and our own ' protection taken off (readCsvCell).
 */
export function parseCsv(text: string): SheetRows {
	const sheet = parseCsvRows(text);
	for (const row of sheet.rows) {
		const warnings: { col: number; message: string }[] = [];
		for (const [col, cell] of row.cells.entries()) {
			if (cell === '' || !/^['=+\-@]/.test(cell)) continue;
			const read = readCsvCell(cell);
			row.cells[col] = read.text;
			if (read.warning) warnings.push({ col, message: read.warning });
		}
		if (warnings.length) row.warnings = warnings;
	}
	return sheet;
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

/** CSV bytes as Excel opens them correctly: UTF-8 with BOM, CRLF line ends, RFC 4180 quoting,
 * formula-like cells protected (protectCsvCell). */
export async function csvBuffer(
	header: readonly string[],
	rows: readonly (readonly string[])[]
): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const ws = workbook.addWorksheet('sheet');
	ws.addRow([...header]);
	// Text beginning with = + - @ would run as a formula in Excel: written with ' in front.
	for (const row of rows) ws.addRow(row.map(protectCsvCell));
	const buffer = await workbook.csv.writeBuffer({
		map: (value: unknown) => (value === null || value === undefined ? '' : value),
		formatterOptions: { writeBOM: true, rowDelimiter: '\r\n' }
	});
	return Buffer.from(buffer);
}
