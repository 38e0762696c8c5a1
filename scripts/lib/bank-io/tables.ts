/**
 * Sheets in and out of files. Reading is shared with the server's upload (core's read-file.ts for
 * text and CSV, server/xlsx-sheets.ts for .xlsx) and re-exported here; writing (.xlsx and CSV
 * through exceljs) is the CLI's own.
 */
import ExcelJS from 'exceljs';
import { protectCsvCell } from '../../../src/lib/core/bank/io';

export {
	decodeText,
	readCsvSheet as parseCsv,
	type TextEncoding
} from '../../../src/lib/core/bank/io';
export { cellText, readXlsx } from '../../../src/lib/server/xlsx-sheets';

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
