import { beforeAll, expect, it } from 'vitest';
import type { AdminIdentity } from '../../src/lib/server/accounts';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import { addToRoster, createGroup } from '../../src/lib/server/groups';
import { fillAttemptPoints } from '../../src/lib/server/ingest';
import { groupLeaderboard, memberLeaderboard } from '../../src/lib/server/leaderboard';
import { claimRosterName, joinWithName, type MemberIdentity } from '../../src/lib/server/members';
import { judge, single } from '../fixtures/questions';
import { demoRegistry, orgAdmin, upload, uploadAttempts } from './fixtures';
import { describeEachDatabase } from './harness';

const settings = { timeLimitMs: 10_500, speedScoring: true };

/** A 限时赛 round: the single-choice question right (v1.0.0: B) at `ms`, the judge one wrong. */
function timedRound(ms: number) {
	return upload({
		mode: 'timed',
		settings,
		answers: [
			{ questionId: single.id, response: 'B', elapsedMs: ms, answeredAt: 1_764_000_000_000 + 1 },
			{ questionId: judge.id, response: true, elapsedMs: 900, answeredAt: 1_764_000_000_000 + 2 }
		]
	});
}

describeEachDatabase('points stored with attempts and the 限时赛 board', (get) => {
	let registry: BankRegistry;
	let admin: AdminIdentity;
	let cls = { id: '', joinCode: '' };

	/** A new branch with these members, so each test's board holds only its own rounds. */
	async function branchWith(names: string[]) {
		const { db } = get();
		const branch = await createGroup(db, admin, { kind: 'branch', name: `支部${names.join('')}` });
		const members: Record<string, MemberIdentity> = {};
		for (const name of names) members[name] = await joinWithName(db, branch.joinCode, name);
		return { branch, members };
	}

	// A class with two names on its roster.
	beforeAll(async () => {
		const { db } = get();
		registry = await demoRegistry();
		admin = await orgAdmin(db);
		cls = await createGroup(db, admin, { kind: 'class', name: '三年级一班' });
		await addToRoster(db, admin, cls.id, ['王小红', '李小明']);
	});

	it('ingest stores the re-scored points, speed bonus included', async () => {
		const { db } = get();
		const { members } = await branchWith(['快']);
		const round = timedRound(5_500);
		await uploadAttempts(db, registry, members['快'] as MemberIdentity, [round]);
		const row = await db
			.selectFrom('attempt')
			.select('points')
			.where('id', '=', round.id)
			.executeTakeFirstOrThrow();
		// 5.5 s of a 10.5 s limit, the curve starting at q-single's 720 ms reading floor:
		// 1 − 0.5 × 4780 / 9780 → 756; the wrong judge answer adds nothing.
		expect(row.points).toBe(756);
	});

	it('attempts stored before the column existed are scored by fillAttemptPoints, once', async () => {
		const { db } = get();
		const { members } = await branchWith(['慢']);
		// 720 ms is q-single's reading floor (core/play/reading.ts): the fastest answer that scores.
		const old = [timedRound(720), timedRound(10_000)];
		await uploadAttempts(db, registry, members['慢'] as MemberIdentity, old);
		await db
			.updateTable('attempt')
			.set({ points: null })
			.where(
				'id',
				'in',
				old.map((o) => o.id)
			)
			.execute();
		expect(await fillAttemptPoints(db, registry, 1)).toBe(2);
		const rows = await db
			.selectFrom('attempt')
			.select(['id', 'points'])
			.where(
				'id',
				'in',
				old.map((o) => o.id)
			)
			.orderBy('points', 'desc')
			.execute();
		// At the floor: the full 1000 (the speed curve starts there).
		expect(rows.map((r) => r.points)).toEqual([1000, 526]);
		expect(await fillAttemptPoints(db, registry)).toBe(0);
	});

	it('the 限时赛 board ranks best rounds; only those who played, with "you"', async () => {
		const { db } = get();
		const { branch, members } = await branchWith(['快', '慢', '只练习', '没来']);
		await uploadAttempts(db, registry, members['快'] as MemberIdentity, [timedRound(5_500)]);
		// 720 ms is q-single's reading floor (core/play/reading.ts): the fastest answer that scores.
		await uploadAttempts(db, registry, members['慢'] as MemberIdentity, [
			timedRound(720),
			timedRound(10_000)
		]);
		await uploadAttempts(db, registry, members['只练习'] as MemberIdentity, [upload()]);
		const board = await memberLeaderboard(db, members['快'] as MemberIdentity);
		expect(board.individual).toBe(true);
		expect(board.timed).toEqual({
			top: [
				{ rank: 1, memberId: members['慢']?.memberId, displayName: '慢', points: 1000, rounds: 2 },
				{ rank: 2, memberId: members['快']?.memberId, displayName: '快', points: 756, rounds: 1 }
			],
			you: {
				rank: 2,
				memberId: members['快']?.memberId,
				displayName: '快',
				points: 756,
				rounds: 1
			},
			players: 2
		});
		// The practice-only member has no 限时赛 row, and the member who never played is nowhere.
		const practiceOnly = await memberLeaderboard(db, members['只练习'] as MemberIdentity);
		expect(practiceOnly.timed?.you).toBeNull();
		expect(JSON.stringify(practiceOnly)).not.toContain('没来');
		const top1 = await groupLeaderboard(db, branch.id, members['快']?.memberId ?? null, 1);
		expect(top1.timed?.top).toHaveLength(1);
		expect(top1.timed?.you?.rank).toBe(2);
	});

	it('a class member gets no individual rows or rankings; the teacher’s view keeps them', async () => {
		const { db } = get();
		const roster = await db
			.selectFrom('member')
			.select('id')
			.where('group_id', '=', cls.id)
			.execute();
		const pupils = await Promise.all(roster.map((r) => claimRosterName(db, cls.joinCode, r.id)));
		for (const p of pupils) {
			await uploadAttempts(db, registry, p, [timedRound(800), upload()]);
		}
		const seen = await memberLeaderboard(db, pupils[0] as MemberIdentity);
		expect(seen).toMatchObject({ individual: false, top: [], you: null, timed: null, members: 2 });
		expect(JSON.stringify(seen)).not.toMatch(/王小红|李小明/);
		const teacher = await groupLeaderboard(db, cls.id, null, 20);
		expect(teacher.top).toHaveLength(2);
		expect(teacher.timed?.players).toBe(2);
	});
});
