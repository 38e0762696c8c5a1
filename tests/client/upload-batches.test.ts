/**
 * The uploader's requests, made page by page from the [status+memberId+createdAt] index: every
 * waiting record of the member once, oldest first, within the item and byte limits, and nothing
 * that stopped waiting meanwhile.
 */
import { describe, expect, it } from 'vitest';
import type { CheckinRow, OutboxRow, PocketDb } from '../../src/lib/client/db';
import { waitingPage } from '../../src/lib/client/outbox';
import { requestSource, type RequestRows } from '../../src/lib/client/upload-batches';
import { SYNC_MAX_BYTES } from '../../src/lib/core/sync/protocol';
import { freshDb, T0 } from './helpers';

/** An outbox row as the producers write it (the payload's shape does not matter here). */
function row(id: string, createdAt: number, extra: Partial<OutboxRow> = {}): OutboxRow {
	return {
		id,
		kind: 'attempt',
		memberId: 'm1',
		status: 'pending',
		createdAt,
		payload: { id, note: 'x' },
		...extra
	} as unknown as OutboxRow;
}

async function all(db: PocketDb, memberId: string, checkins: CheckinRow[] = [], size = 100) {
	const source = requestSource(db, memberId, checkins, size);
	const out: RequestRows[] = [];
	for (let r = await source.next(); r; r = await source.next()) out.push(r);
	return out;
}

const ids = (requests: RequestRows[]) => requests.map((r) => r.rows.map((x) => x.id));

describe('requestSource', () => {
	it('hands out every waiting record of the member once, oldest first, in full batches', async () => {
		const db = freshDb();
		// Out of order on purpose, with ties on createdAt (key order breaks them).
		await db.outbox.bulkAdd([
			row('c', T0 + 2),
			row('a', T0 + 1),
			row('e', T0 + 3),
			row('b', T0 + 1),
			row('d', T0 + 2)
		]);
		const requests = await all(db, 'm1', [], 2);
		expect(ids(requests)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
	});

	it('pages through more rows made at the same moment than a page holds', async () => {
		const db = freshDb();
		const rows = Array.from({ length: 250 }, (_, i) => row(`r${String(i).padStart(3, '0')}`, T0));
		await db.outbox.bulkAdd(rows);
		const requests = await all(db, 'm1');
		expect(requests.map((r) => r.rows.length)).toEqual([100, 100, 50]);
		expect(ids(requests).flat()).toEqual(rows.map((r) => r.id));
	});

	it('leaves out other members, unclaimed, sent and refused rows', async () => {
		const db = freshDb();
		await db.outbox.bulkAdd([
			row('mine', T0),
			row('other', T0, { memberId: 'm2' }),
			row('unclaimed', T0, { memberId: null }),
			row('sent', T0, { status: 'sent' }),
			row('refused', T0, { status: 'rejected' })
		]);
		expect(ids(await all(db, 'm1'))).toEqual([['mine']]);
		expect(ids(await all(db, 'nobody'))).toEqual([]);
	});

	it('skips a row sent or refused after the upload began, and takes one queued meanwhile', async () => {
		const db = freshDb();
		await db.outbox.bulkAdd(Array.from({ length: 6 }, (_, i) => row(`r${i}`, T0 + i)));
		const source = requestSource(db, 'm1', [], 2);
		const first = await source.next();
		expect(first?.rows.map((r) => r.id)).toEqual(['r0', 'r1']);
		// Another tab (no Web Lock) sent r3 and the server refused r4; a quiz just finished.
		await db.outbox.update('r3', { status: 'sent' });
		await db.outbox.update('r4', { status: 'rejected' });
		await db.outbox.add(row('new', T0 + 100));
		const rest: string[] = [];
		for (let r = await source.next(); r; r = await source.next()) {
			rest.push(...r.rows.map((x) => x.id));
		}
		// r2 and r3 were read ahead with the first batch handed out: r3's page was read before it
		// was sent (the server answers its resend as a duplicate); r4 and later are read after.
		expect(rest).not.toContain('r4');
		expect(rest).toContain('new');
		expect(rest.filter((id) => id === 'r5')).toHaveLength(1);
		expect(new Set(rest).size).toBe(rest.length);
	});

	it('keeps each request within the byte limit', async () => {
		const db = freshDb();
		const big = 'x'.repeat(120 * 1024);
		await db.outbox.bulkAdd(
			Array.from({ length: 9 }, (_, i) =>
				row(`b${i}`, T0 + i, { payload: { id: `b${i}`, big } } as unknown as Partial<OutboxRow>)
			)
		);
		const requests = await all(db, 'm1');
		expect(requests.length).toBeGreaterThan(2);
		for (const r of requests)
			expect(new TextEncoder().encode(r.body).length).toBeLessThan(SYNC_MAX_BYTES);
		expect(ids(requests).flat()).toEqual(Array.from({ length: 9 }, (_, i) => `b${i}`));
	});

	it('counts the limit in UTF-8 bytes, as the server does: Chinese text is three a character', async () => {
		const db = freshDb();
		// 60,000 characters, 180,000 bytes each: three fit a request by length, not by bytes.
		const words = '党史学习教育'.repeat(10_000);
		await db.outbox.bulkAdd(
			Array.from({ length: 6 }, (_, i) =>
				row(`z${i}`, T0 + i, { payload: { id: `z${i}`, words } } as unknown as Partial<OutboxRow>)
			)
		);
		const requests = await all(db, 'm1');
		for (const r of requests)
			expect(new TextEncoder().encode(r.body).length).toBeLessThanOrEqual(SYNC_MAX_BYTES);
		expect(requests.map((r) => r.rows.length)).toEqual([2, 2, 2]);
		expect(ids(requests).flat()).toEqual(Array.from({ length: 6 }, (_, i) => `z${i}`));
	});

	it('writes the envelope the server reads, with the check-ins riding along', async () => {
		const db = freshDb();
		await db.outbox.bulkAdd([row('a', T0), row('b', T0 + 1), row('c', T0 + 2)]);
		const checkins = [
			{ memberKey: 'm1', day: '2023-11-14', kind: 'yue', at: T0, status: 'pending' },
			{
				memberKey: 'm1',
				day: '2023-11-15',
				kind: 'jiang',
				at: T0,
				code: '1234',
				status: 'pending'
			}
		] as CheckinRow[];
		const [first, second] = await all(db, 'm1', checkins, 2);
		expect(JSON.parse(first?.body ?? '')).toEqual({
			records: ['a', 'b'].map((id) => ({ kind: 'attempt', payload: { id, note: 'x' } })),
			checkins: [
				{ day: '2023-11-14', kind: 'yue', at: T0 },
				{ day: '2023-11-15', kind: 'jiang', at: T0, code: '1234' }
			]
		});
		expect(first?.checkins).toHaveLength(2);
		expect(JSON.parse(second?.body ?? '')).toEqual({
			records: [{ kind: 'attempt', payload: { id: 'c', note: 'x' } }]
		});
		// Check-ins alone still make a request.
		const only = await all(freshDb(), 'm1', checkins);
		expect(only.map((r) => JSON.parse(r.body) as unknown)).toEqual([
			{ records: [], checkins: JSON.parse(first?.body ?? '').checkins }
		]);
	});
});

describe('waitingPage', () => {
	it('reads from a createdAt on, the member’s waiting rows only, at most the limit', async () => {
		const db = freshDb();
		await db.outbox.bulkAdd([
			row('a', T0),
			row('b', T0 + 5),
			row('c', T0 + 5),
			row('d', T0 + 9),
			row('x', T0 + 6, { status: 'sent' })
		]);
		const page = await waitingPage(db, 'm1', T0 + 5, 2);
		expect(page.map((r) => r.id)).toEqual(['b', 'c']);
		expect((await waitingPage(db, 'm1', -Infinity, 10)).map((r) => r.id)).toEqual([
			'a',
			'b',
			'c',
			'd'
		]);
	});
});
