/**
 * A question file's bytes to rows, the part every importer shares (the CLI `npm run banks --
 * import` and the admin page's upload): decoding text as Chinese systems write it, telling the
 * format, reading CSV, GIFT, Moodle XML and the plain 「1. 题干 / A. … / 答案：B」 layout, and
 * turning sheets into rows. Only the .xlsx reader (exceljs) lives outside core; it hands its
 * sheets to rowsFromSheets.
 */
import { parseCsvRows, readCsvCell } from './csv';
import { parseGift } from './gift';
import type { RowIssue } from './issues';
import { parseMoodleXml } from './moodle-xml';
import { looksLikePlainText, parsePlainText } from './plain-text';
import type { RawQuestion } from './row';
import { findHeader, rowsToRawQuestions, type SheetRows } from './template';

export const IMPORT_FORMATS = ['xlsx', 'csv', 'gift', 'moodle-xml', 'text'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export type TextEncoding = 'utf-8' | 'utf-16le' | 'gb18030';

/** Rows read from a file, with the problems found while reading. */
export interface ReadRows {
	rows: RawQuestion[];
	errors: RowIssue[];
	warnings: RowIssue[];
	/** Questions a reader refused before they became rows: counted as read and refused. */
	refusedRows?: number;
}

/**
 * Decodes a text file as Excel and Chinese systems write it: UTF-8 with or without BOM,
 * UTF-16LE with BOM (Excel's "Unicode text"), otherwise GB18030 (a superset of GBK and GB2312).
 *
 * @example decodeText(new Uint8Array([0xd6, 0xd0, 0xb9, 0xfa])) // → { text: '中国', encoding: 'gb18030' }
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

/**
 * CSV text (already decoded) as one sheet: the delimiter sniffed from the first line, every value
 * kept as the text in the file (no numbers, dates or TRUE/FALSE guessing), formula-like cells
 * warned about and our own ' protection taken off (readCsvCell).
 *
 * @example readCsvSheet('题型,题目\n单选,"a,b"\n').rows[1]?.cells // → ['单选', 'a,b']
 */
export function readCsvSheet(text: string): SheetRows {
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

/**
 * The format of a file by its name (a .txt file by its content: GIFT or the plain layout); the
 * bare extension when it is none we read.
 *
 * @example importFormatOf('题库.xml') // → 'moodle-xml'
 */
export function importFormatOf(fileName: string, text?: () => string): ImportFormat | string {
	const dot = fileName.lastIndexOf('.');
	const ext = dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
	if (ext === 'gift') return 'gift';
	if (ext === 'txt') return text && looksLikePlainText(text()) ? 'text' : 'gift';
	if (ext === 'xml') return 'moodle-xml';
	return ext;
}

/**
 * Why a file of this format cannot be read at all, or null for a format we read. `how` says how
 * to name the format by hand (the CLI's `--format`, the page's drop-down).
 *
 * @example unsupportedFormat('xls', '') // → '不支持旧的 .xls 格式：…'
 */
export function unsupportedFormat(format: string, how: string): string | null {
	if ((IMPORT_FORMATS as readonly string[]).includes(format)) return null;
	if (format === 'xls') return '不支持旧的 .xls 格式：请在 Excel 里"另存为" .xlsx 后再导入';
	return `不认识的文件类型 "${format ? '.' + format : '（没有扩展名）'}"：可导入 .xlsx、.csv、GIFT（.gift / .txt）、Moodle XML（.xml）和纯文本题目（.txt：1. 题干 / A. … / 答案：B）${how}`;
}

/**
 * Rows of a text format (GIFT, Moodle XML, the plain layout) or of a CSV file's text.
 *
 * @example readTextRows('csv', '题型,题目,答案\n判断,……,对\n').rows.length // → 1
 */
export function readTextRows(
	format: Exclude<ImportFormat, 'xlsx'>,
	text: string,
	notes: string[] = []
): ReadRows | string {
	if (format === 'csv') return rowsFromSheets([readCsvSheet(text)], notes);
	const parse = { gift: parseGift, text: parsePlainText, 'moodle-xml': parseMoodleXml }[format];
	const read = parse(text);
	return { ...read, refusedRows: new Set(read.errors.map((e) => e.at.row)).size };
}

/**
 * The question rows of a workbook's sheets (or a CSV file's one sheet): each sheet's header
 * found, rows under it read. In a workbook of several sheets one without a header (instructions)
 * is skipped, and a note says so. A string when no sheet has a header.
 *
 * @example rowsFromSheets([readCsvSheet('题型,题目,答案\n判断,……,对\n')]) // → { rows: [1 row], … }
 */
export function rowsFromSheets(
	sheets: readonly SheetRows[],
	notes: string[] = []
): ReadRows | string {
	const rows: RawQuestion[] = [];
	const errors: RowIssue[] = [];
	const warnings: RowIssue[] = [];
	let withHeader = 0;
	for (const sheet of sheets) {
		const nonEmpty = sheet.rows.filter((r) => r.cells.some((c) => c.trim()));
		if (!nonEmpty.length) continue;
		const found = findHeader({ ...sheet, rows: nonEmpty });
		if (!found.header && sheets.length > 1) {
			notes.push(`工作表「${sheet.sheet}」没有题目表头，跳过`);
			continue;
		}
		errors.push(...found.errors);
		warnings.push(...found.warnings);
		if (found.header && !found.errors.length) {
			withHeader++;
			rows.push(...rowsToRawQuestions({ ...sheet, rows: nonEmpty }, found.header));
		}
	}
	if (!withHeader && !errors.length) return '文件里没有找到题目表头（题型、题目、答案…）';
	return { rows, errors, warnings };
}

/**
 * Why bytes that should be an .xlsx workbook are not one, in words for the teacher; null if they
 * look like one. `asCsv` says how to read the file as CSV instead (the CLI's `--format csv`).
 *
 * @example notAWorkbook(new Uint8Array(0), '请加 --format csv') // → '这个文件是空的（0 字节）…'
 */
export function notAWorkbook(bytes: Uint8Array, asCsv: string): string | null {
	if (bytes.length === 0)
		return `这个文件是空的（0 字节），不是 Excel 工作簿：请确认选对了文件；如果要导入的是 CSV，${asCsv}`;
	// An .xlsx file is a zip archive: it starts with "PK\x03\x04" (or "PK\x05\x06" when empty).
	const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
	if (!zip) {
		// Text (UTF-8, GBK, or UTF-16 with its BOM) has no control bytes other than tab and line ends.
		const head = bytes.subarray(0, 512);
		const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
		const looksLikeText =
			utf16 || !head.some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b));
		return looksLikeText
			? `这个文件不是 Excel 工作簿，而是文本（可能是改了扩展名的 CSV）：${asCsv} 按 CSV 导入，或在 Excel 里"另存为" .xlsx`
			: `这个文件不是 Excel 工作簿（.xlsx），读不出内容：请在 Excel 或 WPS 里打开它，"另存为" .xlsx 或 CSV 后再导入（CSV ${asCsv}）`;
	}
	if (bytes[2] === 0x05 && bytes[3] === 0x06)
		return `这个文件是空的压缩包，不是 Excel 工作簿（里面没有工作表）：请在 Excel 或 WPS 里"另存为" .xlsx 后再导入；如果它其实是 CSV，${asCsv}`;
	return null;
}
