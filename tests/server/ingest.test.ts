import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/server/api-error';
import type { AdminIdentity } from '../../src/lib/server/accounts';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import { addToRoster, createGroup } from '../../src/lib/server/groups';
import { groupLeaderboard } from '../../src/lib/server/leaderboard';
import {
	claimRosterName,
	joinWithName,
	memberFromToken,
	recoverMember
} from '../../src/lib/server/members';
import { demoRegistry, orgAdmin, upload, uploadAttempts } from './fixtures';
import { syncBatch } from '../../src/lib/server/sync';
import { SYNC_MAX_ITEMS } from '../../src/lib/core/sync/protocol';
import { RANKED_ATTEMPTS_PER_DAY } from '../../src/lib/server/ingest';
import { describeEachDatabase } from './harness';

describeEachDatabase('members and score upload', (get) => {
	let registry: BankRegistry;
	let branchCode = '';
	let classCode = '';
	let classId = '';

	let admin: AdminIdentity;

	// An org with a branch and a class with two names on its roster.
	beforeAll(async () => {
		const { db } = get();
		registry = await demoRegistry();
		admin = await orgAdmin(db);
		branchCode = (await createGroup(db, admin, { kind: 'branch', name: '机关支部' })).joinCode;
		const cls = await createGroup(db, admin, { kind: 'class', name: '三年级一班' });
		classCode = cls.joinCode;
		classId = cls.id;
		await addToRoster(db, admin, cls.id, ['王小红', '李小明']);
	});

	it('puts each name on a class roster once', async () => {
		const { db } = get();
		const cls = await createGroup(db, admin, { kind: 'class', name: '三年级二班' });
		expect(await addToRoster(db, admin, cls.id, ['王小红', '李小明', '王小红'])).toEqual({
			added: 2
		});
		expect(await addToRoster(db, admin, cls.id, ['李小明'])).toEqual({ added: 0 });
	});

	it('joins a branch with a name, a class by tapping a roster name; tokens are stored hashed', async () => {
		const { db } = get();
		const m = await joinWithName(db, branchCode.toLowerCase(), '张三');
		expect(m.recoveryCode).toBeTruthy();
		expect(await memberFromToken(db, `Bearer ${m.token}`)).toMatchObject({
			memberId: m.memberId,
			groupId: m.groupId
		});
		const stored = await db.selectFrom('member_token').select('token_hash').execute();
		expect(stored.some((t) => t.token_hash === m.token)).toBe(false);

		const roster = await db
			.selectFrom('member')
			.select('id')
			.where('on_roster', '=', 1)
			.where('group_id', '=', classId)
			.execute();
		const pupil = await claimRosterName(db, classCode, roster[0]?.id ?? '');
		expect(pupil.recoveryCode).toBeNull();
		await expect(joinWithName(db, classCode, '冒名')).rejects.toMatchObject({ status: 422 });
		await expect(claimRosterName(db, branchCode, roster[0]?.id ?? '')).rejects.toMatchObject({
			status: 404
		});
		await expect(joinWithName(db, 'ZZZZZZ', '某人')).rejects.toMatchObject({ status: 404 });
	});

	it('a recovery code moves a member to a new phone once', async () => {
		const { db } = get();
		const m = await joinWithName(db, branchCode, '李四');
		const moved = await recoverMember(db, m.recoveryCode ?? '');
		expect(moved.memberId).toBe(m.memberId);
		expect(moved.recoveryCode).not.toBe(m.recoveryCode);
		await expect(recoverMember(db, m.recoveryCode ?? '')).rejects.toMatchObject({ status: 404 });
		// The old phone's token is refused now (a replayed token); the new one works.
		await expect(memberFromToken(db, `Bearer ${m.token}`)).rejects.toMatchObject({ status: 401 });
		expect((await memberFromToken(db, `Bearer ${moved.token}`)).memberId).toBe(m.memberId);
	});

	it('refuses forged, missing and malformed tokens with 401', async () => {
		const { db } = get();
		for (const header of [
			null,
			'',
			'Bearer ',
			'Bearer forged',
			'Basic abc',
			`Bearer ${'x'.repeat(500)}`
		]) {
			await expect(memberFromToken(db, header)).rejects.toMatchObject({ status: 401 });
		}
	});

	it('accepts once, answers duplicate with the stored result on resend, never stores twice', async () => {
		const { db } = get();
		const m = await joinWithName(db, branchCode, '王五');
		const who = { memberId: m.memberId, groupId: m.groupId };
		const a = upload();
		expect(await uploadAttempts(db, registry, who, [a])).toEqual([
			{ id: a.id, status: 'accepted' }
		]);
		expect(await uploadAttempts(db, registry, who, [a, a])).toEqual([
			{ id: a.id, status: 'duplicate' },
			{ id: a.id, status: 'duplicate' }
		]);
		const rows = await db.selectFrom('attempt').selectAll().where('id', '=', a.id).execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]?.device_finished_at).toBe(a.finishedAt);
		expect(rows[0]?.received_at).toBeGreaterThan(0);
	});

	it("re-scores against the exact version and ignores an older device's own flags", async () => {
		const { db } = get();
		const m = await joinWithName(db, branchCode, '赵六');
		const who = { memberId: m.memberId, groupId: m.groupId };
		const claimsAllRight = upload({
			answers: [
				// Devices before December 2026 sent their own verdicts; they are read and ignored.
				{
					questionId: 'q-single',
					response: 'A',
					correct: true,
					elapsedMs: 1,
					answeredAt: 1_764_000_000_000 + 1
				},
				{
					questionId: 'q-judge',
					response: true,
					correct: true,
					elapsedMs: 1,
					answeredAt: 1_764_000_000_000 + 2
				}
			]
		});
		const onV11 = upload({
			bankVersion: '1.1.0',
			answers: [
				{
					questionId: 'q-single',
					response: 'C',
					elapsedMs: 2000,
					answeredAt: 1_764_000_000_000 + 1
				}
			]
		});
		const results = await uploadAttempts(db, registry, who, [claimsAllRight, onV11]);
		expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
		const stored = await db
			.selectFrom('attempt')
			.select(['id', 'correct'])
			.where('id', 'in', [claimsAllRight.id, onV11.id])
			.execute();
		expect(new Map(stored.map((r) => [r.id, r.correct]))).toEqual(
			new Map([
				[claimsAllRight.id, 0],
				[onV11.id, 1]
			])
		);
	});

	it('a batch with bad items accepts the rest and says why for each rejected one', async () => {
		const { db } = get();
		const m = await joinWithName(db, branchCode, '孙七');
		const who = { memberId: m.memberId, groupId: m.groupId };
		const good = upload();
		const unknownVersion = upload({ bankVersion: '9.9.9' });
		const unknownQuestion = upload({
			answers: [
				{ questionId: 'nope', response: 'A', elapsedMs: 1, answeredAt: 1_764_000_000_000 + 1 }
			]
		});
		const backwards = upload({
			startedAt: 1_764_000_000_000 + 10,
			finishedAt: 1_764_000_000_000 + 5
		});
		const results = await uploadAttempts(db, registry, who, [
			good,
			unknownVersion,
			{ junk: true },
			unknownQuestion,
			backwards
		]);
		expect(results.map((r) => r.status)).toEqual([
			'accepted',
			'rejected',
			'rejected',
			'rejected',
			'rejected'
		]);
		expect(results[1]?.reason).toBe('服务器没有题库 demo-bank v9.9.9');
		expect(results[2]?.id).toBe('#2');
		expect(results.every((r) => r.status === 'accepted' || r.reason)).toBe(true);
		const stored = await db
			.selectFrom('attempt')
			.select('id')
			.where('member_id', '=', m.memberId)
			.execute();
		expect(stored.map((s) => s.id)).toEqual([good.id]);
	});

	it('numbers out of bounds refuse their item with the field named; the batch and the database are fine', async () => {
		const { db } = get();
		const m = await joinWithName(db, branchCode, '周界');
		const who = { memberId: m.memberId, groupId: m.groupId };
		const good = upload();
		const base = upload();
		const forged = [
			{ ...upload(), answers: [{ ...base.answers[0]!, elapsedMs: 1e308 }] },
			{ ...upload(), startedAt: 1e300 },
			{ ...upload(), startedAt: -8.64e15 },
			{ ...upload(), finishedAt: 9.3e18 }
		];
		// Through JSON, as a device sends it.
		const items = JSON.parse(JSON.stringify([good, ...forged])) as unknown[];
		const results = await syncBatch(db, registry, who, {
			records: items.map((payload) => ({ kind: 'attempt', payload }))
		});
		expect(results.results.map((r) => [r.status, r.reason])).toEqual([
			['accepted', undefined],
			['rejected', '成绩格式不正确（answers.0.elapsedMs）'],
			['rejected', '成绩格式不正确（startedAt）'],
			['rejected', '成绩格式不正确（startedAt）'],
			['rejected', '成绩格式不正确（finishedAt）']
		]);
		const stored = await db
			.selectFrom('attempt')
			.select(['id', 'answering_ms'])
			.where('member_id', '=', m.memberId)
			.execute();
		expect(stored).toEqual([{ id: good.id, answering_ms: 7000 }]);
	});

	it('records of an unknown kind are refused one by one', async () => {
		const { db } = get();
		const m = await joinWithName(db, branchCode, '吴类');
		const who = { memberId: m.memberId, groupId: m.groupId };
		const good = upload();
		const { results } = await syncBatch(db, registry, who, {
			records: [
				{ kind: 'poem', payload: { id: 'x' } },
				{ kind: 'attempt', payload: good }
			]
		});
		expect(results).toEqual([
			{ id: 'x', status: 'rejected', reason: '记录格式不正确（kind）' },
			{ id: good.id, status: 'accepted' }
		]);
	});

	it('a member cannot upload an attempt id that belongs to another member', async () => {
		const { db } = get();
		const a = await joinWithName(db, branchCode, '甲');
		const b = await joinWithName(db, branchCode, '乙');
		const item = upload();
		await uploadAttempts(db, registry, { memberId: a.memberId, groupId: a.groupId }, [item]);
		const [r] = await uploadAttempts(db, registry, { memberId: b.memberId, groupId: b.groupId }, [
			item
		]);
		expect(r?.status).toBe('rejected');
		const stored = await db
			.selectFrom('attempt')
			.select('member_id')
			.where('id', '=', item.id)
			.execute();
		expect(stored).toEqual([{ member_id: a.memberId }]);
	});

	it('refuses oversized batches and non-lists as a whole, storing nothing', async () => {
		const { db } = get();
		const m = await joinWithName(db, branchCode, '丙');
		const who = { memberId: m.memberId, groupId: m.groupId };
		const before = await db.selectFrom('attempt').select('id').execute();
		await expect(
			uploadAttempts(
				db,
				registry,
				who,
				Array.from({ length: SYNC_MAX_ITEMS + 1 }, () => upload())
			)
		).rejects.toMatchObject({ status: 413 });
		await expect(uploadAttempts(db, registry, who, 'items')).rejects.toBeInstanceOf(ApiError);
		expect(await db.selectFrom('attempt').select('id').execute()).toEqual(before);
	});

	it('garbage items are rejected one by one, never stored', async () => {
		const { db } = get();
		const m = await joinWithName(db, branchCode, '丁');
		const who = { memberId: m.memberId, groupId: m.groupId };
		await fc.assert(
			fc.asyncProperty(fc.array(fc.anything(), { maxLength: 5 }), async (items) => {
				const results = await uploadAttempts(db, registry, who, items);
				expect(results.every((r) => r.status === 'rejected' && r.reason)).toBe(true);
			}),
			{ numRuns: 40 }
		);
		const stored = await db
			.selectFrom('attempt')
			.select('id')
			.where('member_id', '=', m.memberId)
			.execute();
		expect(stored).toEqual([]);
	});

	it('ranks a group by score with "you", equal scores sharing a rank', async () => {
		const { db } = get();
		const m = await joinWithName(db, branchCode, '排行');
		const board = await groupLeaderboard(db, m.groupId, m.memberId);
		expect(board.you).toBeNull();
		await uploadAttempts(db, registry, { memberId: m.memberId, groupId: m.groupId }, [
			upload(),
			upload()
		]);
		const after = await groupLeaderboard(db, m.groupId, m.memberId);
		expect(after.you).toMatchObject({
			displayName: '排行',
			score: 4,
			attempts: 2,
			accuracy: 1,
			rank: 1
		});
		const ranks = after.top.map((r) => r.rank);
		expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
	});

	it('one batch: resends, repeats and copies answered as one by one, the daily cap counted on what was stored', async () => {
		const { db } = get();
		const m = await joinWithName(db, branchCode, '批量');
		const who = { memberId: m.memberId, groupId: m.groupId };
		const now = Date.parse('2026-12-01T04:00:00Z');
		const sent = Array.from({ length: RANKED_ATTEMPTS_PER_DAY - 2 }, () => upload());
		expect((await uploadAttempts(db, registry, who, sent, now)).map((r) => r.status)).toEqual(
			sent.map(() => 'accepted')
		);
		const a = upload();
		const b = upload();
		const c = upload();
		const copyOfA = { ...a, id: upload().id };
		const other = await joinWithName(db, branchCode, '旁人');
		const theirs = upload();
		await uploadAttempts(db, registry, { memberId: other.memberId, groupId: other.groupId }, [
			theirs
		]);
		// Two resends first: had they taken places under the cap, c would go unranked.
		const results = await uploadAttempts(
			db,
			registry,
			who,
			[sent[0], sent[1], a, a, copyOfA, theirs, b, c],
			now
		);
		expect(results.map((r) => [r.id, r.status])).toEqual([
			[sent[0]?.id, 'duplicate'],
			[sent[1]?.id, 'duplicate'],
			[a.id, 'accepted'],
			[a.id, 'duplicate'],
			[copyOfA.id, 'rejected'],
			[theirs.id, 'rejected'],
			[b.id, 'accepted'],
			[c.id, 'accepted']
		]);
		expect(results[4]?.reason).toBe('这条成绩与已上传的成绩完全相同');
		expect(results[5]?.reason).toBe('这条成绩属于另一位成员');
		const rows = await db
			.selectFrom('attempt')
			.select(['id', 'ranked'])
			.where('member_id', '=', m.memberId)
			.execute();
		const ranked = new Map(rows.map((r) => [r.id, Number(r.ranked)]));
		expect(rows).toHaveLength(RANKED_ATTEMPTS_PER_DAY + 1);
		expect([ranked.get(a.id), ranked.get(b.id), ranked.get(c.id)]).toEqual([1, 1, 0]);
	});

	it('counts the daily cap per study day of the org (04:00 Asia/Shanghai), in either direction of time', async () => {
		const { db } = get();
		const m = await joinWithName(db, branchCode, '跨日');
		const who = { memberId: m.memberId, groupId: m.groupId };
		const rankedOf = async (id: string) =>
			Number(
				(
					await db
						.selectFrom('attempt')
						.select('ranked')
						.where('id', '=', id)
						.executeTakeFirstOrThrow()
				).ranked
			);
		// 2026-12-02 10:00 in Shanghai: the study day of 12-02 fills its cap.
		const dayOne = Date.parse('2026-12-02T02:00:00Z');
		const full = Array.from({ length: RANKED_ATTEMPTS_PER_DAY }, () => upload());
		await uploadAttempts(db, registry, who, full, dayOne);
		// 03:59:59 on 12-03 in Shanghai is still the study day of 12-02: over the cap.
		const late = upload();
		await uploadAttempts(db, registry, who, [late], Date.parse('2026-12-02T19:59:59Z'));
		// 04:00 starts the study day of 12-03: counted again.
		const next = upload();
		await uploadAttempts(db, registry, who, [next], Date.parse('2026-12-02T20:00:00Z'));
		// And a receive time back on 12-02 (another server's clock) is that day's again.
		const back = upload();
		await uploadAttempts(db, registry, who, [back], dayOne + 60_000);
		expect([await rankedOf(late.id), await rankedOf(next.id), await rankedOf(back.id)]).toEqual([
			0, 1, 0
		]);
	});
});
