/**
 * `npm run banks -- import FILE --bank ID`: reads a sheet (.xlsx, .csv) or GIFT file, plans the
 * import with the core (planImport) and, only when every row is taken (or --partial), writes one
 * new questions/*.yaml file, plus bank.yaml for a bank that does not exist yet.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import {
	IMPORT_FORMATS,
	importFormatOf,
	planImport,
	readTextRows,
	rowsFromSheets,
	sortIssues,
	unsupportedFormat,
	type ImportFormat,
	type ImportPlan,
	type ImportProgress,
	type ReadRows
} from '../../../src/lib/core/bank/io';
import type { Audience, BankMeta } from '../../../src/lib/core/bank/schema';
import {
	bankYaml,
	loadBank,
	nextQuestionFileName,
	questionsYaml,
	replaceQuestions,
	writeText
} from './bank-files';
import { decodeText, readXlsx } from './tables';

export { IMPORT_FORMATS, type ImportFormat };

export interface ImportOptions {
	file: string;
	bankId: string;
	banksDir: string;
	/** Read the file as this format instead of going by its extension. */
	format?: ImportFormat;
	/** Write the rows that can be taken even when others are refused. */
	partial?: boolean;
	/** Check only: report, write nothing. */
	check?: boolean;
	/** Name of the questions file to write (inside questions/). */
	name?: string;
	/** For a new bank: its title and audience. */
	title?: string;
	audience?: Audience;
	/** 出处 for rows that leave it empty. */
	source?: string;
	/** Today as YYYY-MM-DD, for a new bank's changelog. */
	today: string;
	/** Told how far a long import has got (rows read, rows checked, duplicates searched). */
	onProgress?: (progress: ImportProgress | { step: 'read'; done: number; total: number }) => void;
}

export interface ImportReport {
	/** Problems with the file as a whole (no header, unreadable); nothing was read. */
	fileErrors: string[];
	/** Notes about how the file was read (encoding, sheets skipped). */
	notes: string[];
	rowCount: number;
	plan?: ImportPlan;
	/** Files written, relative to the banks folder's parent. */
	written: string[];
	/** bank.yaml written for a new bank. */
	createdBank?: BankMeta;
	/** The bank existed and got new questions. */
	extendedBank: boolean;
}

/** The format of a file, by its extension (a .txt file by its content: GIFT or the plain layout). */
export function formatOf(file: string, text?: () => string): ImportFormat | string {
	return importFormatOf(basename(file), text);
}

async function readRows(options: ImportOptions, notes: string[]): Promise<ReadRows | string> {
	const bytes = await readFile(options.file).catch((e: NodeJS.ErrnoException) =>
		e.code === 'ENOENT' ? null : Promise.reject(e)
	);
	if (!bytes) return `找不到文件 ${options.file}`;
	let decoded: string | undefined;
	const text = () => {
		if (decoded === undefined) {
			const read = decodeText(bytes);
			if (read.encoding !== 'utf-8') notes.push(`按 ${read.encoding.toUpperCase()} 编码读取`);
			decoded = read.text;
		}
		return decoded;
	};
	const format = options.format ?? formatOf(options.file, text);
	const unsupported = unsupportedFormat(format, '，或用 --format 指定');
	if (unsupported) return unsupported;
	if (format !== 'xlsx') {
		const read = readTextRows(format as Exclude<ImportFormat, 'xlsx'>, text(), notes);
		if (typeof read !== 'string' && format === 'csv') reportRead(options, read.rows.length);
		return read;
	}
	const sheets = await readXlsx(bytes);
	if (typeof sheets === 'string') return sheets;
	reportRead(
		options,
		sheets.reduce((n, s) => n + s.rows.length, 0)
	);
	return rowsFromSheets(sheets, notes);
}

function reportRead(options: ImportOptions, rows: number) {
	options.onProgress?.({ step: 'read', done: rows, total: rows });
}

/** Reads, plans and (unless refused or --check) writes an import. Never throws for bad input. */
export async function importQuestions(options: ImportOptions): Promise<ImportReport> {
	const notes: string[] = [];
	const report: ImportReport = {
		fileErrors: [],
		notes,
		rowCount: 0,
		written: [],
		extendedBank: false
	};
	const read = await readRows(options, notes);
	if (typeof read === 'string') {
		report.fileErrors.push(read);
		return report;
	}
	report.rowCount = read.rows.length + (read.refusedRows ?? 0);
	const bank = await loadBank(options.banksDir, options.bankId);
	if (bank?.problems.length) {
		notes.push(
			`题库 ${options.bankId} 现有文件里有 ${bank.problems.length} 处问题（运行 npm run banks 查看）；导入照常检查编号和重复`
		);
	}
	const plan = planImport({
		bankId: options.bankId,
		audience: bank?.meta?.audience ?? options.audience,
		existing: [...(bank?.questions ?? []), ...(bank?.drafts ?? [])],
		existingIds: bank?.ids ?? [],
		rows: read.rows,
		defaultSource: options.source,
		onProgress: options.onProgress
	});
	plan.errors = sortIssues([...read.errors, ...plan.errors]);
	plan.refused += read.refusedRows ?? 0;
	plan.warnings = sortIssues([...read.warnings, ...plan.warnings]);
	report.plan = plan;

	const refused = plan.errors.length > 0;
	if (options.check || !plan.accepted.length || (refused && !options.partial)) return report;

	const root = join(options.banksDir, '..');
	const dir = join(options.banksDir, options.bankId);
	// Rows that fill in a draft of the bank go back into the draft's own file, in its place.
	const byFile = new Map<string, typeof plan.accepted>();
	for (const a of plan.accepted) {
		if (a.fills) byFile.set(a.fills, [...(byFile.get(a.fills) ?? []), a]);
	}
	for (const [where, items] of byFile) {
		const path = join(dir, where);
		await writeText(path, replaceQuestions(await readFile(path, 'utf8'), items));
		report.written.push(relative(root, path));
	}
	const fresh = plan.accepted.filter((a) => !a.fills);
	if (!fresh.length) return report;
	const name = options.name
		? options.name.replace(/(\.ya?ml)?$/, '.yaml')
		: nextQuestionFileName(bank?.files ?? [], basename(options.file));
	if ((bank?.files ?? []).includes(name)) {
		report.fileErrors.push(`questions/${name} 已经存在：请换一个 --name`);
		return report;
	}
	if (!bank?.hasBankYaml) {
		const meta: BankMeta = {
			id: options.bankId,
			title: options.title ?? options.bankId,
			description: '',
			audience: plan.audience,
			version: '1.0.0',
			changelog: [
				{
					version: '1.0.0',
					date: options.today,
					notes: `从 ${basename(options.file)} 导入 ${plan.accepted.length} 道题。`
				}
			]
		};
		await writeText(join(dir, 'bank.yaml'), bankYaml(meta));
		report.createdBank = meta;
		report.written.push(relative(root, join(dir, 'bank.yaml')));
	} else report.extendedBank = true;

	const target = join(dir, 'questions', name);
	const comment =
		`从 ${basename(options.file)} 导入（npm run banks -- import，${options.today}）。` +
		(fresh.some((a) => a.draft)
			? `\n其中 ${fresh.filter((a) => a.draft).length} 道是草稿（draft: 待补解析 等）：不会发布；补上解析和出处后删掉 draft 那一行。`
			: '');
	await writeText(target, questionsYaml(fresh, comment));
	report.written.push(relative(root, target));
	return report;
}
