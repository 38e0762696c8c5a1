/**
 * The sheet template most Chinese exam systems import and export: one question per row under a
 * header row 题型 | 题目 | 选项A … 选项F | 答案 | 解析 | 出处 | 难度 | 知识点 | 适用对象, plus our
 * 编号 (the stable id) so an exported sheet can come back without new ids.
 */
import { OPTION_KEYS, type Audience, type Question } from '../schema';
import { FILL_ALTERNATIVES_SEPARATOR } from './answer';
import type { RowIssue } from './issues';
import { AUDIENCE_LABELS, FIELD_LABELS, optionLabel, type Field, type RawQuestion } from './row';
import { cleanValue } from './text';

/** The header the exporter writes, in order. */
export const TEMPLATE_COLUMNS: readonly string[] = [
	FIELD_LABELS.type,
	FIELD_LABELS.stem,
	...OPTION_KEYS.map(optionLabel),
	FIELD_LABELS.answer,
	FIELD_LABELS.explanation,
	FIELD_LABELS.source,
	FIELD_LABELS.difficulty,
	FIELD_LABELS.tags,
	FIELD_LABELS.audience,
	FIELD_LABELS.id
];

/** Other names exam systems give the same columns (compared without spaces, case or (必填)). */
export const HEADER_ALIASES: Record<Field, readonly string[]> = {
	type: ['题型', '题目类型', '试题类型', '题类', '类型', 'type'],
	stem: ['题目', '题干', '试题', '题目内容', '试题内容', '试题题干', '问题', 'stem'],
	answer: ['答案', '正确答案', '参考答案', '标准答案', 'answer'],
	explanation: ['解析', '答案解析', '试题解析', '题目解析', '解释', 'explanation'],
	source: ['出处', '来源', '题目来源', '试题来源', '出题依据', '依据', 'source'],
	difficulty: ['难度', '难易程度', '难易度', '难度等级', 'difficulty'],
	tags: ['知识点', '标签', '考点', 'tags'],
	audience: ['适用对象', '适用人群', '对象', '面向对象', 'audience'],
	id: ['编号', '题目编号', '试题编号', 'id']
};

function headerWord(cell: string): string {
	return cleanValue(cell)
		.replace(/[（(][^）)]*[）)]/g, '')
		.replace(/[*＊:：\s]/g, '')
		.toLowerCase();
}

function optionColumnKey(word: string): number | null {
	const m = /^(?:选项([a-z])|([a-z])选项|([a-z])|选项([1-9]))$/.exec(word);
	if (!m) return null;
	const letter = m[1] ?? m[2] ?? m[3];
	if (letter) return letter.charCodeAt(0) - 97;
	return Number(m[4]) - 1;
}

export interface Header {
	/** The header's row number. */
	row: number;
	/** Column index (0-based) of each field found. */
	fields: Partial<Record<Field, number>>;
	/** Column index of each option, by position (A = 0). */
	options: number[];
	/** Column names as the file writes them. */
	labels: Partial<Record<Field, string>> & { options: string[] };
	/** Every header cell, by column. */
	names: string[];
}

export interface HeaderResult {
	header?: Header;
	errors: RowIssue[];
	warnings: RowIssue[];
}

/** A sheet as text: its rows with their 1-based numbers (empty rows may be left out). */
export interface SheetRows {
	sheet?: string;
	rows: {
		row: number;
		cells: string[];
		/** Cells that cannot be trusted (an Excel error value, a date): the row is refused. */
		errors?: { col: number; message: string }[];
		/** Cells worth a look (a formula-like text in a CSV file): the row is still taken. */
		warnings?: { col: number; message: string }[];
	}[];
}

const REQUIRED: Field[] = ['type', 'stem', 'answer'];

/**
 * Finds the header row (the first of the sheet's first 10 rows that names 题目 and two more
 * template columns: title and instruction rows above it are skipped) and maps its columns.
 * Unknown columns are reported as warnings (their content is not imported), a column named twice
 * or a missing 题型/题目/答案 column as errors.
 *
 * @example findHeader({ rows: [{ row: 1, cells: ['题型', '题干', 'A', 'B', '正确答案'] }] }).header?.fields
 * // → { type: 0, stem: 1, answer: 4 }
 */
export function findHeader(sheet: SheetRows): HeaderResult {
	for (const { row, cells } of sheet.rows.slice(0, 10)) {
		const found = mapHeader(cells);
		if (
			found.fields.stem !== undefined &&
			Object.keys(found.fields).length + (found.options.length ? 1 : 0) >= 3
		) {
			const at = { sheet: sheet.sheet, row };
			const errors: RowIssue[] = found.twice.map((name) => ({
				at,
				column: name,
				message: '这一列出现了两次；请删掉或改名其中一列'
			}));
			for (const name of found.holes) {
				errors.push({ at, message: `表头缺少「${name}」列：选项列要从选项A起连续排列` });
			}
			for (const field of REQUIRED) {
				if (found.fields[field] === undefined) {
					errors.push({
						at,
						message: `表头缺少「${FIELD_LABELS[field]}」列（也认 ${HEADER_ALIASES[field].slice(1, 4).join('、')}）`
					});
				}
			}
			const warnings: RowIssue[] = found.unknown.map((name) => ({
				at,
				column: name,
				message: '不认识这一列，它的内容不会导入'
			}));
			const { fields, options, labels } = found;
			return {
				header: { row, fields, options, labels, names: cells.map(cleanValue) },
				errors,
				warnings
			};
		}
	}
	return {
		errors: [
			{
				at: { sheet: sheet.sheet, row: sheet.rows[0]?.row ?? 1 },
				message: `找不到表头：前 10 行里要有一行写着 ${TEMPLATE_COLUMNS.slice(0, 3).join('、')}…${FIELD_LABELS.answer} 等列名`
			}
		],
		warnings: []
	};
}

function mapHeader(cells: string[]) {
	const fields: Partial<Record<Field, number>> = {};
	const labels: Partial<Record<Field, string>> & { options: string[] } = { options: [] };
	const options: number[] = [];
	const twice: string[] = [];
	const unknown: string[] = [];
	for (const [col, cell] of cells.entries()) {
		const word = headerWord(cell);
		if (!word) continue;
		const field = (Object.keys(HEADER_ALIASES) as Field[]).find((f) =>
			HEADER_ALIASES[f].includes(word)
		);
		const option = field ? null : optionColumnKey(word);
		if (field) {
			if (fields[field] !== undefined) twice.push(cleanValue(cell));
			else {
				fields[field] = col;
				labels[field] = cleanValue(cell);
			}
		} else if (option !== null) {
			if (options[option] !== undefined) twice.push(cleanValue(cell));
			else {
				options[option] = col;
				labels.options[option] = cleanValue(cell);
			}
		} else unknown.push(cleanValue(cell));
	}
	// Option columns must be A, B, C… without holes: 选项A, 选项C without 选项B is a broken header.
	const holes = [...options.keys()]
		.filter((i) => options[i] === undefined)
		.map((i) => optionLabel(OPTION_KEYS[i] ?? String.fromCharCode(65 + i)));
	return { fields, options, labels, twice, unknown, holes };
}

/**
 * The rows under a header as raw questions. Empty rows are skipped (they are not questions);
 * every other row becomes a RawQuestion for normaliseRow, located by sheet and row number.
 *
 * @example rowsToRawQuestions(sheet, header) // → [{ at: { row: 2 }, type: '单选题', stem: '…', … }]
 */
export function rowsToRawQuestions(sheet: SheetRows, header: Header): RawQuestion[] {
	const cell = (cells: string[], col: number | undefined) =>
		col === undefined ? '' : (cells[col] ?? '');
	const used = new Set<number>([...Object.values(header.fields), ...header.options]);
	const out: RawQuestion[] = [];
	for (const { row, cells, errors, warnings } of sheet.rows) {
		if (row <= header.row || cells.every((c) => c.trim() === '')) continue;
		const at = { sheet: sheet.sheet, row };
		const located = (list: { col: number; message: string }[] | undefined) =>
			(list ?? [])
				.filter((e) => used.has(e.col))
				.map((e) => ({
					at,
					column: header.names[e.col] || `第 ${e.col + 1} 列`,
					message: e.message
				}));
		const issues = located(errors);
		const cellWarnings = located(warnings);
		out.push({
			...(issues.length ? { issues } : {}),
			...(cellWarnings.length ? { warnings: cellWarnings } : {}),
			at,
			type: cell(cells, header.fields.type),
			stem: cell(cells, header.fields.stem),
			options: header.options.map((col) => cell(cells, col)),
			answer: cell(cells, header.fields.answer),
			explanation: cell(cells, header.fields.explanation),
			source: cell(cells, header.fields.source),
			difficulty: cell(cells, header.fields.difficulty),
			tags: cell(cells, header.fields.tags),
			audience: cell(cells, header.fields.audience),
			id: cell(cells, header.fields.id),
			labels: header.labels
		});
	}
	return out;
}

const TYPE_CELL: Record<Question['type'], string> = {
	single: '单选题',
	multiple: '多选题',
	judge: '判断题',
	fill: '填空题',
	order: '排序题'
};

const TAG_SEPARATORS = /[、,，;；|｜\n]/;

const DIFFICULTY_CELL = { 1: '易', 2: '中', 3: '难' } as const;

/**
 * One question as a template row, aligned with TEMPLATE_COLUMNS: 题型 as 单选题…, the answer as
 * letters (B, AC, BAC), 正确/错误 for judge, fill alternatives joined with |, 难度 as 易/中/难,
 * 知识点 joined with ；, the bank's audience and the id. A fill answer that itself contains | cannot
 * be written this way and is refused.
 *
 * @example questionToTemplateRow(single, 'all') // → ['单选题', '…', '1919年', '1921年', …, 'B', …, 'q-single']
 */
export function questionToTemplateRow(
	q: Question,
	audience: Audience
): { ok: true; cells: string[] } | { ok: false; message: string } {
	const options = OPTION_KEYS.map(
		(k) => ('options' in q ? q.options.find((o) => o.key === k)?.text : '') ?? ''
	);
	let answer: string;
	switch (q.type) {
		case 'single':
			answer = q.answer;
			break;
		case 'multiple':
		case 'order':
			answer = q.answer.join('');
			break;
		case 'judge':
			answer = q.answer ? '正确' : '错误';
			break;
		case 'fill':
			if (q.answer.some((a) => a.includes(FILL_ALTERNATIVES_SEPARATOR) || a.includes('｜'))) {
				return {
					ok: false,
					message: `${q.id}：填空答案里有 "|"，表格里 | 用来分隔多个答案，无法原样导出`
				};
			}
			answer = q.answer.join(FILL_ALTERNATIVES_SEPARATOR);
			break;
	}
	const tag = q.tags.find((t) => TAG_SEPARATORS.test(t));
	if (tag) {
		return {
			ok: false,
			message: `${q.id}：知识点 "${tag}" 里有分隔符（、，；|），表格里无法原样导出`
		};
	}
	return {
		ok: true,
		cells: [
			TYPE_CELL[q.type],
			q.stem,
			...options,
			answer,
			q.explanation,
			q.source,
			DIFFICULTY_CELL[q.difficulty],
			q.tags.join('；'),
			AUDIENCE_LABELS[audience],
			q.id
		]
	};
}
