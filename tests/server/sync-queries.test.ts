/**
 * The upload path's fixed SQL (sync-queries.ts) on each database: what each statement answers,
 * with the same types on SQLite and PostgreSQL, and the index the daily count reads.
 */
import { CompiledQuery } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { AdminIdentity } from '../../src/lib/server/accounts';
import { createGroup } from '../../src/lib/server/groups';
import { joinWithName } from '../../src/lib/server/members';
import {
	branchBankVersions,
	insertAttempts,
	markTokenSynced,
	rankedSince,
	tokenRow,
	type AttemptRow
} from '../../src/lib/server/sync-queries';
import { hashSecret } from '../../src/lib/server/tokens';
import { orgAdmin } from './fixtures';
import { describeEachDatabase } from './harness';

describeEachDatabase('the upload path queries', (get) => {
	let admin: AdminIdentity;
	let groupId = '';
	let joinCode = '';

	beforeAll(async () => {
		admin = await orgAdmin(get().db);
		const group = await createGroup(get().db, admin, { kind: 'branch', name: '查询支部' });
		groupId = group.id;
		joinCode = group.joinCode;
	});

	let made = 0;
	/** An attempt row of a member, received at `at`. */
	const row = (memberId: string, at: number, overrides: Partial<AttemptRow> = {}): AttemptRow => {
		made += 1;
		return {
			id: `attempt-${made}`,
			member_id: memberId,
			group_id: groupId,
			bank_id: 'bank',
			bank_version: '1.0.0',
			mode: 'practice',
			competition_id: null,
			device_started_at: at - 60_000,
			device_finished_at: at,
			received_at: at,
			correct: 1,
			total: 2,
			answering_ms: 30_000,
			points: 10,
			payload: '{}',
			payload_hash: `hash-${made}`,
			ranked: 1,
			...overrides
		};
	};

	it('reads the member, group and org clock behind a token, as numbers on both databases', async () => {
		const { db } = get();
		const m = await joinWithName(db, joinCode, '查询一');
		expect(await tokenRow(db, hashSecret(m.token))).toEqual({
			id: m.memberId,
			group_id: groupId,
			removed_at: null,
			group_name: '查询支部',
			revoked_at: null,
			last_sync_at: null,
			time_zone: 'Asia/Shanghai',
			start_hour: 4
		});
		expect(await tokenRow(db, hashSecret('not a token'))).toBeUndefined();

		await markTokenSynced(db, hashSecret(m.token), 1_764_000_123_456);
		expect((await tokenRow(db, hashSecret(m.token)))?.last_sync_at).toBe(1_764_000_123_456);
		await db
			.updateTable('member_token')
			.set({ revoked_at: 1_764_000_200_000 })
			.where('member_id', '=', m.memberId)
			.execute();
		expect((await tokenRow(db, hashSecret(m.token)))?.revoked_at).toBe(1_764_000_200_000);
	});

	it('inserts a batch in one statement and answers only the ids it stored', async () => {
		const { db } = get();
		const m = await joinWithName(db, joinCode, '查询二');
		const a = row(m.memberId, 1_000);
		const b = row(m.memberId, 2_000);
		expect(await insertAttempts(db, [a, b])).toEqual(new Set([a.id, b.id]));
		// A resend (same id), a copy (same payload hash under a new id) and a new one.
		const copy = row(m.memberId, 3_000, { payload_hash: b.payload_hash });
		const fresh = row(m.memberId, 4_000);
		expect(await insertAttempts(db, [a, copy, fresh])).toEqual(new Set([fresh.id]));
		expect(await insertAttempts(db, [])).toEqual(new Set());
		const stored = await db
			.selectFrom('attempt')
			.select(['id', 'points', 'ranked', 'received_at'])
			.where('member_id', '=', m.memberId)
			.orderBy('received_at')
			.execute();
		expect(stored.map((r) => [r.id, r.points, r.ranked, Number(r.received_at)])).toEqual([
			[a.id, 10, 1, 1_000],
			[b.id, 10, 1, 2_000],
			[fresh.id, 10, 1, 4_000]
		]);
	});

	it("counts a member's ranked attempts since a time, up to the cap", async () => {
		const { db } = get();
		const m = await joinWithName(db, joinCode, '查询三');
		const other = await joinWithName(db, joinCode, '查询四');
		await insertAttempts(db, [
			row(m.memberId, 10_000),
			row(m.memberId, 20_000),
			row(m.memberId, 20_500, { ranked: 0 }),
			row(m.memberId, 30_000),
			row(other.memberId, 30_000)
		]);
		expect(await rankedSince(db, m.memberId, 15_000, 20)).toBe(2);
		expect(await rankedSince(db, m.memberId, 0, 20)).toBe(3);
		expect(await rankedSince(db, m.memberId, 0, 2)).toBe(2);
		expect(await rankedSince(db, m.memberId, 40_000, 20)).toBe(0);
	});

	it("lists a group's published branch bank versions, and none for a group without", async () => {
		const { db } = get();
		expect(await branchBankVersions(db, groupId)).toEqual([]);
		await db
			.insertInto('branch_bank')
			.values({
				id: 'branch-q1',
				group_id: groupId,
				title: '支部题库',
				audience: 'member',
				last_report: null,
				created_at: 1,
				updated_at: 1
			})
			.execute();
		await db
			.insertInto('branch_bank_version')
			.values({
				bank_id: 'branch-q1',
				version: '1.0.0',
				bundle: '{}',
				sha256: 'x',
				bytes: 2,
				question_count: 0,
				notes: '',
				published_at: 1,
				published_by: admin.id
			})
			.execute();
		expect(await branchBankVersions(db, groupId)).toEqual([
			{ bank_id: 'branch-q1', version: '1.0.0' }
		]);
	});

	it('keeps the daily count on an index that holds every column it reads (migration 014)', async () => {
		const { db, kind } = get();
		if (kind === 'sqlite') {
			const plan = await db.executeQuery<{ detail: string }>(
				CompiledQuery.raw(
					`explain query plan select count(*) as n from (select 1 from attempt
					where member_id = ? and received_at >= ? and ranked = 1 limit ?) as capped`,
					['m', 0, 20]
				)
			);
			expect(plan.rows.map((r) => r.detail).join('\n')).toContain(
				'COVERING INDEX attempt_member_received_ranked'
			);
		} else {
			const indexes = await db.executeQuery<{ indexdef: string }>(
				CompiledQuery.raw(`select indexdef from pg_indexes where tablename = 'attempt'`)
			);
			const defs = indexes.rows.map((r) => r.indexdef).join('\n');
			expect(defs).toContain('attempt_member_received_ranked');
			expect(defs).toMatch(/\(member_id, received_at, ranked\)/);
			expect(defs).not.toMatch(/attempt_member_received /);
		}
	});
});
