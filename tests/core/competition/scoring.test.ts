import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	boundTimes,
	CLOCK_SLACK_MS,
	competitionStatus,
	isReleased,
	readingFloorMs,
	scoreSubmission,
	windowRefusal
} from '../../../src/lib/core/competition/scoring';
import { parseSubmission } from '../../../src/lib/core/competition/schema';
import type { SubmissionAnswer } from '../../../src/lib/core/competition/types';
import { pool } from './pool';

const POOL = pool(5);
const byId = new Map(POOL.map((q) => [q.id, q]));
const paper = ['s-0', 'm-1', 'j-2', 'f-3'];
const T = 1_790_000_000_000;

function answers(elapsedMs: number): SubmissionAnswer[] {
	return [
		{ questionId: 's-0', response: 'A', elapsedMs, answeredAt: T },
		{ questionId: 'm-1', response: ['C', 'A'], elapsedMs, answeredAt: T },
		{ questionId: 'j-2', response: false, elapsedMs, answeredAt: T },
		{ questionId: 'f-3', response: '一九二一', elapsedMs, answeredAt: T }
	];
}

describe('reading floor', () => {
	it('grows with the stem and is capped', () => {
		expect(readingFloorMs({ stem: '中国共产党第一次全国代表大会在哪一年召开？' })).toBe(720);
		expect(readingFloorMs({ stem: '字'.repeat(500) })).toBe(2500);
		fc.assert(
			fc.property(fc.string(), fc.string(), (a, b) => {
				expect(readingFloorMs({ stem: a + b })).toBeGreaterThanOrEqual(readingFloorMs({ stem: a }));
			})
		);
	});
});

describe('scoring a submission', () => {
	it('scores right answers in canonical keys against the bank (judge j-2 is true: wrong)', () => {
		const r = scoreSubmission(answers(5000), paper, byId, null);
		expect(r).toMatchObject({ ok: true, score: 3, total: 4, answeringMs: 20_000, tooFast: 0 });
		if (r.ok)
			expect(r.answers.map((a) => a.verdict)).toEqual(['correct', 'correct', 'wrong', 'correct']);
	});

	it('gives nothing for answers faster than reading, whatever they say', () => {
		const r = scoreSubmission(answers(1), paper, byId, null);
		expect(r).toMatchObject({ ok: true, score: 0, tooFast: 4 });
	});

	it('gives nothing past a per-question limit or after the paper limit ran out', () => {
		expect(
			scoreSubmission(answers(5000), paper, byId, { per: 'question', ms: 5000 })
		).toMatchObject({
			score: 0
		});
		const r = scoreSubmission(answers(5000), paper, byId, { per: 'paper', ms: 12_000 });
		if (!r.ok) throw new Error(r.reason);
		expect(r.answers.map((a) => a.verdict)).toEqual([
			'correct',
			'correct',
			'over-time',
			'over-time'
		]);
	});

	it('counts questions left out as unanswered and refuses strangers and repeats', () => {
		const r = scoreSubmission(answers(5000).slice(0, 1), paper, byId, null);
		expect(r).toMatchObject({ ok: true, score: 1, total: 4 });
		expect(scoreSubmission([...answers(5000), ...answers(5000)], paper, byId, null)).toEqual({
			ok: false,
			reason: '题目 s-0 重复作答'
		});
		const stranger = { questionId: 's-4', response: 'A', elapsedMs: 5000, answeredAt: T };
		expect(scoreSubmission([stranger], paper, byId, null)).toEqual({
			ok: false,
			reason: '题目 s-4 不在您的试卷中'
		});
		const bad = { questionId: 'j-2', response: 'A', elapsedMs: 5000, answeredAt: T };
		expect(scoreSubmission([bad], paper, byId, null)).toEqual({
			ok: false,
			reason: '题目 j-2 的答案格式不正确'
		});
	});

	it('never scores more than the paper, for any times', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 4, maxLength: 4 }),
				(ms) => {
					const list = answers(0).map((a, i) => ({ ...a, elapsedMs: ms[i] ?? 0 }));
					const r = scoreSubmission(list, paper, byId, { per: 'question', ms: 30_000 });
					if (!r.ok) throw new Error(r.reason);
					expect(r.score).toBeLessThanOrEqual(3);
					for (const a of r.answers) {
						if (a.verdict === 'correct') {
							expect(a.elapsedMs).toBeLessThan(30_000);
							expect(a.elapsedMs).toBeGreaterThanOrEqual(
								readingFloorMs(byId.get(a.questionId) ?? { stem: '' })
							);
						}
					}
				}
			)
		);
	});
});

describe('time bounds', () => {
	const base = { servedAt: T, receivedAt: T + 3_600_000, answeringMs: 0 };

	it('keeps bounded times between serving and receipt, finish never before start', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: T - CLOCK_SLACK_MS, max: T + 7_200_000 }),
				fc.integer({ min: 0, max: 7_200_000 }),
				(startedAt, span) => {
					const r = boundTimes({ ...base, startedAt, finishedAt: startedAt + span });
					if (!r.ok) throw new Error(r.reason);
					expect(r.start).toBeGreaterThanOrEqual(base.servedAt);
					expect(r.start).toBeLessThanOrEqual(base.receivedAt);
					expect(r.finish).toBeGreaterThanOrEqual(r.start);
					expect(r.finish).toBeLessThanOrEqual(base.receivedAt);
				}
			)
		);
	});

	it('refuses a finish before the start, a start long before the paper, or more time than elapsed', () => {
		expect(boundTimes({ ...base, startedAt: T + 10, finishedAt: T + 5 })).toEqual({
			ok: false,
			reason: '交卷时间早于开始时间'
		});
		expect(boundTimes({ ...base, startedAt: T - CLOCK_SLACK_MS - 1, finishedAt: T + 5 })).toEqual({
			ok: false,
			reason: '开始答题时间早于下载试卷的时间（请检查手机时间）'
		});
		expect(
			boundTimes({ ...base, answeringMs: 600_000, startedAt: T + 1000, finishedAt: T + 2000 })
		).toEqual({ ok: false, reason: '答题用时超过交卷前经过的时间' });
	});

	it('the schema refuses times that are not finite or far away', () => {
		const record = {
			protocol: 1,
			id: '019a3f6c-8e21-7c4d-9a1b-3f2e4d5c6b7a',
			competitionId: 'c',
			startedAt: T,
			finishedAt: T + 1000,
			answers: [{ questionId: 's-0', response: 'A', elapsedMs: 900, answeredAt: T }]
		};
		expect(parseSubmission(record).success).toBe(true);
		for (const bad of [1e308, -1, Number.NaN, Infinity, 0.5]) {
			const answersBad = [{ ...record.answers[0], elapsedMs: bad }];
			expect(parseSubmission({ ...record, answers: answersBad }).success).toBe(false);
		}
		expect(parseSubmission({ ...record, finishedAt: 9e15 }).success).toBe(false);
		expect(parseSubmission({ ...record, finishedAt: T - 1 }).success).toBe(false);
	});
});

describe('window, grace and release', () => {
	const w = { opensAt: 1000, closesAt: 2000, graceMs: 500 };

	it('counts a start inside the window received within the grace, edges included', () => {
		expect(windowRefusal(w, 1000, 1000)).toBeNull();
		expect(windowRefusal(w, 2000, 2500)).toBeNull();
		expect(windowRefusal(w, 999, 1500)).toBe('竞赛尚未开始，不能交卷');
		expect(windowRefusal(w, 2001, 2100)).toBe('开始答题时间不在竞赛时间内');
		expect(windowRefusal(w, 1500, 2501)).toBe('竞赛已结束，补交期也已过');
	});

	it('moves through its states', () => {
		const c = { ...w, publishedAt: 1 };
		expect(competitionStatus({ ...c, publishedAt: null }, 1500)).toBe('draft');
		expect([999, 1000, 2000, 2001, 2500, 2501].map((n) => competitionStatus(c, n))).toEqual([
			'upcoming',
			'open',
			'open',
			'grace',
			'grace',
			'closed'
		]);
	});

	it('releases after the last try or after window and grace', () => {
		const c = { ...w, tries: 2, release: 'after-submit' as const };
		expect(isReleased(c, 1, 1200, 1300)).toBe(false);
		expect(isReleased(c, 2, 1200, 1300)).toBe(true);
		expect(isReleased(c, 0, null, 2500)).toBe(true);
		const after = { ...c, release: 'after-window' as const };
		expect(isReleased(after, 2, 1200, 2499)).toBe(false);
		expect(isReleased(after, 2, 1200, 2500)).toBe(true);
	});
});
