import { expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/core/ids';
import { dailySeed } from '../../src/lib/core/play/daily';
import { DAILY_QUESTION_COUNT } from '../../src/lib/core/play/modes';
import { selectQuestionIds } from '../../src/lib/core/play/random';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import { createGroup } from '../../src/lib/server/groups';
import { RANKED_ATTEMPTS_PER_DAY } from '../../src/lib/server/ingest';
import { groupLeaderboard } from '../../src/lib/server/leaderboard';
import { joinWithName, type MemberIdentity } from '../../src/lib/server/members';
import { judge, multiple, single } from '../fixtures/questions';
import {
	CONTEST_BANK,
	CONTEST_QUESTIONS,
	contestRegistry,
	demoRegistry,
	orgAdmin,
	upload,
	uploadAttempts
} from './fixtures';
import { describeEachDatabase } from './harness';

const NOW = Date.UTC(2026, 10, 29, 6, 0); // 14:00 in 金河镇
const newId = (at: number) => uuidv7(at, crypto.getRandomValues(new Uint8Array(10)));

describeEachDatabase('forged uploads are refused or earn nothing', (get) => {
	let registry: BankRegistry;
	let branchId = '';
	const m: Record<string, MemberIdentity> = {};

	it('sets up a branch', async () => {
		const { db } = get();
		registry = await demoRegistry();
		const admin = await orgAdmin(db);
		const branch = await createGroup(db, admin, { kind: 'branch', name: '机关支部' });
		branchId = branch.id;
		for (const name of ['脚本', '老实', '快手', '云学'])
			m[name] = await joinWithName(db, branch.joinCode, name);
	});

	it('1,000 identical perfect attempts under new ids: one stored, the rest refused', async () => {
		const { db } = get();
		const perfect = upload({ startedAt: NOW - 60_000, finishedAt: NOW - 1000 });
		const copies = Array.from({ length: 1000 }, () => ({ ...perfect, id: newId(NOW) }));
		const statuses = new Map<string, number>();
		for (let i = 0; i < copies.length; i += 50) {
			const results = await uploadAttempts(
				db,
				registry,
				m['脚本'] as MemberIdentity,
				copies.slice(i, i + 50),
				NOW
			);
			for (const r of results) {
				const key = `${r.status}:${r.reason ?? ''}`;
				statuses.set(key, (statuses.get(key) ?? 0) + 1);
			}
		}
		expect(Object.fromEntries(statuses)).toEqual({
			'accepted:': 1,
			'rejected:这条成绩与已上传的成绩完全相同': 999
		});
		const stored = await db
			.selectFrom('attempt')
			.select('id')
			.where('member_id', '=', m['脚本']?.memberId ?? '')
			.execute();
		expect(stored).toHaveLength(1);
	});

	it('varying the times gets past the copy check, but the board counts 20 a day', async () => {
		const { db } = get();
		const varied = Array.from({ length: 100 }, (_, i) =>
			upload({ startedAt: NOW - 60_000 - i, finishedAt: NOW - 1000 })
		);
		for (let i = 0; i < varied.length; i += 50) {
			const results = await uploadAttempts(
				db,
				registry,
				m['脚本'] as MemberIdentity,
				varied.slice(i, i + 50),
				NOW
			);
			expect(results.every((r) => r.status === 'accepted')).toBe(true);
		}
		const board = await groupLeaderboard(db, branchId, m['脚本']?.memberId ?? null);
		// The fixture's attempt has 2 right answers; 20 attempts count (the first, plus 19 of these).
		expect(board.you).toMatchObject({
			attempts: RANKED_ATTEMPTS_PER_DAY,
			score: 2 * RANKED_ATTEMPTS_PER_DAY
		});
		// The next study day (from 04:00 in 金河镇) counts again.
		const tomorrow = NOW + 24 * 3_600_000;
		await uploadAttempts(
			db,
			registry,
			m['脚本'] as MemberIdentity,
			[upload({ startedAt: tomorrow - 60_000, finishedAt: tomorrow - 1000 })],
			tomorrow
		);
		expect((await groupLeaderboard(db, branchId, m['脚本']?.memberId ?? null)).you?.attempts).toBe(
			RANKED_ATTEMPTS_PER_DAY + 1
		);
	});

	it('a 限时赛 with every answer at 1 ms scores nothing and says why', async () => {
		const { db } = get();
		const round = upload({
			mode: 'timed',
			settings: { timeLimitMs: 20_000, speedScoring: true },
			answers: [
				{ questionId: single.id, response: 'B', elapsedMs: 1, answeredAt: NOW - 3000 },
				{ questionId: multiple.id, response: ['A', 'C'], elapsedMs: 1, answeredAt: NOW - 2000 },
				{ questionId: judge.id, response: false, elapsedMs: 1, answeredAt: NOW - 1000 }
			]
		});
		expect(await uploadAttempts(db, registry, m['快手'] as MemberIdentity, [round], NOW)).toEqual([
			{ id: round.id, status: 'accepted', reason: '3 题作答快于读题所需时间，不计分' }
		]);
		const row = await db
			.selectFrom('attempt')
			.select(['points', 'correct'])
			.where('id', '=', round.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ points: 0, correct: 0 });
		expect(
			(await groupLeaderboard(db, branchId, m['快手']?.memberId ?? null)).timed?.you?.points
		).toBe(0);
	});

	it('elapsedMs 1e308 is refused by the schema, naming the field', async () => {
		const { db } = get();
		const huge = upload({
			answers: [{ questionId: single.id, response: 'B', elapsedMs: 1e308, answeredAt: NOW }]
		});
		const [r] = await uploadAttempts(db, registry, m['老实'] as MemberIdentity, [huge], NOW);
		expect(r).toMatchObject({ status: 'rejected', reason: expect.stringContaining('elapsedMs') });
	});

	it('a 云学 attempt must play that day’s questions', async () => {
		const { db } = get();
		const contest = await contestRegistry();
		const day = '2026-11-29';
		const pool = CONTEST_QUESTIONS.map((q) => q.id);
		const byId = new Map(CONTEST_QUESTIONS.map((q) => [q.id, q]));
		const drawn = selectQuestionIds(pool, DAILY_QUESTION_COUNT, dailySeed(m['云学']?.groupId, day));
		const others = pool.filter((id) => !drawn.includes(id)).slice(0, DAILY_QUESTION_COUNT);
		const fillOrKey = (qid: string) => {
			const q = byId.get(qid);
			return !q ? null : q.type === 'fill' ? (q.answer[0] ?? '') : q.answer;
		};
		const play = (ids: string[]) =>
			upload({
				mode: 'daily',
				bankId: CONTEST_BANK.id,
				startedAt: NOW - 60_000,
				finishedAt: NOW - 1000,
				answers: ids.map((questionId, i) => ({
					questionId,
					response: fillOrKey(questionId),
					elapsedMs: 3000,
					answeredAt: NOW - 10_000 + i
				}))
			});
		const honest = play(drawn);
		const chosen = play(others);
		expect(
			await uploadAttempts(db, contest, m['云学'] as MemberIdentity, [honest, chosen], NOW)
		).toEqual([
			{ id: honest.id, status: 'accepted' },
			{ id: chosen.id, status: 'rejected', reason: `每日答题的题目不是 ${day} 当天的题目` }
		]);
	});
});
