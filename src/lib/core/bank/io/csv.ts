/**
 * CSV text (already decoded) as sheet rows, in one pass over the text, and the protection of
 * cells a spreadsheet program would run as formulas. Our own reader because a bank of 100,000
 * rows must not become 1.5 million spreadsheet cell objects first.
 */
import type { SheetRows } from './template';

/**
 * The delimiter of the first non-empty line, counting only outside quotes: `,`, tab or `;`
 * (whichever occurs most; `,` when none does).
 *
 * @example sniffDelimiter('题型\t题目\t答案\n…') // → '\t'
 */
export function sniffDelimiter(text: string): string {
	const counts = { ',': 0, '\t': 0, ';': 0 };
	let quoted = false;
	let seen = false;
	for (const c of text) {
		if (c === '"') quoted = !quoted;
		else if (!quoted && (c === '\n' || c === '\r')) {
			if (seen) break;
		} else if (!quoted && c in counts) counts[c as keyof typeof counts]++;
		if (c.trim() !== '') seen = true;
	}
	const best = (Object.entries(counts) as [string, number][]).sort((a, b) => b[1] - a[1])[0];
	return best && best[1] > 0 ? best[0] : ',';
}

/**
 * Reads CSV text (RFC 4180: quoted fields with "" for a quote and line breaks inside, CRLF, LF
 * or CR line ends; a quote inside an unquoted field is kept as text) into rows numbered by
 * record from 1, as a spreadsheet numbers them. The delimiter is sniffed unless given. Linear in
 * the length of the text.
 *
 * @example parseCsvRows('题型,题目\n单选,"一大,二大"\n').rows[1]?.cells // → ['单选', '一大,二大']
 */
export function parseCsvRows(text: string, delimiter = sniffDelimiter(text)): SheetRows {
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const rows: SheetRows['rows'] = [];
	let cells: string[] = [];
	let field = '';
	let i = 0;
	const n = body.length;
	const endRecord = () => {
		cells.push(field);
		rows.push({ row: rows.length + 1, cells });
		cells = [];
		field = '';
	};
	while (i < n) {
		const c = body[i];
		if (c === '"' && field === '') {
			// A quoted field: up to the closing quote that is not doubled.
			let j = i + 1;
			let start = j;
			let value = '';
			for (;;) {
				const q = body.indexOf('"', j);
				if (q < 0) {
					value += body.slice(start);
					j = n;
					break;
				}
				if (body[q + 1] === '"') {
					value += body.slice(start, q + 1);
					j = q + 2;
					start = j;
					continue;
				}
				value += body.slice(start, q);
				j = q + 1;
				break;
			}
			field = value;
			// Anything between the closing quote and the delimiter is kept, as spreadsheets do.
			let k = j;
			while (k < n && body[k] !== delimiter && body[k] !== '\n' && body[k] !== '\r') k++;
			field += body.slice(j, k);
			i = k;
			continue;
		}
		if (c === delimiter) {
			cells.push(field);
			field = '';
			i++;
		} else if (c === '\n' || c === '\r') {
			endRecord();
			i += c === '\r' && body[i + 1] === '\n' ? 2 : 1;
		} else {
			// Plain text up to the next delimiter or line end, in one slice.
			let k = i + 1;
			while (k < n && body[k] !== delimiter && body[k] !== '\n' && body[k] !== '\r') k++;
			field += body.slice(i, k);
			i = k;
		}
	}
	if (field !== '' || cells.length) endRecord();
	return { rows };
}

/** The characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as it must be written into a CSV file that Excel or WPS will open: text beginning with
 * = + - @ (or a tab or carriage return) gets a leading apostrophe, the spreadsheet programs'
 * own mark for "this is text", so it is shown and never run as a formula. readCsvCell undoes it.
 *
 * @example protectCsvCell('=1+1') // → "'=1+1"
 */
export function protectCsvCell(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A cell read from a CSV file: an apostrophe that protects a formula-like text (protectCsvCell)
 * is taken off; a cell that begins with = + - @ unprotected comes back with a warning, because
 * a spreadsheet program may have run it as a formula (or will, when the file is opened).
 *
 * @example readCsvCell("'=1+1") // → { text: '=1+1' }
 * @example readCsvCell('=1+1').warning // → '单元格以 "=" 开头：…'
 */
export function readCsvCell(cell: string): { text: string; warning?: string } {
	if (cell.startsWith("'") && FORMULA_START.test(cell.slice(1))) return { text: cell.slice(1) };
	if (/^[=+\-@]/.test(cell)) {
		return {
			text: cell,
			warning: `单元格以 "${cell[0]}" 开头：在 Excel 或 WPS 里打开时会被当作公式运行；已按原文导入，请核对内容（导出的 CSV 会在前面加 ' 保护）`
		};
	}
	return { text: cell };
}
