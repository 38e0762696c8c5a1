/**
 * The import CLI on the files a teacher really has (issue 16): drafts through to the compiler,
 * every problem in one run, progress, output that survives a slow pipe, files that are not
 * workbooks, Moodle XML and the plain-text layout. Fixtures are written here.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { runBankIoCli } from '../../scripts/lib/bank-io/cli';
import { BankCompileError, compileAllBanks, formatProblem } from '../../scripts/lib/compile-banks';
import { parseBankBundle } from '../../src/lib/core/bank/bundle';
import { generateImportCsv } from '../../bench/import-rows';

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
    date: 2026-12-04
    notes: 首次发布
`;
const HEADER = '题型,题目,选项A,选项B,选项C,答案,解析,出处,知识点';
const EXPLANATION = '这是为测试写的解析文字，长度足够。';

function repo(withBank = true, clockStep = 0) {
	const root = mkdtempSync(join(tmpdir(), 'bank-io-real-'));
	dirs.push(root);
	const banksDir = join(root, 'question-banks');
	if (withBank) {
		mkdirSync(join(banksDir, 'demo', 'questions'), { recursive: true });
		writeFileSync(join(banksDir, 'demo', 'bank.yaml'), BANK_YAML);
	}
	const out: string[] = [];
	const err: string[] = [];
	let clock = 0;
	const run = (...args: string[]) =>
		runBankIoCli(args, {
			banksDir,
			cwd: root,
			today: '2026-12-04',
			log: (l) => out.push(l),
			error: (l) => err.push(l),
			// With a step, each look at the clock is that much later: progress shows without a real
			// long import. Without, time stands still and no progress is shown.
			now: () => (clock += clockStep)
		});
	const write = (name: string, content: string | Uint8Array) => {
		writeFileSync(join(root, name), content);
		return name;
	};
	const csv = (name: string, lines: string[]) =>
		write(name, '\ufeff' + [HEADER, ...lines].join('\r\n'));
	return { root, banksDir, run, write, csv, out, err };
}

async function compileProblems(banksDir: string, outDir: string) {
	try {
		return { report: await compileAllBanks(banksDir, outDir), problems: [] };
	} catch (e) {
		if (e instanceof BankCompileError)
			return { report: undefined, problems: e.problems.map(formatProblem) };
		throw e;
	}
}

describe('drafts, from the import to the compiler', () => {
	const rows = [
		`单选,测试题：第一道有解析的题目？,甲,乙,丙,B,${EXPLANATION},测试出处,`,
		'判断,测试陈述：第二道题没有解析。,,,,对,,测试出处,',
		'填空,测试句子的空在____这里。,,,,空格,,,'
	];

	it('imports rows without 解析 as drafts, says which, and the compiler keeps them out', async () => {
		const r = repo();
		expect(await r.run('import', r.csv('a.csv', rows), '--bank', 'demo')).toBe(0);
		expect(r.err).toEqual([]);
		expect(r.out.slice(0, 3)).toEqual([
			'~ 草稿（待补解析）1 道：第 3 行',
			'~ 草稿（待补解析和出处）1 道：第 4 行',
			'读到 3 行题目：3 道可以导入（其中 2 道是草稿，不会发布），0 行有问题。'
		]);
		const yaml = readFileSync(join(r.banksDir, 'demo', 'questions', '01-import-a.yaml'), 'utf8');
		expect(yaml).toContain('- id: demo-0002\n  draft: 待补解析\n  type: judge\n');
		expect(yaml).toContain('- id: demo-0003\n  draft: 待补解析和出处\n  type: fill\n');

		const outDir = join(r.root, 'out');
		const { report, problems } = await compileProblems(r.banksDir, outDir);
		expect(problems).toEqual([]);
		expect(report?.drafts).toEqual([
			{ bankId: 'demo', count: 2, notes: ['待补解析 1', '待补解析和出处 1'] }
		]);
		const entry = report?.index.banks[0];
		expect(entry?.questionCount).toBe(1);
		const bundle = parseBankBundle(
			JSON.parse(readFileSync(join(outDir, entry?.url ?? ''), 'utf8'))
		);
		expect(bundle.ok && bundle.value.questions.map((q) => q.id)).toEqual(['demo-0001']);

		// The drafts command lists them; a later import sees their ids and texts.
		r.out.length = 0;
		expect(await r.run('drafts', '--bank', 'demo')).toBe(0);
		expect(r.out).toEqual([
			'questions/01-import-a.yaml\tdemo-0002\t待补解析\t测试陈述：第二道题没有解析。',
			'questions/01-import-a.yaml\tdemo-0003\t待补解析和出处\t测试句子的空在____这里。',
			'题库 demo 有 2 道草稿（待补解析 1，待补解析和出处 1），不会发布：补上 explanation（解析）和 source（出处）后删掉 draft 那一行。'
		]);
		r.out.length = 0;
		expect(
			await r.run('import', r.csv('b.csv', [rows[1] ?? '']), '--bank', 'demo', '--check')
		).toBe(1);
		expect(r.err).toEqual([
			'✗ 第 2 行「题目」：与题库里已有的草稿 demo-0002（questions/01-import-a.yaml）重复：「测试陈述：第二道题没有解析。」'
		]);
	});

	it('a filled-in draft is released once its draft line is gone; a released question cannot become a draft', async () => {
		const r = repo();
		await r.run('import', r.csv('a.csv', rows.slice(0, 2)), '--bank', 'demo');
		const file = join(r.banksDir, 'demo', 'questions', '01-import-a.yaml');
		writeFileSync(
			file,
			readFileSync(file, 'utf8').replace('  draft: 待补解析\n', `  explanation: ${EXPLANATION}\n`)
		);
		const outDir = join(r.root, 'out');
		const first = await compileProblems(r.banksDir, outDir);
		expect(first.problems).toEqual([]);
		expect(first.report?.index.banks[0]?.questionCount).toBe(2);
		expect(first.report?.drafts).toEqual([]);

		// Released as 1.0.0; then someone marks demo-0002 as a draft again.
		mkdirSync(join(r.banksDir, 'demo', 'releases'));
		const entry = first.report?.index.banks[0];
		writeFileSync(
			join(r.banksDir, 'demo', 'releases', '1.0.0.json'),
			readFileSync(join(outDir, entry?.url ?? ''), 'utf8')
		);
		writeFileSync(
			file,
			readFileSync(file, 'utf8').replace(
				'- id: demo-0002\n',
				'- id: demo-0002\n  draft: 待补出处\n'
			)
		);
		const second = await compileProblems(r.banksDir, outDir);
		expect(second.problems).toEqual([
			'question-banks/demo/questions/01-import-a.yaml:16 [1].draft: "demo-0002" is in the released version 1.0.0: a released question cannot become a draft again; fix it in place'
		]);
	});

	it('a question without 解析 and without a draft line is still refused by the compiler', async () => {
		const r = repo();
		writeFileSync(
			join(r.banksDir, 'demo', 'questions', '01.yaml'),
			'- id: d-1\n  type: judge\n  stem: 测试陈述：没有解析的题。\n  answer: true\n  source: 测试出处\n'
		);
		const { problems } = await compileProblems(r.banksDir, join(r.root, 'out'));
		expect(problems).toEqual([
			'question-banks/demo/questions/01.yaml:1 [0].explanation: missing required field'
		]);
	});
});

describe('reports and progress', () => {
	it('reports every problem of every row in one run, duplicates of refused rows included', async () => {
		const r = repo();
		const stem = '测试题：一道会被重复的题目？';
		await r.run(
			'import',
			r.csv('a.csv', [
				`单选,${stem},甲,乙,丙,Z,${EXPLANATION},测试出处,`,
				`单选,${stem},甲,乙,丙,B,${EXPLANATION},测试出处,`
			]),
			'--bank',
			'demo'
		);
		expect(r.err.slice(0, 2)).toEqual([
			'✗ 第 2 行「答案」：答案 "Z" 里的 Z 不是本题的选项（本题选项为 A–C）',
			`✗ 第 3 行「题目」：与第 2 行重复：「${stem}」`
		]);
	});

	it('shows progress on stderr while a long import runs, and nothing on stdout for it', async () => {
		const r = repo(false, 400);
		r.write('big.csv', generateImportCsv(2500));
		expect(await r.run('import', 'big.csv', '--bank', 'big', '--check')).toBe(1);
		const progress = r.err.filter((l) => l.startsWith('…'));
		expect(progress).toContain('… 检查题目：2000 / 2500 行');
		expect(progress.at(-1)).toBe('… 查找重复题：2500 / 2500 行');
		expect(r.out.some((l) => l.startsWith('…'))).toBe(false);
	});
});

describe('files that are not what they say', () => {
	const notWorkbook = /^✗ 这个文件(不是|是空的（0 字节），不是) Excel 工作簿/;
	it.each([
		['random bytes', Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256)],
		['a CSV renamed .xlsx', new TextEncoder().encode(`${HEADER}\r\n单选,题目,甲,乙,,A,,,\r\n`)],
		[
			'a GBK CSV renamed .xlsx',
			Uint8Array.from([0xcc, 0xe2, 0xd0, 0xcd, 0x2c, 0xcc, 0xe2, 0xc4, 0xbf, 0x0d, 0x0a])
		],
		['an empty file', new Uint8Array()]
	])(
		'%s: one Chinese line that says it is not a workbook and suggests --format csv',
		async (_, bytes) => {
			const r = repo();
			expect(await r.run('import', r.write('bank.xlsx', bytes), '--bank', 'demo')).toBe(1);
			expect(r.err).toHaveLength(1);
			expect(r.err[0]).toMatch(notWorkbook);
			expect(r.err[0]).not.toMatch(/http|zip\b|Corrupted|[A-Za-z]{12,}/);
			if (bytes.length > 0 && bytes[0] !== 0x00) {
				expect(r.err[0]).toMatch(/--format csv|CSV/);
			}
		}
	);

	it('an empty zip and a broken workbook get their own Chinese line', async () => {
		const r = repo();
		const emptyZip = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
		await r.run('import', r.write('empty.xlsx', emptyZip), '--bank', 'demo');
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('题目').addRow(['题型', '题目', '答案']);
		const whole = new Uint8Array(await workbook.xlsx.writeBuffer());
		await r.run(
			'import',
			r.write('cut.xlsx', whole.subarray(0, whole.length >> 1)),
			'--bank',
			'demo'
		);
		expect(r.err).toEqual([
			'✗ 这个文件是空的压缩包，不是 Excel 工作簿（里面没有工作表）：请在 Excel 或 WPS 里"另存为" .xlsx 后再导入；如果它其实是 CSV，请加 --format csv',
			'✗ 这个文件不是完整的 Excel 工作簿（压缩包损坏或不是 .xlsx）：请在 Excel 或 WPS 里打开它，"另存为" .xlsx 后再导入；如果它其实是 CSV，请加 --format csv'
		]);
	});

	it('a CSV renamed .xlsx imports with --format csv, as the message says', async () => {
		const r = repo();
		r.write(
			'bank.xlsx',
			'\ufeff' +
				[HEADER, `单选,测试题：改了扩展名的文件？,甲,乙,丙,B,${EXPLANATION},测试出处,`].join('\r\n')
		);
		expect(await r.run('import', 'bank.xlsx', '--bank', 'demo', '--format', 'csv', '--check')).toBe(
			0
		);
	});

	it('warns about CSV cells that a spreadsheet would run as formulas', async () => {
		const r = repo();
		await r.run(
			'import',
			r.csv('f.csv', [`单选,测试题：哪一个是公式？,=1+1,'=2+2,丙,C,${EXPLANATION},测试出处,`]),
			'--bank',
			'demo',
			'--check'
		);
		expect(r.out[0]).toMatch(
			/^! 第 2 行「选项A」：单元格以 "=" 开头：在 Excel 或 WPS 里打开时会被当作公式运行/
		);
		expect(r.out.filter((l) => l.startsWith('!'))).toHaveLength(1);
	});
});

describe('other shapes people paste', () => {
	it('reads Moodle XML, refusing what has no question type here', async () => {
		const r = repo();
		const xml = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/测试</text></category></question>
  <question type="multichoice">
    <name><text>q1</text></name>
    <questiontext format="html"><text><![CDATA[<p>测试题：Moodle 里的单选题？</p>]]></text></questiontext>
    <generalfeedback format="html"><text><![CDATA[${EXPLANATION}<br>出处：测试出处]]></text></generalfeedback>
    <single>true</single>
    <answer fraction="0"><text>甲</text></answer>
    <answer fraction="100"><text>乙 &amp; 丙</text></answer>
  </question>
  <question type="shortanswer">
    <questiontext format="moodle_auto_format"><text>测试题：简答的答案写在后面</text></questiontext>
    <answer fraction="100"><text>测试答案</text></answer>
  </question>
  <question type="essay">
    <questiontext format="html"><text>测试：请写一段话</text></questiontext>
  </question>
</quiz>
`;
		expect(await r.run('import', r.write('bank.xml', xml), '--bank', 'demo', '--check')).toBe(1);
		expect(r.err).toEqual(['✗ 第 16 行：问答题（essay）在口袋课堂里没有对应的题型，不能导入']);
		expect(r.out).toEqual([
			'~ 草稿（待补解析和出处）1 道：第 12 行',
			'读到 3 行题目：2 道可以导入（其中 1 道是草稿，不会发布），1 行有问题。（--check：没有写入文件）'
		]);
	});

	it('reads the plain-text layout 1. 题干 / A. … / 答案：B / 解析：…', async () => {
		const r = repo();
		const text = [
			'一、单选题',
			'1. 测试题：纯文本里的单选题？（ ）',
			'A. 甲方案  B. 乙方案',
			'C. 丙方案',
			'答案：B',
			`解析：${EXPLANATION}`,
			'出处：测试出处',
			'',
			'二、判断题',
			'2. 测试陈述：纯文本里的判断题。（ ）',
			'答案：错',
			'',
			'3、【多选题】测试题：纯文本里的多选题？',
			'A、甲方案 B、乙方案 C、丙方案',
			'【答案】AC',
			'【解析】这是第一行解析文字，',
			'接着写第二行。'
		].join('\n');
		expect(await r.run('import', r.write('paste.txt', text), '--bank', 'demo')).toBe(0);
		const yaml = readFileSync(
			join(
				r.banksDir,
				'demo',
				'questions',
				readdirSync(join(r.banksDir, 'demo', 'questions'))[0] ?? ''
			),
			'utf8'
		);
		expect(yaml).toContain(
			'type: single\n  stem: 测试题：纯文本里的单选题？\n  options:\n    A: 甲方案\n    B: 乙方案\n    C: 丙方案\n  answer: B\n'
		);
		expect(yaml).toContain(
			'draft: 待补解析和出处\n  type: judge\n  stem: 测试陈述：纯文本里的判断题。\n  answer: false\n'
		);
		expect(yaml).toContain(
			'answer: [A, C]\n  explanation: |-\n    这是第一行解析文字，\n    接着写第二行。\n'
		);
	});
});

describe('output through a slow pipe', () => {
	it('every line reaches a reader that reads slowly (no exit before stdout drains)', async () => {
		const r = repo(false);
		// Every row gets a warning line: far more output than a pipe buffer holds.
		const rows = generateImportCsv(1500).replace(/；/g, '、');
		r.write('big.csv', rows);
		expect(await r.run('import', 'big.csv', '--bank', 'big', '--check')).toBe(1);
		const expected = r.out.length;
		expect(expected).toBeGreaterThan(1500);

		const child = spawn(
			process.execPath,
			[
				resolve('node_modules/tsx/dist/cli.mjs'),
				resolve('scripts/banks.ts'),
				'import',
				'big.csv',
				'--bank',
				'big',
				'--check'
			],
			{
				cwd: r.root,
				env: { ...process.env, BANKS_DIR: r.banksDir },
				stdio: ['ignore', 'pipe', 'ignore']
			}
		);
		let text = '';
		let chunks = 0;
		child.stdout.on('data', (chunk: Buffer) => {
			text += chunk.toString('utf8');
			// Read slowly: after each chunk, let the writer run into a full pipe.
			child.stdout.pause();
			if (++chunks % 2) setImmediate(() => child.stdout.resume());
			else setTimeout(() => child.stdout.resume(), 5);
		});
		const code = await new Promise<number | null>((done) => child.on('close', done));
		expect(code).toBe(1);
		expect(text.split('\n').filter((l) => l !== '')).toHaveLength(expected);
		expect(text.trimEnd().split('\n').at(-1)).toMatch(/^读到 1500 行题目：/);
	}, 120_000);
});

describe('filling in drafts from Excel', () => {
	it('export, write the 解析 into the sheet, import: the drafts become questions in place', async () => {
		const r = repo();
		const rows = [
			`单选,测试题：第一道有解析的题目？,甲,乙,丙,B,${EXPLANATION},测试出处,`,
			'判断,测试陈述：第二道题没有解析。,,,,对,,测试出处,',
			'填空,测试句子的空在____这里。,,,,空格,,,'
		];
		expect(await r.run('import', r.csv('a.csv', rows), '--bank', 'demo')).toBe(0);
		// The whole bank exports with its drafts; --drafts exports only them, to fill in.
		expect(await r.run('export', '--bank', 'demo', '--format', 'csv')).toBe(0);
		expect(r.out.at(-1)).toMatch(/：3 道题（其中 2 道草稿，解析或出处为空） → /);
		expect(
			await r.run('export', '--bank', 'demo', '--format', 'xlsx', '--drafts', '--out', 'demo.xlsx')
		).toBe(0);
		expect(r.out.at(-1)).toMatch(/：2 道题（其中 2 道草稿，解析或出处为空） → /);

		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.readFile(join(r.root, 'demo.xlsx'));
		const sheet = workbook.worksheets[0];
		if (!sheet) throw new Error('no sheet');
		const header = (sheet.getRow(1).values as string[]).indexOf('解析');
		// The teacher fills in the judge question's 解析 only; the fill question stays a draft.
		sheet.getRow(2).getCell(header).value = '这是老师后来补上的解析文字。';
		await workbook.xlsx.writeFile(join(r.root, 'filled.xlsx'));

		r.out.length = 0;
		expect(await r.run('import', 'filled.xlsx', '--bank', 'demo')).toBe(0);
		expect(r.err).toEqual([]);
		expect(r.out).toContain(
			'✓ 按编号补全了题库里的 2 道草稿（写回原来的文件和位置），其中 1 道仍缺解析或出处，还是草稿'
		);
		const dir = join(r.banksDir, 'demo', 'questions');
		expect(readdirSync(dir)).toEqual(['01-import-a.yaml']);
		const yaml = readFileSync(join(dir, '01-import-a.yaml'), 'utf8');
		expect(yaml).toContain('- id: demo-0002\n  type: judge\n');
		expect(yaml).toContain('explanation: 这是老师后来补上的解析文字。');
		expect(yaml).toContain('- id: demo-0003\n  draft: 待补解析和出处\n');
		expect(yaml.startsWith('# 从 a.csv 导入')).toBe(true);

		const { report, problems } = await compileProblems(r.banksDir, join(r.root, 'out'));
		expect(problems).toEqual([]);
		expect(report?.index.banks[0]?.questionCount).toBe(2);
		expect(report?.drafts).toEqual([{ bankId: 'demo', count: 1, notes: ['待补解析和出处 1'] }]);
	});
});
