/**
 * The compiler's content checks (#15): answers printed in other stems must be reworded or listed
 * as conflicts, and no draw the app makes from the real banks ever holds both of such a pair;
 * every dated card names its day.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	BankCompileError,
	buildBanks,
	compileAllBanks,
	formatProblem,
	type CompiledBank
} from '../../scripts/lib/compile-banks';
import { conflictsWithin } from '../../src/lib/core/bank/conflicts';
import { datedCardIssue } from '../../src/lib/core/bank/card-dates';
import { unlistedLeaks } from '../../src/lib/core/bank/leaks';
import { dailySeed } from '../../src/lib/core/play/daily';
import { DAILY_QUESTION_COUNT, TIMED_QUESTION_COUNT } from '../../src/lib/core/play/modes';
import { selectQuestionIds } from '../../src/lib/core/play/random';

const bankYaml = (extra = '') => `id: demo
title: 示例
audience: all
version: 1.0.0
changelog:
  - version: 1.0.0
    date: 2026-11-29
    notes: 首次发布
${extra}`;

const QUESTIONS = `- id: d-1
  type: single
  stem: 金河镇的广播节目叫什么？
  options:
    A: “金河之声”
    B: “红色之声”
  answer: A
  explanation: 金河镇开办了“金河之声”广播节目。
  source: 测试出处

- id: d-2
  type: judge
  stem: 金河之声广播每天播放党史故事。
  answer: true
  explanation: 这是一道用于测试的判断题。
  source: 测试出处
`;

const CARD = (date: string, year: string) => `- id: c-1
  title: 测试卡片
  date: '${date}'
${year}  body: >-
    ${'1921年7月1日，中国共产党成立。'.padEnd(160, '这是用于凑足字数的句子')}
  source: 测试出处
`;

const roots: string[] = [];
afterEach(() => {
	for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

async function problems(files: Record<string, string>): Promise<string[]> {
	const root = mkdtempSync(join(tmpdir(), 'banks-'));
	roots.push(root);
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(join(root, 'question-banks', path, '..'), { recursive: true });
		writeFileSync(join(root, 'question-banks', path), text);
	}
	try {
		await compileAllBanks(join(root, 'question-banks'), join(root, 'out'));
	} catch (e) {
		if (e instanceof BankCompileError) return e.problems.map(formatProblem);
		throw e;
	}
	return [];
}

describe('compiler: answers printed in other stems', () => {
	it('refuses a leak that is neither reworded nor listed, pointing at the stem that prints it', async () => {
		expect(
			await problems({ 'demo/bank.yaml': bankYaml(), 'demo/questions/01.yaml': QUESTIONS })
		).toEqual([
			'question-banks/demo/questions/01.yaml:13 [1].stem: prints 「金河之声」, the answer of d-1, so one gives the other away in a session: reword one of them, or add [d-1, d-2] under conflicts: in bank.yaml (draws never put a listed pair together)'
		]);
	});

	it('compiles once the pair is listed (either order), and the bundle carries the list', async () => {
		expect(
			await problems({
				'demo/bank.yaml': bankYaml('conflicts:\n  - [d-2, d-1]\n'),
				'demo/questions/01.yaml': QUESTIONS
			})
		).toEqual([]);
	});

	it('refuses a listed id that is not a question of the bank, and a pair of one id', async () => {
		expect(
			await problems({
				'demo/bank.yaml': bankYaml('conflicts:\n  - [d-1, d-2]\n  - [d-1, d-9]\n  - [d-2, d-2]\n'),
				'demo/questions/01.yaml': QUESTIONS
			})
		).toEqual([
			'question-banks/demo/bank.yaml:11 conflicts[1][1]: no question "d-9" in this bank',
			'question-banks/demo/bank.yaml:12 conflicts[2]: a pair needs two different ids'
		]);
	});
});

describe('compiler: dated cards', () => {
	const files = (card: string) => ({
		'demo/bank.yaml': bankYaml('conflicts:\n  - [d-1, d-2]\n'),
		'demo/questions/01.yaml': QUESTIONS,
		'demo/cards/01.yaml': card
	});

	it('takes a card whose text tells its year and day', async () => {
		expect(await problems(files(CARD('07-01', '  year: 1921\n')))).toEqual([]);
	});

	it('refuses a card whose date or year is not the event it tells', async () => {
		expect(await problems(files(CARD('07-02', '  year: 1921\n')))).toEqual([
			'question-banks/demo/cards/01.yaml:4 [0].year: the card is dated 07-02, 1921 but no sentence of it tells what happened on 1921年7月2日; fix the date or year, or drop the year for a commemoration day'
		]);
		expect(await problems(files(CARD('07-02', '')))).toEqual([
			'question-banks/demo/cards/01.yaml:3 [0].date: the card is dated 07-02 but its text never names 7月2日'
		]);
	});
});

describe('the real banks', () => {
	let banks: CompiledBank[];
	beforeAll(async () => {
		banks = await buildBanks('question-banks');
	});

	it('list every answer printed in another stem as a conflict', () => {
		for (const bank of banks) {
			expect(bank.leaks.length, bank.meta.id).toBeGreaterThan(0);
			expect(unlistedLeaks(bank.leaks, bank.meta.conflicts ?? []), bank.meta.id).toEqual([]);
		}
	});

	it('never draw both questions of a leaking pair into one daily quiz or practice run', () => {
		for (const bank of banks) {
			const pool = bank.questions.map((q) => q.id);
			const conflicts = bank.meta.conflicts ?? [];
			const pairs = bank.leaks.map((l) => [l.answerId, l.stemId] as const);
			const draws: string[][] = [];
			// A year of daily quizzes for a few groups (and players without one).
			for (const group of [null, 'g-1', 'g-2']) {
				for (let d = 0; d < 365; d++) {
					const day = new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
					draws.push(
						selectQuestionIds(pool, DAILY_QUESTION_COUNT, dailySeed(group, day), conflicts)
					);
				}
			}
			// Practice, 限时赛 and 全部 runs with random seeds.
			for (const count of [10, 20, 50, TIMED_QUESTION_COUNT, pool.length]) {
				for (let s = 0; s < 40; s++) {
					draws.push(selectQuestionIds(pool, count, `${bank.meta.id}:${count}:${s}`, conflicts));
				}
			}
			for (const draw of draws) expect(conflictsWithin(draw, pairs)).toEqual([]);
			// The daily quiz is never short: conflicts only ever skip to the next question.
			expect(draws.slice(0, 3 * 365).every((d) => d.length === DAILY_QUESTION_COUNT)).toBe(true);
		}
	});

	it('date every 历史上的今天 card by the event its text tells', () => {
		const dated = banks.flatMap((b) => b.cards.filter((c) => c.date !== undefined));
		expect(dated.length).toBeGreaterThan(50);
		for (const card of dated) expect(datedCardIssue(card), card.id).toBeNull();
	});
});
