/**
 * The uploader's branches through its injected `fetch`: what each kind of answer does to the
 * outbox, and (property) that no interleaving of flushes, lost answers and failures can leave a
 * result unsent or stored twice, against the real server logic.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAttempt } from '../../src/lib/client/attempt-store';
import type { PocketDb } from '../../src/lib/client/db';
import { applyResults, outboxCounts, readUploadHistory } from '../../src/lib/client/outbox';
import { saveJoinedMember } from '../../src/lib/client/profiles';
import { flushOutbox, type UploaderDeps } from '../../src/lib/client/uploader';
import type { SyncRequest } from '../../src/lib/core/sync/envelope';
import type { UploadRecord } from '../../src/lib/core/sync/records';
import { joinWithName } from '../../src/lib/server/members';
import { installedBankDb, startDemoAttempt, testClock } from './helpers';
import { startServer } from './server-fetch';

const MEMBER = {
	id: 'm1',
	displayName: '上传测试',
	groupId: 'g1',
	groupName: '测试支部',
	groupKind: 'branch' as const,
	token: 'token-1',
	needsRejoin: false,
	joinedAt: testClock.now()
};

/** A device with one joined member and `count` finished results waiting. */
async function deviceWithResults(count: number, memberId = MEMBER.id): Promise<PocketDb> {
	const db = await installedBankDb();
	if (memberId === MEMBER.id) await db.members.put(MEMBER);
	for (let i = 0; i < count; i++) {
		const attempt = await startDemoAttempt(db, { seed: `s${i}`, memberId });
		await sealAttempt(db, attempt.id, { now: () => testClock.now() + i * 1000 });
	}
	return db;
}

const json = (body: unknown, status = 200) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The ids of the records a request carried. */
function sentIds(init?: RequestInit): string[] {
	const body = JSON.parse(String(init?.body)) as SyncRequest;
	return (body.records ?? []).map((r) => (r as UploadRecord).payload.id);
}

function deps(db: PocketDb, fetch: typeof globalThis.fetch, timeoutMs = 5_000): UploaderDeps {
	return { db, fetch, now: testClock.now, timeoutMs };
}

const statuses = async (db: PocketDb) => (await db.outbox.toArray()).map((r) => r.status).sort();

describe('the uploader answers each kind of server answer', () => {
	it('sends records in the one envelope and marks each accepted one sent', async () => {
		const db = await deviceWithResults(2);
		const seen: RequestInit[] = [];
		const report = await flushOutbox(
			deps(db, async (_url, init) => {
				seen.push(init ?? {});
				return json({ results: sentIds(init).map((id) => ({ id, status: 'accepted' })) });
			})
		);
		expect(report).toMatchObject({ outcome: 'done', accepted: 2, rejected: 0 });
		expect(seen).toHaveLength(1);
		const body = JSON.parse(String(seen[0]?.body)) as SyncRequest;
		expect(Object.keys(body)).toEqual(['records']);
		expect((body.records as UploadRecord[]).every((r) => r.kind === 'attempt')).toBe(true);
		expect(new Headers(seen[0]?.headers).get('authorization')).toBe('Bearer token-1');
		expect(await statuses(db)).toEqual(['sent', 'sent']);
		expect((await readUploadHistory(db)).lastSuccessAt).toBe(testClock.now());
	});

	it('401: keeps the queue, marks the member for re-joining, and sends nothing more for them', async () => {
		const db = await deviceWithResults(1);
		let calls = 0;
		const refused = async () => {
			calls++;
			return json({ error: { code: 'no_token', message: '请先加入支部或班级' } }, 401);
		};
		const report = await flushOutbox(deps(db, refused));
		expect(report.outcome).toBe('unauthorized');
		expect(report.error).toContain('上传测试');
		expect((await db.members.get(MEMBER.id))?.needsRejoin).toBe(true);
		expect(await statuses(db)).toEqual(['pending']);
		expect((await flushOutbox(deps(db, refused))).outcome).toBe('nothing');
		expect(calls).toBe(1);
	});

	it('a 4xx for the whole request keeps every item with the reason, and does not retry it alone', async () => {
		const db = await deviceWithResults(2);
		const report = await flushOutbox(
			deps(db, async () =>
				json({ error: { code: 'invalid_field', message: '上传内容格式不正确（records）' } }, 422)
			)
		);
		expect(report).toMatchObject({ outcome: 'done', rejected: 2 });
		const rows = await db.outbox.toArray();
		expect(rows.map((r) => [r.status, r.lastError])).toEqual([
			['rejected', '上传内容格式不正确（records）'],
			['rejected', '上传内容格式不正确（records）']
		]);
		expect(await outboxCounts(db)).toMatchObject({ pending: 0, rejected: 2 });
	});

	it('a refused item keeps its reason while the others in the batch are sent', async () => {
		const db = await deviceWithResults(3);
		const report = await flushOutbox(
			deps(db, async (_url, init) => {
				const [first, ...rest] = sentIds(init);
				return json({
					results: [
						{ id: first, status: 'rejected', reason: '服务器没有题库 demo v9.9.9' },
						...rest.map((id) => ({ id, status: 'duplicate' }))
					]
				});
			})
		);
		expect(report).toMatchObject({ outcome: 'done', duplicate: 2, rejected: 1 });
		expect(await statuses(db)).toEqual(['rejected', 'sent', 'sent']);
		const refused = (await db.outbox.toArray()).find((r) => r.status === 'rejected');
		expect(refused?.lastError).toBe('服务器没有题库 demo v9.9.9');
	});

	it.each([
		['a 503', async () => json({ error: { code: 'x', message: 'busy' } }, 503), '（503）'],
		['a 429', async () => json({ error: { code: 'x', message: 'slow down' } }, 429), '（429）'],
		['no network', async () => Promise.reject(new TypeError('Failed to fetch')), '网络未连接'],
		[
			'a Wi-Fi login page',
			async () => new Response('<html>请先登录</html>', { status: 200 }),
			'无法识别'
		],
		['an answer of another shape', async () => json({ results: [{ id: 1 }] }), '无法识别']
	] as const)('%s: retried later with backoff, nothing marked', async (_label, fetch, error) => {
		const db = await deviceWithResults(2);
		const before = (await readUploadHistory(db)).failures;
		const report = await flushOutbox(deps(db, fetch));
		expect(report.outcome).toBe('retry');
		expect(report.error).toContain(error);
		expect(await statuses(db)).toEqual(['pending', 'pending']);
		expect((await readUploadHistory(db)).failures).toBe(before + 1);

		// The next good answer sends both and clears the failure count.
		const ok = await flushOutbox(
			deps(db, async (_url, init) =>
				json({ results: sentIds(init).map((id) => ({ id, status: 'accepted' })) })
			)
		);
		expect(ok.outcome).toBe('done');
		expect(await statuses(db)).toEqual(['sent', 'sent']);
		expect((await readUploadHistory(db)).failures).toBe(0);
	});

	it('a request that does not answer in time is abandoned and retried', async () => {
		const db = await deviceWithResults(1);
		const hangs: typeof fetch = (_url, init) =>
			new Promise((_resolve, reject) => {
				init?.signal?.addEventListener('abort', () => reject(new DOMException('', 'AbortError')));
			});
		const report = await flushOutbox(deps(db, hangs, 1));
		expect(report).toMatchObject({ outcome: 'retry', error: '服务器响应超时' });
		expect(await statuses(db)).toEqual(['pending']);
	});

	it('results played before joining wait: nothing is sent for them', async () => {
		const db = await deviceWithResults(1, '');
		await db.outbox.toCollection().modify({ memberId: null });
		let calls = 0;
		const report = await flushOutbox(
			deps(db, async () => {
				calls++;
				return json({ results: [] });
			})
		);
		expect(report.outcome).toBe('nothing');
		expect(calls).toBe(0);
		expect(await outboxCounts(db)).toMatchObject({ pending: 1, unclaimed: 1 });
	});

	it('counts as unclaimed only waiting rows without a member, whatever else the outbox holds', async () => {
		const db = await deviceWithResults(6);
		const ids = (await db.outbox.orderBy('createdAt').primaryKeys()) as string[];
		// Two waiting unclaimed, one refused unclaimed, one sent and one refused with a member,
		// one waiting with a member.
		await db.outbox.bulkUpdate([
			{ key: ids[0]!, changes: { memberId: null } },
			{ key: ids[1]!, changes: { memberId: null } },
			{ key: ids[2]!, changes: { memberId: null, status: 'rejected' } },
			{ key: ids[3]!, changes: { status: 'sent' } },
			{ key: ids[4]!, changes: { status: 'rejected' } }
		]);
		expect(await outboxCounts(db)).toEqual({ pending: 3, rejected: 2, checkins: 0, unclaimed: 2 });
	});
});

describe('writing an answer from the rows the request carried', () => {
	it('writes what reading each row back would: sent once, refused with the reason, gone stays gone', async () => {
		const db = await deviceWithResults(5);
		const carried = await db.outbox.orderBy('createdAt').toArray();
		const [a, b, c, d, e] = carried.map((r) => r.id) as [string, string, string, string, string];
		// Meanwhile another tab's upload marked c sent and d was refused by a whole-request 4xx;
		// e is gone (its member removed from the device).
		await db.outbox.update(c, { status: 'sent', sentAt: 1 });
		await db.outbox.update(d, { status: 'rejected', lastError: '请求过大' });
		await db.outbox.delete(e);
		const counts = await applyResults(
			db,
			[
				{ id: a, status: 'accepted' },
				{ id: b, status: 'rejected', reason: '题库版本不存在' },
				{ id: a, status: 'duplicate' },
				{ id: c, status: 'duplicate' },
				{ id: d, status: 'accepted' },
				{ id: e, status: 'accepted' }
			],
			testClock.now() + 5,
			carried
		);
		expect(counts).toEqual({ accepted: 2, duplicate: 0, rejected: 1 });
		const rows = new Map((await db.outbox.toArray()).map((r) => [r.id, r]));
		expect(rows.get(a)).toMatchObject({ status: 'sent', sentAt: testClock.now() + 5 });
		expect(rows.get(b)).toMatchObject({ status: 'rejected', lastError: '题库版本不存在' });
		expect(rows.get(c)).toMatchObject({ status: 'sent', sentAt: 1 });
		expect(rows.get(d)?.status).toBe('sent');
		expect(rows.get(d)).not.toHaveProperty('lastError');
		expect(rows.has(e)).toBe(false);
		// The payloads written are the ones queued.
		expect(rows.get(a)?.payload).toEqual(carried[0]?.payload);
	});

	it('reads the rows an answer names that the request did not carry', async () => {
		const db = await deviceWithResults(2);
		const [first, second] = await db.outbox.orderBy('createdAt').toArray();
		const counts = await applyResults(
			db,
			[
				{ id: first!.id, status: 'accepted' },
				{ id: second!.id, status: 'accepted' }
			],
			testClock.now(),
			[first!]
		);
		expect(counts.accepted).toBe(2);
		expect(await statuses(db)).toEqual(['sent', 'sent']);
	});
});

describe('two requests in flight', () => {
	it('sends the next batch while the answer to the last is written, and stores each once', async () => {
		const server = await startServer();
		try {
			const joined = await joinWithName(server.db, server.branch.joinCode, '并发上传');
			const db = await installedBankDb();
			const member = await saveJoinedMember(db, joined, testClock.now());
			for (let i = 0; i < 5; i++) {
				const attempt = await startDemoAttempt(db, { seed: `f${i}`, memberId: member.id });
				await sealAttempt(db, attempt.id, { now: () => testClock.now() + (i + 1) * 7000 });
			}
			let open = 0;
			let most = 0;
			const counting: typeof fetch = async (input, init) => {
				most = Math.max(most, ++open);
				// Let the other request start before this one is answered.
				await new Promise((r) => setTimeout(r, 5));
				try {
					return await server.fetch(input, init);
				} finally {
					open -= 1;
				}
			};
			const report = await flushOutbox({ ...deps(db, counting), batchSize: 2 });
			expect(report).toMatchObject({ outcome: 'done', accepted: 5 });
			expect(most).toBe(2);
			expect(await statuses(db)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
			const stored = await server.db
				.selectFrom('attempt')
				.select('id')
				.where('member_id', '=', joined.memberId)
				.execute();
			expect(stored).toHaveLength(5);
		} finally {
			await server.close();
		}
	});

	it('sends the next request as soon as an answer arrives, before writing that answer', async () => {
		const db = await deviceWithResults(3);
		const first = ((await db.outbox.orderBy('createdAt').first()) as { id: string }).id;
		const firstWhenSecondLeft: string[] = [];
		let calls = 0;
		const report = await flushOutbox({
			...deps(db, async (_url, init) => {
				if (++calls === 2) {
					firstWhenSecondLeft.push(((await db.outbox.get(first)) as { status: string }).status);
				}
				return json({ results: sentIds(init).map((id) => ({ id, status: 'accepted' })) });
			}),
			batchSize: 1,
			inFlight: 1
		});
		expect(report).toMatchObject({ outcome: 'done', accepted: 3 });
		// One request on the wire at a time, yet the second left while the first answer waited to
		// be written: the network and IndexedDB work overlap.
		expect(firstWhenSecondLeft).toEqual(['pending']);
		expect(await statuses(db)).toEqual(['sent', 'sent', 'sent']);
	});

	it('sends nothing more after a failed answer than was already on its way', async () => {
		const db = await deviceWithResults(4);
		let calls = 0;
		const report = await flushOutbox({
			...deps(db, async () => {
				calls++;
				return json({ error: { code: 'x', message: 'x' } }, 503);
			}),
			batchSize: 1,
			inFlight: 2
		});
		expect(report.outcome).toBe('retry');
		// The two first requests were in flight together; the 503s stop the member's uploads.
		expect(calls).toBe(2);
		expect(await statuses(db)).toEqual(['pending', 'pending', 'pending', 'pending']);
	});
});

describe('answers that arrive while others are written', () => {
	/** How many writes reach the outbox table (one per bulkPut, whatever its size). */
	function countOutboxWrites(db: PocketDb): { writes: number } {
		const counter = { writes: 0 };
		db.use({
			stack: 'dbcore',
			name: 'count-outbox-writes',
			create: (down) => ({
				...down,
				table: (name) => {
					const table = down.table(name);
					if (name !== 'outbox') return table;
					return {
						...table,
						mutate: (req) => {
							counter.writes++;
							return table.mutate(req);
						}
					};
				}
			})
		});
		return counter;
	}

	it('are written together, each record once', async () => {
		const db = await deviceWithResults(6);
		const counter = countOutboxWrites(db);
		let requests = 0;
		const report = await flushOutbox({
			...deps(db, async (_url, init) => {
				requests++;
				return json({ results: sentIds(init).map((id) => ({ id, status: 'accepted' })) });
			}),
			batchSize: 1,
			inFlight: 3
		});
		expect(report).toMatchObject({ outcome: 'done', accepted: 6, duplicate: 0 });
		expect(requests).toBe(6);
		expect(await statuses(db)).toEqual(Array(6).fill('sent'));
		// Six answers, fewer writes: the ones already in were applied with the one awaited.
		expect(counter.writes).toBeLessThan(6);
	});

	it('stop at an answer that is not the server’s: the ones before are written, the rest wait', async () => {
		const db = await deviceWithResults(4);
		const order = (await db.outbox.orderBy('createdAt').toArray()).map((r) => r.id);
		let requests = 0;
		const report = await flushOutbox({
			...deps(db, async (_url, init) => {
				// The second request meets a Wi-Fi login page that answers 200 with HTML.
				if (++requests === 2) return new Response('<html>登录</html>', { status: 200 });
				return json({ results: sentIds(init).map((id) => ({ id, status: 'accepted' })) });
			}),
			batchSize: 1,
			inFlight: 3
		});
		expect(report.outcome).toBe('retry');
		expect(report.error).toBe('服务器的回答无法识别，稍后自动重试');
		const rows = new Map((await db.outbox.toArray()).map((r) => [r.id, r.status]));
		expect(order.map((id) => rows.get(id))).toEqual(['sent', 'pending', 'pending', 'pending']);
	});
});

describe('any interleaving of flushes and answers leaves each result stored once and marked sent', () => {
	let server: Awaited<ReturnType<typeof startServer>>;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(() => server.close());

	let sealed = 0;
	/** What can happen to one request on its way. */
	const fault = fc.constantFrom('ok', 'lost-answer', 'offline', 'server-error');

	it('holds for concurrent flushes with lost answers, offline spells and 5xx (no Web Lock)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.scheduler(),
				fc.integer({ min: 1, max: 4 }),
				fc.integer({ min: 1, max: 3 }),
				fc.array(fault, { minLength: 1, maxLength: 8 }),
				// Small batches and up to three requests of one flush in flight at once, so the
				// scheduler can answer a flush's requests out of order.
				fc.integer({ min: 1, max: 3 }),
				fc.integer({ min: 1, max: 3 }),
				async (s, results, flushes, faults, batchSize, inFlight) => {
					const joined = await joinWithName(
						server.db,
						server.branch.joinCode,
						`成员${Math.random().toString(36).slice(2, 8)}`
					);
					const db = await installedBankDb();
					const member = await saveJoinedMember(db, joined, testClock.now());
					for (let i = 0; i < results; i++) {
						const attempt = await startDemoAttempt(db, { seed: `p${i}`, memberId: member.id });
						// Each result its own finishing time: the server refuses a copy of another
						// result under a new id.
						const finishedAt = testClock.now() + ++sealed * 1000;
						await sealAttempt(db, attempt.id, { now: () => finishedAt });
					}
					let n = 0;
					// Each request's fate is drawn from `faults`; the scheduler decides the order in which
					// the requests of concurrent flushes reach the server and come back.
					const flaky: typeof fetch = (input, init) =>
						s.schedule(Promise.resolve(), 'request').then(async () => {
							const what = faults[n++ % faults.length];
							if (what === 'offline') throw new TypeError('Failed to fetch');
							if (what === 'server-error') return json({ error: { code: 'x', message: 'x' } }, 500);
							const answer = await server.fetch(input, init);
							if (what === 'lost-answer') throw new TypeError('connection reset');
							return s.schedule(Promise.resolve(answer), 'answer');
						});
					const running = Array.from({ length: flushes }, () =>
						flushOutbox({ ...deps(db, flaky), batchSize, inFlight })
					);
					await s.waitFor(Promise.all(running));
					// Then the connection is good again: one more pass sends whatever is left.
					const final = await flushOutbox(deps(db, server.fetch));
					expect(['done', 'nothing']).toContain(final.outcome);

					const rows = await db.outbox.toArray();
					expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'sent'));
					const stored = await server.db
						.selectFrom('attempt')
						.select('id')
						.where('member_id', '=', joined.memberId)
						.execute();
					expect(stored.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
				}
			),
			{ numRuns: 60 }
		);
	});
});
