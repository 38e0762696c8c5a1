import { describe, expect, it } from 'vitest';
import { installedBankDb, startDemoAttempt, testClock } from './helpers';
import { sealAttempt } from '../../src/lib/client/attempt-store';
import type { PocketDb } from '../../src/lib/client/db';
import { flushOutbox } from '../../src/lib/client/uploader';
import type { SyncRequest } from '../../src/lib/core/sync/envelope';
import type { UploadRecord } from '../../src/lib/core/sync/records';

/** navigator.locks for one exclusive lock, as tabs and the service worker of a device share it. */
function fakeLocks() {
	const held = new Set<string>();
	return {
		async request(
			name: string,
			options: { ifAvailable?: boolean },
			callback: (lock: { name: string } | null) => Promise<unknown>
		) {
			if (held.has(name)) {
				if (options.ifAvailable) return callback(null);
				throw new Error('the test only asks with ifAvailable');
			}
			held.add(name);
			try {
				return await callback({ name });
			} finally {
				held.delete(name);
			}
		}
	} as unknown as LockManager;
}

/** A server that answers every item accepted, after `release()` is called for each request. */
function slowServer() {
	const sent: string[][] = [];
	const waiting: (() => void)[] = [];
	const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
		const body = JSON.parse(String(init?.body)) as SyncRequest;
		const ids = (body.records ?? []).map((r) => (r as UploadRecord).payload.id);
		sent.push(ids);
		await new Promise<void>((resolve) => waiting.push(resolve));
		return new Response(
			JSON.stringify({
				results: ids.map((id) => ({ id, status: 'accepted', correct: 1, total: 3 }))
			}),
			{ status: 200, headers: { 'content-type': 'application/json' } }
		);
	};
	return {
		fetch: fetch as typeof globalThis.fetch,
		sent,
		async answerAll() {
			while (!waiting.length) await new Promise((r) => setTimeout(r, 1));
			for (const go of waiting.splice(0)) go();
		}
	};
}

async function twoFinishedAttempts(db: PocketDb) {
	await db.members.put({
		id: 'm1',
		displayName: '两个标签',
		groupId: 'g1',
		groupName: '测试支部',
		groupKind: 'branch',
		token: 't',
		needsRejoin: false,
		joinedAt: testClock.now()
	});
	for (const seed of ['a', 'b']) {
		const attempt = await startDemoAttempt(db, { seed, memberId: 'm1' });
		await sealAttempt(db, attempt.id, testClock);
	}
}

describe('one upload at a time per device (the Web Lock)', () => {
	it('three flushes at once (two tabs and the service worker): one request, every row sent', async () => {
		const db = await installedBankDb();
		await twoFinishedAttempts(db);
		const server = slowServer();
		const locks = fakeLocks();
		const deps = { db, fetch: server.fetch, now: testClock.now, timeoutMs: 10_000, locks };
		const flushes = [flushOutbox(deps), flushOutbox(deps), flushOutbox(deps)];
		await server.answerAll();
		const outcomes = (await Promise.all(flushes)).map((r) => r.outcome);
		expect(outcomes.sort()).toEqual(['busy', 'busy', 'done']);
		expect(server.sent).toHaveLength(1);
		expect(server.sent[0]).toHaveLength(2);
		expect((await db.outbox.toArray()).map((r) => r.status)).toEqual(['sent', 'sent']);

		// The rows were marked sent before the lock was let go: the next holder finds nothing.
		const after = await flushOutbox(deps);
		expect(after.outcome).toBe('nothing');
		expect(server.sent).toHaveLength(1);
	});
});
