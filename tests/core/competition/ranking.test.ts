import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	analyseItems,
	analyseMarks,
	encodeMarks,
	markIds
} from '../../../src/lib/core/competition/analysis';
import {
	awardFor,
	compareEntries,
	countedTry,
	groupBoard,
	rankEntrants
} from '../../../src/lib/core/competition/ranking';
import type { ScoredAnswer } from '../../../src/lib/core/competition/types';
import { pool } from './pool';

const entry = fc.record({
	id: fc.uuid(),
	score: fc.integer({ min: 0, max: 5 }),
	answeringMs: fc.integer({ min: 0, max: 5 }),
	receivedAt: fc.integer({ min: 0, max: 3 })
});

describe('ranking', () => {
	it('orders by score, then time, then earlier submission; full ties share a rank', () => {
		fc.assert(
			fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
				const ranked = rankEntrants(entries);
				expect(ranked).toHaveLength(entries.length);
				for (let i = 1; i < ranked.length; i++) {
					const a = ranked[i - 1];
					const b = ranked[i];
					if (!a || !b) continue;
					expect(compareEntries(a, b)).toBeLessThanOrEqual(0);
					const tied =
						a.score === b.score && a.answeringMs === b.answeringMs && a.receivedAt === b.receivedAt;
					expect(b.rank).toBe(tied ? a.rank : i + 1);
				}
				// Input order does not matter.
				expect(rankEntrants([...entries].reverse()).map((r) => [r.id, r.rank])).toEqual(
					ranked.map((r) => [r.id, r.rank])
				);
			})
		);
	});

	it('breaks a tie in score by time and then by submission', () => {
		const r = rankEntrants([
			{ id: 'a', score: 9, answeringMs: 100, receivedAt: 5 },
			{ id: 'b', score: 9, answeringMs: 90, receivedAt: 9 },
			{ id: 'c', score: 9, answeringMs: 100, receivedAt: 4 },
			{ id: 'd', score: 10, answeringMs: 500, receivedAt: 9 }
		]);
		expect(r.map((x) => `${x.id}${x.rank}`)).toEqual(['d1', 'b2', 'c3', 'a4']);
	});

	it('counts the best or the first try', () => {
		const first = { id: 'x', score: 3, answeringMs: 10, receivedAt: 50, startedAt: 1 };
		const better = { id: 'y', score: 5, answeringMs: 10, receivedAt: 40, startedAt: 2 };
		expect(countedTry([better, first], 'first')).toBe(first);
		expect(countedTry([first, better], 'best')).toBe(better);
		expect(countedTry([], 'best')).toBeUndefined();
	});
});

describe('awards', () => {
	const tiers = [
		{ name: '一等奖', by: 'rank' as const, value: 1 },
		{ name: '二等奖', by: 'rank' as const, value: 3 },
		{ name: '三等奖', by: 'share' as const, value: 0.3 },
		{ name: '优秀奖', by: 'share' as const, value: 0.5 }
	];
	it('gives the first tier a rank qualifies for, shares rounded up', () => {
		expect([1, 2, 3, 4, 6, 7, 10, 11].map((r) => awardFor(r, 20, tiers))).toEqual([
			'一等奖',
			'二等奖',
			'二等奖',
			'三等奖',
			'三等奖',
			'优秀奖',
			'优秀奖',
			null
		]);
		expect(awardFor(1, 1, [{ name: '优秀奖', by: 'share', value: 0.1 }])).toBe('优秀奖');
	});
});

describe('group boards', () => {
	it('ranks branches by top average, lists classes without rank', () => {
		const rows = groupBoard(
			[
				{ id: 'a', name: '一支部', kind: 'branch', members: 10 },
				{ id: 'b', name: '二支部', kind: 'branch', members: 4 },
				{ id: 'k', name: '三年级一班', kind: 'class', members: 30 }
			],
			[
				{ groupId: 'a', score: 10 },
				{ groupId: 'a', score: 6 },
				{ groupId: 'b', score: 9 },
				{ groupId: 'b', score: 9 },
				{ groupId: 'k', score: 10 }
			],
			2
		);
		expect(
			rows.map((r) => [r.groupId, r.rank, r.participation, r.averageScore, r.topAverage])
		).toEqual([
			['b', 1, 0.5, 9, 9],
			['a', 2, 0.2, 8, 8],
			['k', null, 1 / 30, 10, 10]
		]);
	});
});

describe('item analysis', () => {
	const questions = new Map(pool(3).map((q) => [q.id, q]));
	const a = (
		questionId: string,
		verdict: ScoredAnswer['verdict'],
		response: ScoredAnswer['response'] = 'B'
	): ScoredAnswer => ({
		questionId,
		verdict,
		response,
		elapsedMs: 3000
	});

	it('finds correct rates, discrimination, wrong choices, flags and weak tags', () => {
		// Eight entrants (groups of ceil(8 × 27 %) = 3): the top half right on s-0; the best two wrong
		// on j-1 (a bad key?) while the bottom three are right: top 1/3 − bottom 3/3.
		const entrants = Array.from({ length: 8 }, (_, i) => ({
			score: 8 - i,
			answers: [
				a('s-0', i < 4 ? 'correct' : 'wrong', i < 4 ? 'A' : i % 2 ? 'B' : 'C'),
				a('j-1', i < 2 ? 'wrong' : 'correct', i < 2 ? true : false),
				a('s-2', 'correct', 'A')
			]
		}));
		const r = analyseItems(entrants, questions);
		const s0 = r.items.find((x) => x.questionId === 's-0');
		const j1 = r.items.find((x) => x.questionId === 'j-1');
		const s2 = r.items.find((x) => x.questionId === 's-2');
		expect(s0).toMatchObject({ correctRate: 0.5, discrimination: 1, flags: [] });
		expect(s0?.wrongChoices).toEqual([
			{ choice: 'B', count: 2 },
			{ choice: 'C', count: 2 }
		]);
		expect(j1).toMatchObject({ correctRate: 0.75, discrimination: -0.667, flags: ['best-worse'] });
		expect(j1?.wrongChoices).toEqual([{ choice: '对', count: 2 }]);
		expect(s2?.flags).toEqual(['everyone-right']);
		// s-0 is tagged 长征, j-1 建党, s-2 抗战 (pool cycles tags).
		expect(r.weakTags.map((t) => t.tag)).toEqual(['长征', '建党', '抗战']);
	});

	it('gives no discrimination with fewer than four entrants', () => {
		const r = analyseItems([{ score: 1, answers: [a('s-0', 'correct', 'A')] }], questions);
		expect(r.items[0]?.discrimination).toBeNull();
	});

	it('gives the same analysis from stored marks as from the answers', () => {
		const verdicts: ScoredAnswer['verdict'][] = ['correct', 'wrong', 'unanswered', 'too-fast'];
		const bank = new Map(pool(12).map((q) => [q.id, q]));
		const numbering = markIds(bank);
		const index = new Map(numbering.map((id, i) => [id, i]));
		const ids = [...bank.keys()];
		const answer = fc.record({
			q: fc.nat({ max: ids.length - 1 }),
			verdict: fc.constantFrom(...verdicts),
			response: fc.oneof(
				fc.constant(null),
				fc.constantFrom<string>('A', 'B', ' 一九 二一 。', '=1+1'),
				fc.boolean(),
				fc.constantFrom<string[]>(['A', 'C'], ['C', 'A', 'B'])
			)
		});
		const entrant = fc.record({
			score: fc.nat({ max: 12 }),
			answers: fc.array(answer, { maxLength: 12 })
		});
		fc.assert(
			fc.property(fc.array(entrant, { maxLength: 12 }), (raw) => {
				const entrants = raw.map((e) => ({
					score: e.score,
					answers: e.answers.map((x): ScoredAnswer => ({
						questionId: ids[x.q] as string,
						verdict: x.verdict,
						response: x.response,
						elapsedMs: 3000
					}))
				}));
				const stored = entrants.map((e) => ({
					score: e.score,
					marks: encodeMarks(e.answers, index, bank)
				}));
				expect(analyseMarks(stored, numbering, bank)).toEqual(analyseItems(entrants, bank));
			})
		);
	});

	it('stores marks in a few bytes an answer, without spaces inside a choice', () => {
		const bank = new Map(pool(12).map((q) => [q.id, q]));
		const index = new Map(markIds(bank).map((id, i) => [id, i]));
		const marks = encodeMarks(
			[
				{ questionId: 's-0', verdict: 'correct', response: 'A', elapsedMs: 3000 },
				{ questionId: 'f-4', verdict: 'wrong', response: ' 一九 二一 。', elapsedMs: 3000 },
				{ questionId: 'j-1', verdict: 'unanswered', response: null, elapsedMs: 0 },
				{ questionId: 'nowhere', verdict: 'correct', response: 'A', elapsedMs: 3000 }
			],
			index,
			bank
		);
		expect(marks).toBe(`${index.get('s-0')}c ${index.get('f-4')}w1921 ${index.get('j-1')}n`);
	});
});
