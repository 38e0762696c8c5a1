import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterEach, describe, expect, it } from 'vitest';
import type { BankMeta, Question } from '../../src/lib/core/bank/schema';
import { bankYaml, loadBank, questionsYaml } from '../../scripts/lib/bank-io/bank-files';
import { exportBank, type ExportFormat } from '../../scripts/lib/bank-io/export';
import { importQuestions } from '../../scripts/lib/bank-io/import';
import { fill, judge, meta, multiple, order, single } from '../fixtures/questions';

// The fixtures are typed as Question; spreading one needs its own member of the union.
type Of<T extends Question['type']> = Extract<Question, { type: T }>;
const singleQ = single as Of<'single'>;
const multipleQ = multiple as Of<'multiple'>;
const fillQ = fill as Of<'fill'>;
const orderQ = order as Of<'order'>;

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
	const d = mkdtempSync(join(tmpdir(), 'bank-io-rt-'));
	dirs.push(d);
	return d;
}

/** A bank folder in a temp question-banks/, written the way the importer writes sources. */
function writeBank(bankMeta: BankMeta, questions: Question[]): string {
	const banksDir = join(tempDir(), 'question-banks');
	mkdirSync(join(banksDir, bankMeta.id, 'questions'), { recursive: true });
	writeFileSync(join(banksDir, bankMeta.id, 'bank.yaml'), bankYaml(bankMeta));
	writeFileSync(
		join(banksDir, bankMeta.id, 'questions', '01.yaml'),
		questionsYaml(questions, 'test')
	);
	return banksDir;
}

/** export → import into an empty question-banks/ → the questions as the importer wrote them. */
async function roundTrip(banksDir: string, bankId: string, format: ExportFormat) {
	const work = tempDir();
	const exported = await exportBank({ bankId, banksDir, format, cwd: work });
	if (!exported.ok) throw new Error(exported.errors.join('\n'));
	const target = join(work, 'question-banks');
	const report = await importQuestions({
		file: exported.out,
		bankId,
		banksDir: target,
		today: '2026-12-01'
	});
	expect(report.fileErrors).toEqual([]);
	expect(report.plan?.errors).toEqual([]);
	const back = await loadBank(target, bankId);
	expect(back?.problems).toEqual([]);
	return { back, report, exported };
}

const tricky: Question[] = [
	single,
	multiple,
	judge,
	fill,
	order,
	{
		...singleQ,
		id: 'q-special',
		stem: '含有 {花括号}、= 号、~ 号、# 号和 : 冒号的题干，“引号”和 <b>尖括号</b> 也在吗？',
		options: [
			{ key: 'A', text: 'a=b' },
			{ key: 'B', text: '1+1+N' },
			{ key: 'C', text: '100%' },
			{ key: 'D', text: '=SUM(A1:A9)' },
			{ key: 'E', text: '-1' },
			{ key: 'F', text: '@所有人' }
		],
		answer: 'C',
		explanation: '第一行解析，写得足够长。\n第二行解析。',
		tags: ['建党', '一大'],
		difficulty: 3
	},
	{
		...multipleQ,
		id: 'q-all-right',
		stem: '下列哪些选项都是正确的？',
		answer: ['A', 'B', 'C', 'D'],
		difficulty: 1
	},
	{ ...fillQ, id: 'q-fill-2', answer: ['23', '23场', '二十三'], stem: '宣讲____场。' },
	// The blank ends the stem: GIFT writes `…防范化解{=…}` with nothing after the answers.
	{
		...fillQ,
		id: 'q-fill-end',
		answer: ['测试答案', '+1'],
		stem: '这道测试题的空在句子的最后____'
	},
	{
		...orderQ,
		id: 'q-order-6',
		options: ['甲', '乙', '丙', '丁', '戊', '己'].map((text, i) => ({
			key: 'ABCDEF'[i] ?? '',
			text
		})),
		answer: ['F', 'A', 'E', 'B', 'D', 'C']
	}
];

describe('bank-io round trip: import(export(bank)) is the same bank', () => {
	for (const format of ['xlsx', 'csv', 'gift', 'moodle-xml'] as const) {
		it(`${format}: every question type, special characters, tags and difficulty, a blank at the end`, async () => {
			const banksDir = writeBank({ ...meta, audience: 'pupil' }, tricky);
			const { back, report } = await roundTrip(banksDir, meta.id, format);
			expect(back?.questions.map((q) => q.question)).toEqual(tricky);
			expect(report.plan?.newIds).toEqual([]);
			expect(report.plan?.warnings).toEqual([]);
			// The audience travels in the 适用对象 column; GIFT and Moodle XML have no place for it.
			expect(back?.meta?.audience).toBe(format === 'xlsx' || format === 'csv' ? 'pupil' : 'all');
		});
	}

	it('csv: cells that would run as formulas are written with a leading apostrophe', async () => {
		const banksDir = writeBank(meta, tricky);
		const work = tempDir();
		const exported = await exportBank({ bankId: meta.id, banksDir, format: 'csv', cwd: work });
		if (!exported.ok) throw new Error(exported.errors.join('\n'));
		const text = readFileSync(exported.out, 'utf8');
		expect(text).toContain(",'=SUM(A1:A9),'-1,'@所有人,");
		expect(text).toContain('测试答案|+1');
		expect(text).not.toMatch(/,[=+\-@]/);
	});

	it('drafts travel too: a draft exported and imported is a draft again', async () => {
		const banksDir = writeBank(meta, [single]);
		const draftFile = join(banksDir, meta.id, 'questions', '02-drafts.yaml');
		writeFileSync(
			draftFile,
			questionsYaml(
				[{ question: { ...judge, id: 'q-draft', explanation: '' }, draft: '待补解析' }],
				'test'
			)
		);
		for (const format of ['xlsx', 'csv', 'gift', 'moodle-xml'] as const) {
			const { back, report } = await roundTrip(banksDir, meta.id, format);
			expect(report.plan?.drafts).toBe(1);
			expect(back?.drafts.map((d) => [d.question.id, d.draft])).toEqual([['q-draft', '待补解析']]);
			expect(back?.questions.map((q) => q.question.id)).toEqual([single.id]);
		}
	});

	// party-rules has every type, long 出处 and fills with several accepted forms.
	const realBanks = ['party-history-basics', 'jinhe-town', 'party-rules'];
	const repoBanks = resolve('question-banks');
	for (const bankId of realBanks) {
		for (const format of ['xlsx', 'csv', 'gift', 'moodle-xml'] as const) {
			it(`${format}: the real bank ${bankId} (read from question-banks/, written to a temp dir)`, async () => {
				const original = await loadBank(repoBanks, bankId);
				if (!original || original.problems.length) {
					// Writers edit these banks while we run; a bank that does not load right now is the
					// compiler's business, not this round trip's.
					console.warn(`skipping ${bankId}: ${original?.problems[0] ?? 'missing'}`);
					return;
				}
				const { back } = await roundTrip(repoBanks, bankId, format);
				expect(back?.questions.map((q) => q.question)).toEqual(
					original.questions.map((q) => q.question)
				);
			});
		}
	}

	it('moodle-xml: well-formed, one idnumber per question', async () => {
		const banksDir = writeBank(meta, tricky);
		const work = tempDir();
		const exported = await exportBank({
			bankId: meta.id,
			banksDir,
			format: 'moodle-xml',
			cwd: work
		});
		if (!exported.ok) throw new Error(exported.errors.join('\n'));
		expect(exported.out).toBe(join(work, 'demo-bank-1.0.0.moodle.xml'));
		const idnumbers: string[] = [];
		let inIdnumber = false;
		const parser = new SaxesParser();
		parser.on('opentag', (t) => (inIdnumber = t.name === 'idnumber'));
		parser.on('closetag', () => (inIdnumber = false));
		parser.on('text', (t) => inIdnumber && idnumbers.push(t));
		parser.write(readFileSync(exported.out, 'utf8')).close();
		expect(idnumbers).toEqual([meta.id, ...tricky.map((q) => q.id)]);
	});
});
