/**
 * The import/export subcommands of `npm run banks`. Messages are for the teacher or secretary
 * running them, so they are in Chinese; the exit code is 0 only when everything asked for was done.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatRowIssue, AUDIENCE_LABELS } from '../../../src/lib/core/bank/io';
import { AUDIENCES, type Audience } from '../../../src/lib/core/bank/schema';
import { csvBuffer } from './tables';
import { loadBank, writeText } from './bank-files';
import { EXPORT_FORMATS, exportBank, templateXlsx, type ExportFormat } from './export';
import { IMPORT_FORMATS, importQuestions, type ImportFormat } from './import';
import { TEMPLATE_COLUMNS } from '../../../src/lib/core/bank/io';
import { TEMPLATE_EXAMPLES } from './template-examples';

export const USAGE = `用法：
  npm run banks                                  校验并编译全部题库（不带参数）
  npm run banks -- import 文件 --bank 题库ID [选项]
      从 .xlsx / .csv（题型、题目、选项A…选项F、答案、解析、出处、难度、知识点、适用对象、编号）、
      Moodle GIFT（.gift / .txt）、Moodle XML（.xml）或纯文本题目（.txt：1. 题干 / A. … / 答案：B /
      解析：…）导入，写成 question-banks/题库ID/questions/ 下的一个新文件；
      没有解析或出处的题导入为草稿（draft: 待补解析），不会发布，补全后删掉 draft 那一行
      --partial        有问题的行不导入，其余照常写入（默认：有任何一行有问题就什么都不写）
      --check          只检查、报告，不写文件
      --format F       按 xlsx、csv、gift、moodle-xml 或 text 读取（默认看扩展名和内容）
      --name 文件名    写入 questions/ 下的这个文件名（默认：下一个编号-import.yaml）
      --source 出处    「出处」为空的行用这个出处
      --title 标题     新题库的标题（默认：题库ID）
      --audience A     新题库的适用对象：pupil（少儿）、member（党员群众）或 all（通用）
  npm run banks -- drafts --bank 题库ID                            列出题库里的草稿（待补解析）
  npm run banks -- export --bank 题库ID --format xlsx|csv|gift|moodle-xml [--out 文件] [--drafts]
      --drafts         只导出草稿：在 Excel 里补上解析、出处后原样导入，按编号补全这些草稿
  npm run banks -- template [--format xlsx|csv] [--out 文件]     写出带示例的空白导入模板`;

export interface CliEnv {
	banksDir: string;
	cwd: string;
	/** Today, YYYY-MM-DD. */
	today: string;
	log: (line: string) => void;
	error: (line: string) => void;
	/** A clock in ms, for showing progress on long imports (default Date.now). */
	now?: () => number;
}

const STEP_NAMES = { read: '读取文件', rows: '检查题目', duplicates: '查找重复题' } as const;

/**
 * Row numbers as short ranges: 第 2、5–7、9 行. At most `limit` ranges, then 等 and the count.
 *
 * @example rowRanges([2, 5, 6, 7, 9]) // → '第 2、5–7、9 行'
 */
export function rowRanges(rows: readonly number[], limit = 30): string {
	const ranges: string[] = [];
	for (let i = 0; i < rows.length;) {
		let j = i;
		while (j + 1 < rows.length && rows[j + 1] === (rows[j] ?? 0) + 1) j++;
		ranges.push(i === j ? `${rows[i]}` : `${rows[i]}–${rows[j]}`);
		i = j + 1;
	}
	return ranges.length > limit
		? `第 ${ranges.slice(0, limit).join('、')} 行等，共 ${rows.length} 行`
		: `第 ${ranges.join('、')} 行`;
}

const BANK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Runs `import`, `export` or `template` with the arguments after `npm run banks --`; the exit code. */
export async function runBankIoCli(args: readonly string[], env: CliEnv): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			args: [...args],
			allowPositionals: true,
			options: {
				bank: { type: 'string' },
				format: { type: 'string' },
				out: { type: 'string' },
				name: { type: 'string' },
				source: { type: 'string' },
				title: { type: 'string' },
				audience: { type: 'string' },
				partial: { type: 'boolean' },
				drafts: { type: 'boolean' },
				check: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (e) {
		env.error(`✗ ${(e as Error).message}`);
		env.error(USAGE);
		return 2;
	}
	const { values, positionals } = parsed;
	const [command, ...rest] = positionals;
	if (values.help) {
		env.log(USAGE);
		return 0;
	}
	const usageError = (message: string) => {
		env.error(`✗ ${message}`);
		env.error(USAGE);
		return 2;
	};

	if (command === 'template') {
		const format = values.format ?? 'xlsx';
		if (format !== 'xlsx' && format !== 'csv') return usageError('模板只有 xlsx 和 csv 两种格式');
		const out = resolve(env.cwd, values.out ?? `题库导入模板.${format}`);
		const bytes =
			format === 'xlsx'
				? await templateXlsx(TEMPLATE_EXAMPLES)
				: await csvBuffer(TEMPLATE_COLUMNS, TEMPLATE_EXAMPLES);
		await writeText(out, bytes);
		env.log(`✓ 写出导入模板 ${out}（${TEMPLATE_EXAMPLES.length} 行示例）`);
		return 0;
	}

	const bankId = values.bank;
	if (!bankId) return usageError('请用 --bank 指定题库ID，例如 --bank party-history-basics');
	if (!BANK_ID.test(bankId)) {
		return usageError(`题库ID "${bankId}" 不合格式：只能用小写字母、数字和单个连字符`);
	}

	if (command === 'export') {
		const format = values.format;
		if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
			return usageError(`请用 --format 指定导出格式：${EXPORT_FORMATS.join('、')}`);
		}
		const result = await exportBank({
			bankId,
			banksDir: env.banksDir,
			format: format as ExportFormat,
			out: values.out,
			cwd: env.cwd,
			draftsOnly: values.drafts
		});
		if (!result.ok) {
			for (const e of result.errors) env.error(`✗ ${e}`);
			return 1;
		}
		env.log(
			`✓ 导出题库 ${bankId} 版本 ${result.meta.version}：${result.count} 道题${result.drafts ? `（其中 ${result.drafts} 道草稿，解析或出处为空）` : ''} → ${result.out}`
		);
		return 0;
	}

	if (command === 'drafts') {
		const bank = await loadBank(env.banksDir, bankId);
		if (!bank) {
			env.error(`✗ 没有题库 ${bankId}（${env.banksDir} 下没有这个文件夹）`);
			return 1;
		}
		for (const d of bank.drafts) {
			const stem =
				d.question.stem.length > 30 ? d.question.stem.slice(0, 30) + '…' : d.question.stem;
			env.log(`${d.where}\t${d.question.id}\t${d.draft}\t${stem}`);
		}
		const byNote = new Map<string, number>();
		for (const d of bank.drafts) byNote.set(d.draft ?? '', (byNote.get(d.draft ?? '') ?? 0) + 1);
		env.log(
			bank.drafts.length
				? `题库 ${bankId} 有 ${bank.drafts.length} 道草稿（${[...byNote].map(([n, c]) => `${n} ${c}`).join('，')}），不会发布：补上 explanation（解析）和 source（出处）后删掉 draft 那一行。`
				: `题库 ${bankId} 没有草稿。`
		);
		return 0;
	}

	if (command !== 'import') return usageError(`不认识的命令 "${command ?? ''}"`);
	const [file, ...extra] = rest;
	if (!file || extra.length) return usageError('import 后面要跟一个文件名');
	if (values.format && !(IMPORT_FORMATS as readonly string[]).includes(values.format)) {
		return usageError(`--format 只能是 ${IMPORT_FORMATS.join('、')}`);
	}
	if (values.audience && !(AUDIENCES as readonly string[]).includes(values.audience)) {
		return usageError(`--audience 只能是 ${AUDIENCES.join('、')}`);
	}
	if (values.name && !/^[\w.-]+$/.test(values.name)) {
		return usageError('--name 只能用字母、数字、点、下划线和连字符');
	}

	const now = env.now ?? Date.now;
	const started = now();
	let shown = started;
	const report = await importQuestions({
		// Long imports say how far they are, on stderr, at most once a second.
		onProgress: ({ step, done, total }) => {
			const t = now();
			if (t - started < 1000 || (t - shown < 1000 && done < total)) return;
			shown = t;
			env.error(`… ${STEP_NAMES[step]}：${done} / ${total} 行`);
		},
		file: resolve(env.cwd, file),
		bankId,
		banksDir: env.banksDir,
		format: values.format as ImportFormat | undefined,
		partial: values.partial,
		check: values.check,
		name: values.name,
		title: values.title,
		audience: values.audience as Audience | undefined,
		source: values.source,
		today: env.today
	});
	for (const note of report.notes) env.log(`· ${note}`);
	if (report.fileErrors.length || !report.plan) {
		for (const e of report.fileErrors) env.error(`✗ ${e}`);
		return 1;
	}
	const { plan } = report;
	for (const issue of plan.errors) env.error(`✗ ${formatRowIssue(issue)}`);
	for (const issue of plan.warnings) env.log(`! ${formatRowIssue(issue)}`);
	const summary = `读到 ${report.rowCount} 行题目：${plan.accepted.length} 道可以导入${plan.drafts ? `（其中 ${plan.drafts} 道是草稿，不会发布）` : ''}，${plan.refused} 行有问题`;
	if (plan.drafts) {
		const byNote = new Map<string, number[]>();
		for (const a of plan.accepted) {
			if (a.draft) byNote.set(a.draft, [...(byNote.get(a.draft) ?? []), a.at.row]);
		}
		for (const [note, rows] of byNote) {
			env.log(`~ 草稿（${note}）${rows.length} 道：${rowRanges(rows)}`);
		}
	}
	if (report.written.length === 0) {
		if (values.check) {
			env.log(`${summary}。（--check：没有写入文件）`);
			return plan.errors.length ? 1 : 0;
		}
		if (!plan.accepted.length && !plan.errors.length) {
			env.error('✗ 文件里没有题目');
			return 1;
		}
		env.error(
			`${summary}。没有写入任何文件：请按上面的提示修改后重新导入${plan.accepted.length ? '，或加 --partial 只导入没有问题的行' : ''}。`
		);
		return 1;
	}
	const ids = plan.newIds;
	const kept = plan.accepted.length - ids.length - plan.filled;
	env.log(summary + '。');
	if (plan.filled) {
		const still = plan.accepted.filter((a) => a.fills && a.draft).length;
		env.log(
			`✓ 按编号补全了题库里的 ${plan.filled} 道草稿（写回原来的文件和位置）${still ? `，其中 ${still} 道仍缺解析或出处，还是草稿` : ''}`
		);
	}
	for (const w of report.written) env.log(`✓ 写入 ${w}`);
	if (plan.drafts) {
		env.log(
			`  草稿 ${plan.drafts} 道带 draft: 一行，不会发布；补上解析（explanation）和出处（source）后删掉那一行。列出草稿：npm run banks -- drafts --bank ${bankId}`
		);
	}
	if (ids.length)
		env.log(`  新编号 ${ids[0]}${ids.length > 1 ? ` … ${ids.at(-1)}` : ''}（${ids.length} 道）`);
	if (kept) env.log(`  沿用文件里的编号：${kept} 道`);
	if (report.createdBank) {
		const m = report.createdBank;
		env.log(
			`✓ 新建了题库 ${m.id}：标题 "${m.title}"，适用对象 ${AUDIENCE_LABELS[m.audience]}（${m.audience}${plan.audienceFrom === 'file' ? '，按文件的「适用对象」' : plan.audienceFrom === 'default' ? '，默认' : ''}），版本 1.0.0。请检查 bank.yaml 的标题和说明。`
		);
	} else {
		if (values.title || values.audience) env.log('· --title 和 --audience 只对新题库有效，已忽略');
		env.log(
			`提醒：题库 ${bankId} 有了新题，请在 bank.yaml 里升级版本号、写更新说明，然后运行 npm run banks 检查。`
		);
	}
	return plan.errors.length ? 1 : 0;
}
