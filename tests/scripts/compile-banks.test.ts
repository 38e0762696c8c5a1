import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BankCompileError, compileAllBanks, formatProblem } from '../../scripts/lib/compile-banks';
import { parseBankBundle, parseBankIndex } from '../../src/lib/core/bank/bundle';

const BANK_YAML = `id: demo
title: 示例
audience: all
version: 1.0.0
changelog:
  - version: 1.0.0
    date: 2026-11-29
    notes: 首次发布
`;

const GOOD_QUESTIONS = `- id: d-1
  type: single
  stem: 中国共产党成立于哪一年？
  options:
    A: 1919年
    B: 1921年
  answer: B
  explanation: 1921年召开了中国共产党第一次全国代表大会。
  source: 《中国共产党简史》

- id: d-2
  type: judge
  stem: 这是一道判断题的题干。
  answer: true
  explanation: 这是一道用于测试的判断题。
  source: 测试出处
`;

const roots: string[] = [];
afterEach(() => {
	for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function makeRepo(files: Record<string, string>) {
	const root = mkdtempSync(join(tmpdir(), 'banks-'));
	roots.push(root);
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(join(root, 'question-banks', path, '..'), { recursive: true });
		writeFileSync(join(root, 'question-banks', path), text);
	}
	return { banks: join(root, 'question-banks'), out: join(root, 'out') };
}

async function problems(files: Record<string, string>): Promise<string[]> {
	const { banks, out } = makeRepo(files);
	try {
		await compileAllBanks(banks, out);
	} catch (e) {
		if (e instanceof BankCompileError) return e.problems.map(formatProblem);
		throw e;
	}
	return [];
}

describe('bank compiler', () => {
	it('compiles a good bank into a hashed bundle and an index the app can parse', async () => {
		const { banks, out } = makeRepo({
			'demo/bank.yaml': BANK_YAML,
			'demo/questions/01.yaml': GOOD_QUESTIONS
		});
		const { index, files } = await compileAllBanks(banks, out);
		expect(index.banks[0]).toMatchObject({ id: 'demo', version: '1.0.0', questionCount: 2 });
		expect(files[0]).toMatch(/^demo\/1\.0\.0\.[0-9a-f]{12}\.json$/);
		expect(parseBankIndex(JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'))).ok).toBe(true);
		const bundle = parseBankBundle(JSON.parse(readFileSync(join(out, files[0] ?? ''), 'utf8')));
		expect(bundle.ok && bundle.value.questions.map((q) => q.id)).toEqual(['d-1', 'd-2']);

		// Deterministic: the same sources give the same file names and bytes.
		const again = await compileAllBanks(banks, out + '2');
		expect(again.files).toEqual(files);
	});

	it('names file, line, field and what was expected', async () => {
		const broken = GOOD_QUESTIONS.replace('answer: B', 'answer: E');
		expect(
			await problems({ 'demo/bank.yaml': BANK_YAML, 'demo/questions/01.yaml': broken })
		).toEqual([
			'question-banks/demo/questions/01.yaml:7 [0].answer: expected one of the option keys A, B, got "E"'
		]);
	});

	it('points a missing field at its question and an unknown one at its key', async () => {
		const missing = GOOD_QUESTIONS.replace('  source: 测试出处\n', '');
		const typo = GOOD_QUESTIONS.replace(
			'  source: 《中国共产党简史》',
			'  sourse: 《中国共产党简史》'
		);
		const [a] = await problems({ 'demo/bank.yaml': BANK_YAML, 'demo/questions/01.yaml': missing });
		expect(a).toMatch(/^question-banks\/demo\/questions\/01\.yaml:11 \[1\]\.source: /);
		const out = await problems({ 'demo/bank.yaml': BANK_YAML, 'demo/questions/01.yaml': typo });
		expect(out).toContain(
			'question-banks/demo/questions/01.yaml:9 [0].sourse: unknown field "sourse" (check the spelling; a judge question has no options)'
		);
	});

	it('reports YAML syntax errors with their line', async () => {
		const out = await problems({
			'demo/bank.yaml': BANK_YAML,
			'demo/questions/01.yaml': GOOD_QUESTIONS + '- id: d-3\n  stem: [unclosed\n'
		});
		expect(out[0]).toMatch(/^question-banks\/demo\/questions\/01\.yaml:\d+ \(yaml\): /);
	});

	it('refuses duplicate ids across files, naming both places', async () => {
		const out = await problems({
			'demo/bank.yaml': BANK_YAML,
			'demo/questions/01.yaml': GOOD_QUESTIONS,
			'demo/questions/02.yaml': GOOD_QUESTIONS.split('\n\n')[1] ?? ''
		});
		expect(out).toEqual([
			'question-banks/demo/questions/02.yaml:1 [0].id: id "d-2" is already used at question-banks/demo/questions/01.yaml:11'
		]);
	});

	it('refuses a bank.yaml whose id is not its folder, and a bank without questions', async () => {
		const out = await problems({ 'other/bank.yaml': BANK_YAML });
		expect(out).toContain('question-banks/other/bank.yaml:1 id: expected the folder name "other"');
		expect(out).toContain(
			'question-banks/other/questions:1 (folder): expected at least one questions/*.yaml file'
		);
	});

	it('writes nothing when any bank is broken', async () => {
		const { banks, out } = makeRepo({
			'demo/bank.yaml': BANK_YAML,
			'demo/questions/01.yaml': GOOD_QUESTIONS.replace('type: judge', 'type: essay')
		});
		await expect(compileAllBanks(banks, out)).rejects.toBeInstanceOf(BankCompileError);
		expect(() => readFileSync(join(out, 'index.json'))).toThrow();
	});
});
