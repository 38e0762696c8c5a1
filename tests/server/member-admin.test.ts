import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { studyDay } from '../../src/lib/core/calendar/study-day';
import { ApiError } from '../../src/lib/server/api-error';
import { memberStreak } from '../../src/lib/server/checkins';
import { createGroup, listGroups } from '../../src/lib/server/groups';
import { groupLeaderboard } from '../../src/lib/server/leaderboard';
import { listMembers, mergeMembers, removeMember } from '../../src/lib/server/member-admin';
import { joinWithName, memberFromToken, recoverMember } from '../../src/lib/server/members';
import { exportGroupResults } from '../../src/lib/server/results-export';
import { groupStudyView } from '../../src/lib/server/study-view';
import { syncBatch } from '../../src/lib/server/sync';
import { demoRegistry, orgAdmin, upload } from './fixtures';
import { describeEachDatabase } from './harness';

const DAY = 24 * 3_600_000;

async function refusal(run: () => Promise<unknown>) {
	const e = await run().then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(ApiError);
	return e as ApiError;
}

async function sheetNames(body: Uint8Array): Promise<string[]> {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(body.buffer as ArrayBuffer);
	const names: string[] = [];
	book.getWorksheet('参与情况')?.eachRow((row, n) => {
		if (n > 3) names.push(String((row.values as unknown[])[1]));
	});
	return names;
}

describeEachDatabase('an admin removes, merges and tells apart members', (get) => {
	it('removes a fake member: no more uploads (401 with the reason), out of counts, boards and the collective streak, marked in exports', async () => {
		const { db } = get();
		const registry = await demoRegistry();
		const admin = await orgAdmin(db);
		const group = await createGroup(db, admin, { kind: 'branch', name: '泄码支部' });
		const now = Date.now();
		const real = await joinWithName(db, group.joinCode, '真成员');
		const fakes: Awaited<ReturnType<typeof joinWithName>>[] = [];
		for (let i = 0; i < 5; i++) fakes.push(await joinWithName(db, group.joinCode, `假成员${i}`));
		// Everyone joined a week ago; only the real member studies today.
		await db
			.updateTable('member')
			.set({ created_at: now - 7 * DAY })
			.execute();
		const today = studyDay(now);
		const realId = await memberFromToken(db, `Bearer ${real.token}`);
		await syncBatch(
			db,
			registry,
			realId,
			{ items: [upload()], checkins: [{ day: today, kind: 'yue', at: now }] },
			now
		);
		const fake0 = await memberFromToken(db, `Bearer ${fakes[0]!.token}`);
		await syncBatch(
			db,
			registry,
			fake0,
			{ items: [upload()], checkins: [{ day: today, kind: 'yue', at: now }] },
			now
		);

		const recent = await listMembers(db, admin, group.id, now);
		expect(recent.recentCount).toBe(0);
		expect(recent.members.map((m) => m.displayName).sort()).toEqual(
			['假成员0', '假成员1', '假成员2', '假成员3', '假成员4', '真成员'].sort()
		);
		// 2 of 6 studied: below 50%, the collective streak does not count today.
		expect((await groupStudyView(db, admin, group.id, 0.5, now)).collective.todayReached).toBe(
			false
		);

		for (const f of fakes) await removeMember(db, admin, group.id, f.memberId, now);

		const e = await refusal(() => memberFromToken(db, `Bearer ${fakes[0]!.token}`));
		expect(e.status).toBe(401);
		expect(e.code).toBe('member_removed');
		expect(e.message).toContain('移出「泄码支部」');
		const study = await groupStudyView(db, admin, group.id, 0.5, now);
		expect(study.members).toBe(1);
		expect(study.collective.todayReached).toBe(true);
		expect((await listGroups(db, admin)).find((g) => g.id === group.id)?.memberCount).toBe(1);
		expect((await listMembers(db, admin, group.id, now)).members).toHaveLength(1);
		const board = await groupLeaderboard(db, group.id, null, 10);
		expect(board.top.map((r) => r.displayName)).toEqual(['真成员']);
		const file = await exportGroupResults(
			db,
			admin,
			group.id,
			{ from: today, to: today },
			new Map(),
			now
		);
		expect((await sheetNames(file.body)).sort()).toEqual(['假成员0（已移除）', '真成员'].sort());
		// Removing twice, or a member of another group: 404.
		expect(
			(await refusal(() => removeMember(db, admin, group.id, fakes[0]!.memberId))).status
		).toBe(404);
		// The removed member's recovery code does not bring them back.
		expect((await refusal(() => recoverMember(db, fakes[1]!.recoveryCode ?? ''))).code).toBe(
			'member_removed'
		);
	});

	it('lists members who joined in the last day', async () => {
		const { db } = get();
		const admin = await orgAdmin(db).catch(async () => {
			const { login } = await import('../../src/lib/server/accounts');
			return (await login(db, 'admin', 'long-enough-1')).admin;
		});
		const group = await createGroup(db, admin, { kind: 'branch', name: '新人支部' });
		const now = Date.now();
		const old = await joinWithName(db, group.joinCode, '老党员');
		await db
			.updateTable('member')
			.set({ created_at: now - 2 * DAY })
			.where('id', '=', old.memberId)
			.execute();
		await joinWithName(db, group.joinCode, '新党员');
		const listed = await listMembers(db, admin, group.id, now);
		expect(listed.recentCount).toBe(1);
		expect(listed.members.map((m) => [m.displayName, m.recent])).toEqual([
			['新党员', true],
			['老党员', false]
		]);
	});

	it('merges two members who are one person: results, check-ins and devices move to the one kept', async () => {
		const { db } = get();
		const { login } = await import('../../src/lib/server/accounts');
		const admin = (await login(db, 'admin', 'long-enough-1')).admin;
		const registry = await demoRegistry();
		const group = await createGroup(db, admin, { kind: 'branch', name: '合并支部' });
		const now = Date.now();
		const phone = await joinWithName(db, group.joinCode, '刘洋');
		const tablet = await joinWithName(db, group.joinCode, '刘洋', '平板');
		await db
			.updateTable('member')
			.set({ created_at: now - 7 * DAY })
			.execute();
		const today = studyDay(now);
		const yesterday = studyDay(now - DAY);
		const a = await memberFromToken(db, `Bearer ${phone.token}`);
		const b = await memberFromToken(db, `Bearer ${tablet.token}`);
		await syncBatch(
			db,
			registry,
			a,
			{ items: [upload()], checkins: [{ day: today, kind: 'yue', at: now }] },
			now
		);
		await syncBatch(
			db,
			registry,
			b,
			{
				items: [upload(), upload()],
				checkins: [
					{ day: today, kind: 'yue', at: now },
					{ day: yesterday, kind: 'yue', at: now - DAY }
				]
			},
			now
		);
		await mergeMembers(db, admin, group.id, tablet.memberId, phone.memberId, now);

		const board = await groupLeaderboard(db, group.id, null, 10);
		expect(board.top.map((r) => [r.displayName, r.attempts])).toEqual([['刘洋', 3]]);
		// The tablet's token now uploads as the phone's member; the set of days is the union.
		expect((await memberFromToken(db, `Bearer ${tablet.token}`)).memberId).toBe(phone.memberId);
		const streak = await memberStreak(db, a, null, now);
		expect(streak.checkins.map((c) => c.day).sort()).toEqual([yesterday, today].sort());
		expect((await listMembers(db, admin, group.id, now)).members.map((m) => m.displayName)).toEqual(
			['刘洋']
		);
		// The merged member's recovery code recovers the member kept.
		const recovered = await recoverMember(db, tablet.recoveryCode ?? '');
		expect(recovered.memberId).toBe(phone.memberId);
		expect(
			(await refusal(() => mergeMembers(db, admin, group.id, phone.memberId, phone.memberId)))
				.status
		).toBe(422);
	});

	it('asks for a distinguishing note when the group already has the name', async () => {
		const { db } = get();
		const { login } = await import('../../src/lib/server/accounts');
		const admin = (await login(db, 'admin', 'long-enough-1')).admin;
		const group = await createGroup(db, admin, { kind: 'branch', name: '重名支部' });
		await joinWithName(db, group.joinCode, '张伟');
		for (const same of ['张伟', ' 张 伟 ', '张伟\u3000']) {
			const e = await refusal(() => joinWithName(db, group.joinCode, same));
			expect(e.status).toBe(409);
			expect(e.code).toBe('name_taken');
			expect(e.message).toContain('区分说明');
		}
		const second = await joinWithName(db, group.joinCode, '张伟', '三组');
		expect(second.displayName).toBe('张伟（三组）');
		const again = await refusal(() => joinWithName(db, group.joinCode, '张伟', '三组'));
		expect(again.code).toBe('name_note_taken');
		expect((await refusal(() => joinWithName(db, group.joinCode, '张伟', '\u202E组'))).status).toBe(
			422
		);
		// Another group may have its own 张伟.
		const other = await createGroup(db, admin, { kind: 'branch', name: '另一个支部' });
		expect((await joinWithName(db, other.joinCode, '张伟')).displayName).toBe('张伟');
	});
});
