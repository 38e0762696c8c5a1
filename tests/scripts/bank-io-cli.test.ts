import { spawnSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileAllBanks } from '../../scripts/lib/compile-banks';
import { runBankIoCli } from '../../scripts/lib/bank-io/cli';
import { loadBank } from '../../scripts/lib/bank-io/bank-files';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const BANK_YAML = `id: demo
title: 示例
audience: member
version: 1.0.0
changelog:
  - version: 1.0.0
    date: 2026-11-29
    notes: 首次发布
`;

const QUESTIONS = `- id: dm-0007
  type: single
  stem: 中国共产党第一次全国代表大会是在哪一年召开的？
  options:
    A: 1919年
    B: 1921年
  answer: B
  explanation: 1921年7月，中国共产党第一次全国代表大会在上海召开。
  source: 《中国共产党简史》
`;

const EXPLANATION = '1935年1月，中共中央政治局在贵州遵义召开扩大会议。';
const HEADER = '题型,题目,选项A,选项B,选项C,答案,解析,出处';
const GOOD = [
	`单选题,遵义会议是在哪一年召开的？,1921年,1935年,1949年,B,${EXPLANATION},《中国共产党简史》`,
	`判断,遵义会议是在贵州召开的。（ ）,,,,√,${EXPLANATION},《中国共产党简史》`
];
const BAD = `多选,遵义会议的意义有哪些？,确立了毛泽东的领导地位,挽救了党,挽救了红军,B,${EXPLANATION},《中国共产党简史》`;

/** A temp repo: question-banks/demo with one file, and a place for teachers' files. */
function repo() {
	const root = mkdtempSync(join(tmpdir(), 'bank-io-cli-'));
	dirs.push(root);
	mkdirSync(join(root, 'question-banks', 'demo', 'questions'), { recursive: true });
	writeFileSync(join(root, 'question-banks', 'demo', 'bank.yaml'), BANK_YAML);
	writeFileSync(join(root, 'question-banks', 'demo', 'questions', '01-basics.yaml'), QUESTIONS);
	const out: string[] = [];
	const err: string[] = [];
	const run = (...args: string[]) =>
		runBankIoCli(args, {
			banksDir: join(root, 'question-banks'),
			cwd: root,
			today: '2026-12-01',
			log: (l) => out.push(l),
			error: (l) => err.push(l)
		});
	const file = (name: string, lines: string[]) => {
		writeFileSync(join(root, name), '\ufeff' + [HEADER, ...lines].join('\r\n'));
		return name;
	};
	const questionFiles = (bank = 'demo') =>
		readdirSync(join(root, 'question-banks', bank, 'questions')).sort();
	return { root, run, file, out, err, questionFiles };
}

describe('bank-io CLI: import', () => {
	it('refuses the whole file when a row fails: reports row, column and reason, writes nothing', async () => {
		const r = repo();
		const code = await r.run('import', r.file('branch.csv', [...GOOD, BAD]), '--bank', 'demo');
		expect(code).toBe(1);
		expect(r.err).toEqual([
			'✗ 第 4 行「答案」：多选题至少需要两个选项，读到的是 "B"',
			'读到 3 行题目：2 道可以导入，1 行有问题。没有写入任何文件：请按上面的提示修改后重新导入，或加 --partial 只导入没有问题的行。'
		]);
		expect(r.questionFiles()).toEqual(['01-basics.yaml']);
	});

	it('--partial writes the good rows and still exits non-zero', async () => {
		const r = repo();
		const code = await r.run(
			'import',
			r.file('branch.csv', [BAD, ...GOOD]),
			'--bank',
			'demo',
			'--partial'
		);
		expect(code).toBe(1);
		expect(r.questionFiles()).toEqual(['01-basics.yaml', '02-import-branch.yaml']);
		const bank = await loadBank(join(r.root, 'question-banks'), 'demo');
		expect(bank?.questions.map((q) => [q.question.id, q.question.type])).toEqual([
			['dm-0007', 'single'],
			['dm-0008', 'single'],
			['dm-0009', 'judge']
		]);
	});

	it('into an existing bank: continues its ids, leaves bank.yaml alone, and the bank compiles', async () => {
		const r = repo();
		const code = await r.run('import', r.file('branch.csv', GOOD), '--bank', 'demo');
		expect(code).toBe(0);
		expect(r.out).toEqual([
			'读到 2 行题目：2 道可以导入，0 行有问题。',
			'✓ 写入 question-banks/demo/questions/02-import-branch.yaml',
			'  新编号 dm-0008 … dm-0009（2 道）',
			'提醒：题库 demo 有了新题，请在 bank.yaml 里升级版本号、写更新说明，然后运行 npm run banks 检查。'
		]);
		expect(readFileSync(join(r.root, 'question-banks', 'demo', 'bank.yaml'), 'utf8')).toBe(
			BANK_YAML
		);
		const written = readFileSync(
			join(r.root, 'question-banks', 'demo', 'questions', '02-import-branch.yaml'),
			'utf8'
		);
		expect(written).toContain(
			'# 从 branch.csv 导入（npm run banks -- import，2026-12-01）。\n- id: dm-0008\n'
		);
		expect(written).toContain(
			'\n\n- id: dm-0009\n  type: judge\n  stem: 遵义会议是在贵州召开的。\n  answer: true\n'
		);
		const { index } = await compileAllBanks(join(r.root, 'question-banks'), join(r.root, 'out'));
		expect(index.banks[0]).toMatchObject({ id: 'demo', questionCount: 3 });
	});

	it('refuses a duplicate of a bank question, naming where it is', async () => {
		const r = repo();
		const dup = `单选,中国共产党第一次全国代表大会是在哪一年召开的?,1919年,1921年,,B,${EXPLANATION},《中国共产党简史》`;
		expect(await r.run('import', r.file('dup.csv', [dup]), '--bank', 'demo')).toBe(1);
		expect(r.err[0]).toBe(
			'✗ 第 2 行「题目」：与题库里已有的 dm-0007（questions/01-basics.yaml）重复：「中国共产党第一次全国代表大会是在哪一年召开的？」'
		);
	});

	it('creates a new bank with bank.yaml and says so', async () => {
		const r = repo();
		const code = await r.run(
			'import',
			r.file('town.csv', GOOD),
			'--bank',
			'town-quiz',
			'--title',
			'金河镇竞赛题',
			'--audience',
			'pupil'
		);
		expect(code).toBe(0);
		expect(r.out.at(-1)).toBe(
			'✓ 新建了题库 town-quiz：标题 "金河镇竞赛题"，适用对象 少儿（pupil），版本 1.0.0。请检查 bank.yaml 的标题和说明。'
		);
		expect(readFileSync(join(r.root, 'question-banks', 'town-quiz', 'bank.yaml'), 'utf8')).toBe(
			[
				'id: town-quiz',
				'title: 金河镇竞赛题',
				"description: ''",
				'audience: pupil',
				'version: 1.0.0',
				'changelog:',
				'  - version: 1.0.0',
				'    date: 2026-12-01',
				'    notes: 从 town.csv 导入 2 道题。',
				''
			].join('\n')
		);
		expect(r.questionFiles('town-quiz')).toEqual(['01-import-town.yaml']);
		const { index } = await compileAllBanks(join(r.root, 'question-banks'), join(r.root, 'out'));
		expect(index.banks.map((b) => [b.id, b.questionCount])).toEqual([
			['demo', 1],
			['town-quiz', 2]
		]);
		const bank = await loadBank(join(r.root, 'question-banks'), 'town-quiz');
		expect(bank?.questions.map((q) => q.question.id)).toEqual(['tq-0001', 'tq-0002']);
	});

	it('--check reports without writing; --name and --source are used', async () => {
		const r = repo();
		const noSource = `单选,遵义会议是在哪一年召开的？,1921年,1935年,,B,${EXPLANATION},`;
		// Without 出处 the row is a draft: taken, but it says so.
		expect(await r.run('import', r.file('a.csv', [noSource]), '--bank', 'demo', '--check')).toBe(0);
		expect(r.err).toEqual([]);
		expect(r.out).toEqual([
			'~ 草稿（待补出处）1 道：第 2 行',
			'读到 1 行题目：1 道可以导入（其中 1 道是草稿，不会发布），0 行有问题。（--check：没有写入文件）'
		]);
		expect(
			await r.run('import', 'a.csv', '--bank', 'demo', '--source', '《中国共产党简史》', '--check')
		).toBe(0);
		expect(r.out.at(-1)).toBe('读到 1 行题目：1 道可以导入，0 行有问题。（--check：没有写入文件）');
		expect(r.questionFiles()).toEqual(['01-basics.yaml']);
		expect(
			await r.run('import', 'a.csv', '--bank', 'demo', '--source', '《简史》', '--name', '05-zunyi')
		).toBe(0);
		expect(r.questionFiles()).toEqual(['01-basics.yaml', '05-zunyi.yaml']);
		r.file('b.csv', [GOOD[1] ?? '']);
		expect(await r.run('import', 'b.csv', '--bank', 'demo', '--name', '05-zunyi.yaml')).toBe(1);
		expect(r.err.at(-1)).toBe('✗ questions/05-zunyi.yaml 已经存在：请换一个 --name');
	});

	it('reads GIFT', async () => {
		const r = repo();
		writeFileSync(
			join(r.root, 'moodle.txt'),
			`// 出处：《中国共产党简史》\n遵义会议是在哪一年召开的？{~1921年 =1935年 ####${EXPLANATION}}\n`
		);
		expect(await r.run('import', 'moodle.txt', '--bank', 'demo')).toBe(0);
		expect(r.questionFiles()).toEqual(['01-basics.yaml', '02-import-moodle.yaml']);
	});

	it('explains files it cannot read', async () => {
		const r = repo();
		writeFileSync(join(r.root, 'old.xls'), 'x');
		expect(await r.run('import', 'old.xls', '--bank', 'demo')).toBe(1);
		expect(await r.run('import', 'missing.csv', '--bank', 'demo')).toBe(1);
		writeFileSync(join(r.root, 'notes.csv'), '随便写的,一些字\n');
		expect(await r.run('import', 'notes.csv', '--bank', 'demo')).toBe(1);
		expect(r.err).toEqual([
			'✗ 不支持旧的 .xls 格式：请在 Excel 里"另存为" .xlsx 后再导入',
			`✗ 找不到文件 ${join(r.root, 'missing.csv')}`,
			'✗ 第 1 行：找不到表头：前 10 行里要有一行写着 题型、题目、选项A…答案 等列名',
			'读到 0 行题目：0 道可以导入，0 行有问题。没有写入任何文件：请按上面的提示修改后重新导入。'
		]);
	});

	it('usage errors exit 2', async () => {
		const r = repo();
		expect(await r.run('import', 'a.csv')).toBe(2);
		expect(await r.run('export', '--bank', 'demo', '--format', 'pdf')).toBe(2);
		expect(await r.run('import', 'a.csv', '--bank', 'Demo Bank')).toBe(2);
		expect(await r.run('import', 'a.csv', '--bank', 'demo', '--bogus')).toBe(2);
		expect(r.err[0]).toBe('✗ 请用 --bank 指定题库ID，例如 --bank party-history-basics');
	});
});

describe('bank-io CLI: export and template', () => {
	it('exports every format, named after the bank and version by default', async () => {
		const r = repo();
		for (const format of ['xlsx', 'csv', 'gift', 'moodle-xml']) {
			expect(await r.run('export', '--bank', 'demo', '--format', format)).toBe(0);
		}
		for (const name of [
			'demo-1.0.0.xlsx',
			'demo-1.0.0.csv',
			'demo-1.0.0.gift.txt',
			'demo-1.0.0.moodle.xml'
		]) {
			expect(existsSync(join(r.root, name))).toBe(true);
		}
		expect(await r.run('export', '--bank', 'demo', '--format', 'csv', '--out', 'x/out.csv')).toBe(
			0
		);
		expect(r.out.at(-1)).toBe(
			`✓ 导出题库 demo 版本 1.0.0：1 道题 → ${join(r.root, 'x', 'out.csv')}`
		);
		expect(await r.run('export', '--bank', 'nope', '--format', 'csv')).toBe(1);
	});

	it('refuses to export a bank that does not load', async () => {
		const r = repo();
		writeFileSync(
			join(r.root, 'question-banks', 'demo', 'questions', '02.yaml'),
			'- id: x\n  type: essay\n'
		);
		expect(await r.run('export', '--bank', 'demo', '--format', 'gift')).toBe(1);
		expect(r.err[0]).toBe('✗ 题库 demo 有问题，先修好再导出：');
	});

	it('the template command writes files that import cleanly, like the committed templates', async () => {
		const r = repo();
		expect(await r.run('template', '--out', 't.xlsx')).toBe(0);
		expect(await r.run('template', '--format', 'csv', '--out', 't.csv')).toBe(0);
		for (const file of [
			join(r.root, 't.xlsx'),
			join(r.root, 't.csv'),
			resolve('question-banks/templates/import-template.xlsx'),
			resolve('question-banks/templates/import-template.csv')
		]) {
			const before = r.err.length;
			expect(await r.run('import', file, '--bank', 'template-check', '--check')).toBe(0);
			expect(r.err.slice(before)).toEqual([]);
			expect(r.out.at(-1)).toBe(
				'读到 5 行题目：5 道可以导入，0 行有问题。（--check：没有写入文件）'
			);
		}
	});
});

describe('bank-io CLI: npm run banks dispatch', () => {
	it('scripts/banks.ts hands import/export to the bank-io CLI', () => {
		const r = repo();
		const tsx = resolve('node_modules/tsx/dist/cli.mjs');
		const result = spawnSync(
			process.execPath,
			[
				tsx,
				resolve('scripts/banks.ts'),
				'export',
				'--bank',
				'demo',
				'--format',
				'gift',
				'--out',
				'd.gift'
			],
			{
				cwd: r.root,
				env: { ...process.env, BANKS_DIR: join(r.root, 'question-banks') },
				encoding: 'utf8'
			}
		);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(readFileSync(join(r.root, 'd.gift'), 'utf8')).toContain('::dm-0007::');
	});
});
