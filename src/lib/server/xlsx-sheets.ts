/**
 * .xlsx workbooks to sheets of text, through exceljs (loaded on first use, not at server start).
 * Shared by the admin page's upload and the CLI (`npm run banks -- import`); everything after the
 * sheets (headers, rows, checks) is core's (bank/io/read-file.ts). Every cell comes back as text;
 * cells Excel turned into something else are reported, not reinterpreted.
 */
import type ExcelJS from 'exceljs';
// Relative, not $lib: the CLI runs this file under tsx, which has no SvelteKit aliases.
import { notAWorkbook, type SheetRows } from '../core/bank/io';

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

/**
 * Every worksheet of an .xlsx file, as text. Sheets are named only when there are several.
 * `asCsv` tells the teacher how to read a file that is really CSV instead (see notAWorkbook).
 */
export async function readXlsx(
	bytes: Uint8Array,
	asCsv = '请加 --format csv'
): Promise<SheetRows[] | string> {
	const problem = notAWorkbook(bytes, asCsv);
	if (problem) return problem;
	const { default: Excel } = await import('exceljs');
	const workbook = new Excel.Workbook();
	try {
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	} catch {
		// exceljs and jszip explain in English, with URLs; the teacher needs one Chinese line.
		return `这个文件不是完整的 Excel 工作簿（压缩包损坏或不是 .xlsx）：请在 Excel 或 WPS 里打开它，"另存为" .xlsx 后再导入；如果它其实是 CSV，${asCsv}`;
	}
	const sheets = workbook.worksheets;
	if (!sheets.length) return '这个 Excel 工作簿里没有工作表';
	return sheets.map((s) => toRows(s, sheets.length > 1 ? s.name : undefined));
}
