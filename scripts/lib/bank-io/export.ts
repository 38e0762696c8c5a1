/**
 * `npm run banks -- export --bank ID --format xlsx|csv|gift|moodle-xml [--out FILE]`: writes a
 * bank's questions in the sheet template, GIFT or Moodle XML.
 */
import { resolve } from 'node:path';
import {
	questionToTemplateRow,
	serialiseGift,
	serialiseMoodleXml,
	TEMPLATE_COLUMNS
} from '../../../src/lib/core/bank/io';
import type { BankMeta, Question } from '../../../src/lib/core/bank/schema';
import { loadBank, writeText } from './bank-files';
import { csvBuffer, xlsxBuffer } from './tables';

export const EXPORT_FORMATS = ['xlsx', 'csv', 'gift', 'moodle-xml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const EXTENSION: Record<ExportFormat, string> = {
	xlsx: '.xlsx',
	csv: '.csv',
	gift: '.gift.txt',
	'moodle-xml': '.moodle.xml'
};

/** Column widths (characters) of the template sheet. */
export const TEMPLATE_WIDTHS = [10, 48, 18, 18, 18, 18, 18, 18, 10, 48, 30, 8, 18, 10, 12];

/** The values the 题型 column offers in Excel's drop-down. */
export const TYPE_CHOICES = ['单选题', '多选题', '判断题', '填空题', '排序题'];

export interface ExportOptions {
	bankId: string;
	banksDir: string;
	format: ExportFormat;
	/** The file to write; default <bank>-<version><ext> in `cwd`. */
	out?: string;
	/** Only the drafts (待补解析), to fill in and import again. */
	draftsOnly?: boolean;
	cwd: string;
}

export type ExportResult =
	| { ok: true; out: string; count: number; drafts: number; meta: BankMeta }
	| { ok: false; errors: string[] };

/** The template sheet of a bank: rows aligned with TEMPLATE_COLUMNS, or why a question cannot be. */
export function templateRows(
	meta: BankMeta,
	questions: readonly Question[]
): { rows: string[][]; errors: string[] } {
	const rows: string[][] = [];
	const errors: string[] = [];
	for (const q of questions) {
		const row = questionToTemplateRow(q, meta.audience);
		if (row.ok) rows.push(row.cells);
		else errors.push(row.message);
	}
	return { rows, errors };
}

/** The bytes of a template workbook with the given rows. */
export function templateXlsx(rows: readonly string[][]): Promise<Buffer> {
	return xlsxBuffer({
		name: '题目',
		header: TEMPLATE_COLUMNS,
		rows,
		widths: TEMPLATE_WIDTHS,
		lists: [{ column: 0, values: TYPE_CHOICES }]
	});
}

/** Writes the export; refuses a bank that does not load cleanly (run `npm run banks` to see why). */
export async function exportBank(options: ExportOptions): Promise<ExportResult> {
	const bank = await loadBank(options.banksDir, options.bankId);
	if (!bank)
		return {
			ok: false,
			errors: [`没有题库 ${options.bankId}（${options.banksDir} 下没有这个文件夹）`]
		};
	if (bank.problems.length || !bank.meta) {
		return {
			ok: false,
			errors: [
				`题库 ${options.bankId} 有问题，先修好再导出：`,
				...bank.problems.map((p) => `  ${p}`)
			]
		};
	}
	const meta = bank.meta;
	// Drafts are exported too (after the questions), so 解析 can be written in Excel; every format
	// leaves their 解析 or 出处 empty, which the importer reads as a draft again.
	const questions = [...(options.draftsOnly ? [] : bank.questions), ...bank.drafts].map(
		(q) => q.question
	);
	const out = resolve(
		options.cwd,
		options.out ??
			`${meta.id}-${meta.version}${options.draftsOnly ? '-草稿' : ''}${EXTENSION[options.format]}`
	);
	switch (options.format) {
		case 'xlsx':
		case 'csv': {
			const { rows, errors } = templateRows(meta, questions);
			if (errors.length) return { ok: false, errors };
			const bytes =
				options.format === 'xlsx'
					? await templateXlsx(rows)
					: await csvBuffer(TEMPLATE_COLUMNS, rows);
			await writeText(out, bytes);
			break;
		}
		case 'gift':
			await writeText(out, serialiseGift(meta, questions));
			break;
		case 'moodle-xml':
			await writeText(out, serialiseMoodleXml(meta, questions));
			break;
	}
	return { ok: true, out, count: questions.length, drafts: bank.drafts.length, meta };
}
