/**
 * Version 6 adds the outbox's [status+memberId+createdAt] index. A phone that updates the app
 * with results still waiting in a version-5 database must keep every one of them, upload each
 * once, and count what waits as before.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openPocketDb, type OutboxRow } from '../../src/lib/client/db';
import { outboxCounts } from '../../src/lib/client/outbox';
import { flushOutbox } from '../../src/lib/client/uploader';
import type { SyncRequest } from '../../src/lib/core/sync/envelope';
import { T0, testClock } from './helpers';
import { openAsShipped } from './shipped-schemas';

const member = {
	id: 'm1',
	displayName: '升级测试',
	groupId: 'g1',
	groupName: '测试支部',
	groupKind: 'branch' as const,
	token: 'token-1',
	needsRejoin: false,
	joinedAt: T0
};

describe('the version-6 upgrade', () => {
	it('keeps every waiting row of a version-5 database and uploads each once', async () => {
		const name = `upgrade-v6-${Date.now()}`;
		const old = openAsShipped(name, 5);
		const key = (i: number) => `p${String(i).padStart(3, '0')}`;
		const rows = [
			...Array.from({ length: 130 }, (_, i) => ({
				id: key(i),
				kind: 'attempt',
				memberId: 'm1',
				status: 'pending',
				createdAt: T0 + (i % 7),
				payload: { id: key(i) }
			})),
			{ id: 'u1', kind: 'attempt', memberId: null, status: 'pending', createdAt: T0, payload: {} },
			{ id: 's1', kind: 'attempt', memberId: 'm1', status: 'sent', createdAt: T0, payload: {} },
			{ id: 'r1', kind: 'attempt', memberId: 'm1', status: 'rejected', createdAt: T0, payload: {} }
		];
		await old.table('outbox').bulkAdd(rows);
		await old.table('members').add(member);
		expect(old.verno).toBe(5);
		old.close();

		const db = openPocketDb(name);
		await db.open();
		expect(db.verno).toBe(6);
		expect(await db.outbox.count()).toBe(rows.length);
		expect(await outboxCounts(db)).toEqual({
			pending: 131,
			rejected: 1,
			checkins: 0,
			unclaimed: 1
		});

		const sent: string[] = [];
		const report = await flushOutbox({
			db,
			now: testClock.now,
			timeoutMs: 5_000,
			batchSize: 50,
			fetch: async (_url, init) => {
				const body = JSON.parse(String(init?.body)) as SyncRequest;
				const ids = (body.records ?? []).map((r) => (r as { payload: { id: string } }).payload.id);
				sent.push(...ids);
				return new Response(
					JSON.stringify({ results: ids.map((id) => ({ id, status: 'accepted' })) }),
					{ headers: { 'content-type': 'application/json' } }
				);
			}
		});
		expect(report).toMatchObject({ outcome: 'done', accepted: 130 });
		expect(sent).toHaveLength(130);
		expect(new Set(sent).size).toBe(130);
		const after = await db.outbox.toArray();
		expect(after.filter((r: OutboxRow) => r.status === 'sent')).toHaveLength(131);
		expect(await outboxCounts(db)).toEqual({ pending: 1, rejected: 1, checkins: 0, unclaimed: 1 });
		db.close();
	});
});
