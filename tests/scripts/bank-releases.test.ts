import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
	BankCompileError,
	compileAllBanks,
	formatProblem,
	releaseBank
} from '../../scripts/lib/compile-banks';
import { parseBankBundle, parseBankIndex, type BankIndex } from '../../src/lib/core/bank/bundle';
import {
	applyBankDelta,
	manifestDigest,
	manifestOf,
	parseBankDelta
} from '../../src/lib/core/bank/delta';

function bankYaml(version: string, extra = '') {
	return `id: demo
title: 示例
audience: all
version: ${version}
changelog:
  - version: ${version}
    date: 2026-12-01
    notes: 第 ${version} 版
  - version: 1.0.0
    date: 2026-11-29
    notes: 首次发布
${extra}`;
}

const question = (
	id: string,
	answer = 'B',
	stem = `第 ${id} 题：中国共产党成立于哪一年？`
) => `- id: ${id}
  type: single
  stem: ${stem}
  options:
    A: 1919年
    B: 1921年
  answer: ${answer}
  explanation: 1921年召开了中国共产党第一次全国代表大会。
  source: 《中国共产党简史》
`;

const roots: string[] = [];
afterEach(() => {
	for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A scratch repository with one bank, "demo", and an output folder. */
function makeRepo(version: string, questions: string[], extra = '') {
	const root = mkdtempSync(join(tmpdir(), 'releases-'));
	roots.push(root);
	const banks = join(root, 'question-banks');
	const out = join(root, 'out');
	const write = (v: string, qs: string[], x = '') => {
		mkdirSync(join(banks, 'demo', 'questions'), { recursive: true });
		writeFileSync(join(banks, 'demo', 'bank.yaml'), bankYaml(v, x));
		writeFileSync(join(banks, 'demo', 'questions', '01.yaml'), qs.join('\n'));
	};
	write(version, questions, extra);
	return { root, banks, out, write };
}

async function problemsOf(run: () => Promise<unknown>): Promise<string[]> {
	try {
		await run();
	} catch (e) {
		if (e instanceof BankCompileError) return e.problems.map(formatProblem);
		throw e;
	}
	return [];
}

const readIndex = (out: string): BankIndex => {
	const parsed = parseBankIndex(JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')));
	if (!parsed.ok) throw new Error('bad index');
	return parsed.value;
};

describe('bank releases', () => {
	it('a bank with no release is a draft: compiled without complaint, nothing released', async () => {
		const { banks, out } = makeRepo('1.0.0', [question('d-1'), question('d-2')]);
		const { index } = await compileAllBanks(banks, out);
		expect(index.banks[0]).toMatchObject({
			version: '1.0.0',
			released: false,
			releases: [],
			deltas: []
		});
		expect(existsSync(join(banks, 'demo', 'releases'))).toBe(false);
	});

	it('the release command writes the exact published bytes and the index lists the release', async () => {
		const { banks, out } = makeRepo('1.0.0', [question('d-1'), question('d-2')]);
		const report = await releaseBank(banks, 'demo', out);
		expect(report.file).toBe('question-banks/demo/releases/1.0.0.json');
		const committed = readFileSync(join(banks, 'demo', 'releases', '1.0.0.json'));
		const entry = readIndex(out).banks[0];
		expect(entry).toMatchObject({ version: '1.0.0', released: true, deltas: [] });
		expect(entry?.releases.map((r) => [r.version, r.url, r.notes])).toEqual([
			['1.0.0', entry?.url, '第 1.0.0 版']
		]);
		expect(readFileSync(join(out, entry?.url ?? ''))).toEqual(committed);
		expect(createHash('sha256').update(committed).digest('hex')).toBe(entry?.sha256);

		// Cutting it again is refused: the version is already released.
		expect(await problemsOf(() => releaseBank(banks, 'demo', out))).toEqual([
			'question-banks/demo/bank.yaml:4 version: version 1.0.0 is already released and unchanged; for the next release raise version in bank.yaml and add a changelog entry first'
		]);
		expect(await problemsOf(() => releaseBank(banks, 'nope', out))).toEqual([
			'question-banks/nope:1 (folder): no bank "nope"; the banks are demo'
		]);
	});

	it('a released bundle is published from the committed file, byte for byte, for good', async () => {
		const { banks, out } = makeRepo('1.0.0', [question('d-1')]);
		await releaseBank(banks, 'demo', out);
		// Even if the file were written differently (an older compiler), its bytes are what was
		// published and hashed, so they are what is served.
		const file = join(banks, 'demo', 'releases', '1.0.0.json');
		const pretty = JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 2);
		writeFileSync(file, pretty);
		const { index } = await compileAllBanks(banks, out);
		expect(readFileSync(join(out, index.banks[0]?.url ?? ''), 'utf8')).toBe(pretty);
	});

	it('refuses changed content without a bump, listing the changed ids', async () => {
		const { banks, out, write } = makeRepo('1.0.0', [question('d-1'), question('d-2')]);
		await releaseBank(banks, 'demo', out);
		write('1.0.0', [question('d-1', 'B', '改过措辞：中国共产党成立于哪一年？'), question('d-2')]);
		expect(await problemsOf(() => compileAllBanks(banks, out))).toEqual([
			'question-banks/demo/bank.yaml:4 version: version 1.0.0 is already released, but the sources differ from it (reworded: d-1); raise version in bank.yaml to 1.0.1 or higher and add a changelog entry'
		]);
	});

	it('refuses a bump too small for the changes, in compile and release, listing the ids', async () => {
		const { banks, out, write } = makeRepo('1.0.0', [question('d-1'), question('d-2')]);
		await releaseBank(banks, 'demo', out);
		write('1.0.1', [question('d-1', 'A'), question('d-2'), question('d-3'), question('d-4')]);
		const expected = [
			'question-banks/demo/bank.yaml:4 version: version 1.0.1 is only a patch step from release 1.0.0, but these changes need 2.0.0 or higher (a major step): answer changed: d-1; question added: d-3, d-4'
		];
		expect(await problemsOf(() => compileAllBanks(banks, out))).toEqual(expected);
		expect(await problemsOf(() => releaseBank(banks, 'demo', out))).toEqual(expected);
		expect(readdirSync(join(banks, 'demo', 'releases'))).toEqual(['1.0.0.json']);

		write('1.1.0', [question('d-1', 'A'), question('d-2'), question('d-3')]);
		expect(await problemsOf(() => compileAllBanks(banks, out))).toEqual([
			'question-banks/demo/bank.yaml:4 version: version 1.1.0 is only a minor step from release 1.0.0, but these changes need 2.0.0 or higher (a major step): answer changed: d-1'
		]);
	});

	it('refuses a released question that disappears unless it is retired (a major change)', async () => {
		const { banks, out, write } = makeRepo('1.0.0', [question('d-1'), question('d-2')]);
		await releaseBank(banks, 'demo', out);
		write('1.1.0', [question('d-1')]);
		const problems = await problemsOf(() => compileAllBanks(banks, out));
		expect(problems[0]).toBe(
			'question-banks/demo/bank.yaml:4 version: questions of release 1.0.0 are missing from the sources: d-2. Put them back, or retire them on purpose by listing them under retired: in bank.yaml (a major change)'
		);
		write('1.1.0', [question('d-1')], 'retired: [d-2]\n');
		expect(await problemsOf(() => compileAllBanks(banks, out))).toEqual([
			'question-banks/demo/bank.yaml:4 version: version 1.1.0 is only a minor step from release 1.0.0, but these changes need 2.0.0 or higher (a major step): question retired: d-2'
		]);
		write('2.0.0', [question('d-1')], 'retired: [d-2]\n');
		expect(await problemsOf(() => releaseBank(banks, 'demo', out))).toEqual([]);
		expect(readIndex(out).banks[0]?.version).toBe('2.0.0');
	});

	it('refuses a retired id that reappears, pointing at its line', async () => {
		const { banks, out, write } = makeRepo('1.0.0', [question('d-1'), question('d-2')]);
		await releaseBank(banks, 'demo', out);
		write('2.0.0', [question('d-1'), question('d-2')], 'retired: [d-2]\n');
		expect(await problemsOf(() => compileAllBanks(banks, out))).toEqual([
			'question-banks/demo/questions/01.yaml:11 [1].id: "d-2" is listed as retired in bank.yaml, and a retired question cannot come back: remove it, or add it again under a new id'
		]);
	});

	it('refuses a reused id: retired ids stay listed and are never given to a new question', async () => {
		const { banks, out, write } = makeRepo('1.0.0', [question('d-1'), question('d-2')]);
		await releaseBank(banks, 'demo', out);
		write('2.0.0', [question('d-1')], 'retired: [d-2]\n');
		await releaseBank(banks, 'demo', out);
		write('3.0.0', [question('d-1'), question('d-2', 'A', '一道全新的题目用了旧的编号？')]);
		expect(await problemsOf(() => compileAllBanks(banks, out))).toEqual([
			'question-banks/demo/questions/01.yaml:11 [1].id: "d-2" was retired before release 2.0.0 and ids are never reused: give this question a new id and keep "d-2" under retired:'
		]);
		write('2.0.1', [question('d-1')]);
		expect(await problemsOf(() => compileAllBanks(banks, out))).toEqual([
			'question-banks/demo/bank.yaml:4 retired: retired ids stay listed for good (so they are never reused); put back under retired: d-2'
		]);
	});

	it('publishes every released version, the current one, and deltas that rebuild it', async () => {
		const { banks, out, write } = makeRepo('1.0.0', [question('d-1'), question('d-2')]);
		await releaseBank(banks, 'demo', out);
		write('1.1.0', [question('d-1'), question('d-2'), question('d-3')]);
		await releaseBank(banks, 'demo', out);
		write('2.0.0', [question('d-1', 'A'), question('d-3'), question('d-4')], 'retired: [d-2]\n');
		const { index } = await compileAllBanks(banks, out);
		const entry = index.banks[0];
		expect(entry).toMatchObject({ version: '2.0.0', released: false, questionCount: 3 });
		expect(entry?.releases.map((r) => r.version)).toEqual(['1.0.0', '1.1.0']);
		expect(entry?.deltas.map((d) => d.from)).toEqual(['1.0.0', '1.1.0']);

		// Every bundle file is standalone (what the server loads to re-score any version).
		const bundles = readdirSync(join(out, 'demo')).filter((f) => f.endsWith('.json'));
		const versions = bundles.map((f) => {
			const parsed = parseBankBundle(JSON.parse(readFileSync(join(out, 'demo', f), 'utf8')));
			if (!parsed.ok) throw new Error(f);
			return parsed.value.bank.version;
		});
		expect(versions.sort()).toEqual(['1.0.0', '1.1.0', '2.0.0']);

		const current = parseBankBundle(JSON.parse(readFileSync(join(out, entry?.url ?? ''), 'utf8')));
		if (!current.ok) throw new Error('current');
		for (const ref of entry?.deltas ?? []) {
			const body = readFileSync(join(out, ref.url));
			expect(createHash('sha256').update(body).digest('hex')).toBe(ref.sha256);
			const delta = parseBankDelta(JSON.parse(body.toString('utf8')));
			if (!delta.ok) throw new Error(ref.url);
			const from = entry?.releases.find((r) => r.version === ref.from);
			const base = parseBankBundle(JSON.parse(readFileSync(join(out, from?.url ?? ''), 'utf8')));
			if (!base.ok) throw new Error('base');
			expect(ref.fromSha256).toBe(from?.sha256);
			const applied = applyBankDelta(manifestOf(base.value), delta.value);
			expect(applied.ok && manifestDigest(applied.manifest)).toBe(
				manifestDigest(manifestOf(current.value))
			);
			expect(delta.value.removed.questions).toEqual(['d-2']);
		}
		// Deltas live apart from the bundles, and are much smaller than them.
		expect(entry?.deltas.every((d) => d.url.startsWith('demo/deltas/'))).toBe(true);
	});

	it('reports a release file that was edited or misnamed', async () => {
		const { banks, out } = makeRepo('1.0.0', [question('d-1')]);
		await releaseBank(banks, 'demo', out);
		const dir = join(banks, 'demo', 'releases');
		writeFileSync(join(dir, '0.9.0.json'), readFileSync(join(dir, '1.0.0.json')));
		writeFileSync(join(dir, 'notes.txt'), 'x');
		expect(await problemsOf(() => compileAllBanks(banks, out))).toEqual([
			'question-banks/demo/releases/0.9.0.json:1 (file): holds demo v1.0.0, expected demo v0.9.0',
			'question-banks/demo/releases/notes.txt:1 (file): unexpected file: releases/ holds only <version>.json files written by the release command'
		]);
	});

	it('npm run banks -- release <id> cuts a release from the command line', () => {
		const { banks, out } = makeRepo('1.0.0', [question('d-1')]);
		const run = (...args: string[]) =>
			spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/banks.ts', ...args], {
				env: { ...process.env, BANKS_DIR: banks, BANKS_OUT: out },
				encoding: 'utf8'
			});
		const first = run('release', 'demo');
		expect(first.status).toBe(0);
		expect(first.stdout).toContain(
			'✓ released demo v1.0.0 → question-banks/demo/releases/1.0.0.json'
		);
		const again = run('release', 'demo');
		expect(again.status).toBe(1);
		expect(again.stderr).toContain('is already released');
		expect(run('relase', 'demo').status).toBe(2);
	}, 60_000);
});
