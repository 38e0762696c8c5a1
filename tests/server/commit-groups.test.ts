/**
 * Group commit (commit-groups.ts): uploads waiting for SQLite's one connection share a
 * transaction, each in a savepoint. What must hold: every upload is stored once, each answer is
 * what it would be alone, an upload that fails takes only its own rows with it, a failed commit
 * stores nothing of the group and tells every upload so. Real SQLite files; the syncBatch cases
 * run on PostgreSQL too (which does not group: the same answers, one transaction each).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import { CommitGroups, MAX_GROUP } from '../../src/lib/server/commit-groups';
import {
	closeDatabase,
	commitGroupsOf,
	openSqliteDatabase,
	type Db
} from '../../src/lib/server/database';
import { createGroup } from '../../src/lib/server/groups';
import { RANKED_ATTEMPTS_PER_DAY } from '../../src/lib/server/ingest';
import { joinWithName, type MemberIdentity } from '../../src/lib/server/members';
import { syncBatch } from '../../src/lib/server/sync';
import { demoRegistry, orgAdmin, upload } from './fixtures';
import { describeEachDatabase } from './harness';

const send = (
	db: Db,
	registry: BankRegistry,
	who: MemberIdentity,
	items: unknown[],
	now?: number
) => syncBatch(db, registry, who, { items }, now).then((a) => a.results.map((r) => r.status));

describeEachDatabase('uploads sent side by side', (get) => {
	let registry: BankRegistry;
	let branchCode = '';

	beforeAll(async () => {
		const { db } = get();
		registry = await demoRegistry();
		const admin = await orgAdmin(db);
		branchCode = (await createGroup(db, admin, { kind: 'branch', name: '机关支部' })).joinCode;
	});

	async function member(name: string): Promise<MemberIdentity> {
		const m = await joinWithName(get().db, branchCode, name);
		return { memberId: m.memberId, groupId: m.groupId };
	}

	it('stores each of 60 uploads once, in fewer transactions than uploads on SQLite', async () => {
		const { db, kind } = get();
		const who = await Promise.all(Array.from({ length: 6 }, (_, i) => member(`并发${i}`)));
		const groups = commitGroupsOf(db);
		const before = { ...groups?.stats };
		const sent = Array.from({ length: 60 }, (_, i) => ({ who: who[i % 6]!, attempt: upload() }));
		const answers = await Promise.all(sent.map((s) => send(db, registry, s.who, [s.attempt])));
		expect(answers).toEqual(sent.map(() => ['accepted']));
		const stored = await db
			.selectFrom('attempt')
			.select(['id', 'member_id'])
			.where(
				'id',
				'in',
				sent.map((s) => s.attempt.id)
			)
			.execute();
		expect(new Map(stored.map((r) => [r.id, r.member_id]))).toEqual(
			new Map(sent.map((s) => [s.attempt.id, s.who.memberId]))
		);
		if (kind === 'sqlite') {
			const transactions = (groups?.stats.transactions ?? 0) - (before.transactions ?? 0);
			expect(groups?.stats.uploads ?? 0).toBe((before.uploads ?? 0) + 60);
			expect(transactions).toBeLessThan(60);
			expect(transactions).toBeGreaterThanOrEqual(Math.ceil(60 / MAX_GROUP));
		} else {
			expect(groups).toBeUndefined();
		}
	});

	it('the same attempt sent twice at once is stored once: one accepted, one duplicate', async () => {
		const { db } = get();
		const who = await member('重发');
		const attempt = upload();
		const answers = await Promise.all([
			send(db, registry, who, [attempt]),
			send(db, registry, who, [attempt])
		]);
		expect(answers.flat().sort()).toEqual(['accepted', 'duplicate']);
		const rows = await db.selectFrom('attempt').select('id').where('id', '=', attempt.id).execute();
		expect(rows).toHaveLength(1);
	});

	it('the daily cap counts what the uploads before it in the same group stored', async () => {
		const { db } = get();
		const who = await member('封顶');
		const now = Date.parse('2026-12-02T04:00:00Z');
		const sent = Array.from({ length: RANKED_ATTEMPTS_PER_DAY + 3 }, () => upload());
		await Promise.all(sent.map((a) => send(db, registry, who, [a], now)));
		const ranked = await db
			.selectFrom('attempt')
			.select(({ fn }) => fn.sum<number>('ranked').as('ranked'))
			.select(({ fn }) => fn.countAll<number>().as('all'))
			.where('member_id', '=', who.memberId)
			.executeTakeFirstOrThrow();
		expect(Number(ranked.all)).toBe(RANKED_ATTEMPTS_PER_DAY + 3);
		expect(Number(ranked.ranked)).toBe(RANKED_ATTEMPTS_PER_DAY);
	});

	it('a refused upload among others refuses only itself', async () => {
		const { db } = get();
		const who = await member('混合');
		const good = [upload(), upload(), upload()];
		const answers = await Promise.allSettled([
			send(db, registry, who, [good[0]]),
			syncBatch(db, registry, who, { items: 'not a list' }),
			send(db, registry, who, [good[1]]),
			send(db, registry, who, [{ ...upload(), bankId: 'no-such-bank' }]),
			send(db, registry, who, [good[2]])
		]);
		expect(answers.map((a) => (a.status === 'fulfilled' ? a.value : a.reason.status))).toEqual([
			['accepted'],
			422,
			['accepted'],
			['rejected'],
			['accepted']
		]);
		const rows = await db
			.selectFrom('attempt')
			.select('id')
			.where('member_id', '=', who.memberId)
			.execute();
		expect(rows.map((r) => r.id).sort()).toEqual(good.map((g) => g.id).sort());
	});
});

describe('CommitGroups on a SQLite file', () => {
	let db: Db;
	let groups: CommitGroups<unknown>;
	let dir = '';
	const rows = async () =>
		(await sql<{ v: string }>`select v from t order by v`.execute(db)).rows.map((r) => r.v);
	const insert = (v: string) => (trx: Db) => sql`insert into t (v) values (${v})`.execute(trx);

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'pocket-groups-'));
		db = (await openSqliteDatabase(join(dir, 'g.sqlite'))).db;
		await sql`create table t (v text primary key, p text references t (v))`.execute(db);
		groups = new CommitGroups(db as never);
	});
	afterAll(async () => {
		await closeDatabase(db);
		rmSync(dir, { recursive: true, force: true });
	});

	it('one waiting job gets a plain transaction; jobs that wait together share one', async () => {
		const before = { ...groups.stats };
		await groups.run(async (trx) => insert('alone')(trx as never));
		await Promise.all(
			['a', 'b', 'c'].map((v) => groups.run(async (trx) => insert(v)(trx as never)))
		);
		expect(groups.stats.transactions - before.transactions).toBe(2);
		expect(groups.stats.uploads - before.uploads).toBe(4);
		expect(await rows()).toEqual(['a', 'alone', 'b', 'c']);
	});

	it('a job that throws rolls back its own writes only, and gets its own error', async () => {
		const results = await Promise.allSettled([
			groups.run(async (trx) => insert('d')(trx as never)),
			groups.run(async (trx) => {
				await insert('e')(trx as never);
				throw new Error('e failed after writing');
			}),
			groups.run(async (trx) => insert('a')(trx as never)), // a stored row: a constraint error
			groups.run(async (trx) => {
				await insert('f')(trx as never);
				return 'f stored';
			})
		]);
		expect(results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual([
			expect.anything(),
			'Error: e failed after writing',
			expect.stringContaining('UNIQUE constraint failed'),
			'f stored'
		]);
		expect(await rows()).toEqual(['a', 'alone', 'b', 'c', 'd', 'f']);
	});

	it('a failed commit stores nothing of the group, and every job is told', async () => {
		const results = await Promise.allSettled([
			groups.run(async (trx) => insert('g')(trx as never)),
			groups.run(async (trx) => {
				// A foreign key checked at commit time: the commit itself fails.
				await sql`pragma defer_foreign_keys = on`.execute(trx as never);
				await sql`insert into t (v, p) values ('h', 'nowhere')`.execute(trx as never);
			}),
			groups.run(async (trx) => insert('i')(trx as never))
		]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
		for (const r of results) {
			expect(String((r as PromiseRejectedResult).reason)).toContain('FOREIGN KEY');
		}
		expect(await rows()).toEqual(['a', 'alone', 'b', 'c', 'd', 'f']);
		// And the connection is usable again.
		await groups.run(async (trx) => insert('j')(trx as never));
		expect(await rows()).toContain('j');
	});

	it(`carries at most ${MAX_GROUP} jobs in one transaction`, async () => {
		const before = { ...groups.stats };
		const values = Array.from({ length: MAX_GROUP * 2 + 1 }, (_, i) => `m${i}`);
		await Promise.all(values.map((v) => groups.run(async (trx) => insert(v)(trx as never))));
		expect(groups.stats.transactions - before.transactions).toBe(3);
		expect((await rows()).filter((v) => v.startsWith('m'))).toHaveLength(values.length);
	});
});
