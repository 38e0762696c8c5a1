/**
 * The outbox: every record the device still has to upload, of any kind (core/sync/records.ts),
 * and the one place that says how many wait. Records are enqueued inside the transaction that
 * produced them (sealing an attempt), claimed by the uploader member by member, and marked sent
 * or refused by the server's answer; nothing is deleted because an upload failed.
 *
 * Check-ins (打卡) are not outbox rows (they are a set keyed by day and kind, kept in their own
 * table), but they wait for upload too, so the counts here include them.
 */
import type { SyncItemResult } from '$lib/core/sync/envelope';
import type { OutboxRow, PocketDb } from './db';
import { outboxCounts } from './outbox-counts';

// The counts have a module of their own: every page's status chip reads them, and the rest of
// this module (queueing, claiming, answers, history) is for the pages that play or upload.
export { outboxCounts, type OutboxCounts } from './outbox-counts';

/**
 * Queue a record. Call it inside the transaction that made the record (it must include
 * `db.outbox`), so the record and its upload are committed together or not at all.
 */
export async function enqueue(
	db: PocketDb,
	record: Pick<OutboxRow, 'id' | 'kind' | 'payload' | 'memberId'> & { label?: string },
	now: number
): Promise<void> {
	await db.outbox.add({ ...record, status: 'pending', createdAt: now } as OutboxRow);
}

/**
 * Whether the uploader has anything to send now (refused records wait for the member).
 *
 * @example await hasPendingUploads(db) // → true after a finished quiz, false once it is sent
 */
export async function hasPendingUploads(db: PocketDb): Promise<boolean> {
	const { pending, checkins, unclaimed } = await outboxCounts(db);
	return pending - unclaimed + checkins > 0;
}

/**
 * Up to `limit` of a member's waiting records, oldest first, from the one made at `from` on: one
 * read of the [status+memberId+createdAt] index (IndexedDB's getAll over a key range). The
 * uploader reads a backlog page by page, so its first request leaves after one page's read, not
 * the whole backlog's (issue #14). Rows made at the same time come in key order.
 *
 * @example await waitingPage(db, 'm1', -Infinity, 100) // → the member's 100 oldest waiting rows
 */
export function waitingPage(
	db: PocketDb,
	memberId: string,
	from: number,
	limit: number
): Promise<OutboxRow[]> {
	// [] sorts after every number: the range ends with the member's last waiting row.
	return db.outbox
		.where('[status+memberId+createdAt]')
		.between(['pending', memberId, from], ['pending', memberId, []])
		.limit(limit)
		.toArray();
}

/**
 * Apply the server's per-record answers: accepted and duplicate mean the server has it; rejected
 * keeps the row with the reason. Answers for unknown or already-sent rows change nothing.
 *
 * `sentRows` are the rows the request carried, as the uploader read them: their ids are checked
 * against the waiting and refused keys in this transaction, and only those still there are
 * written, from the copies in hand. A row's record never changes once queued, so this writes the
 * same as reading each row back first, without bringing 100 payloads back out of IndexedDB for
 * every answer of a drain (half of writing an answer's time, issue #14).
 */
export async function applyResults(
	db: PocketDb,
	results: readonly SyncItemResult[],
	now: number,
	sentRows: readonly OutboxRow[] = []
): Promise<{ accepted: number; duplicate: number; rejected: number }> {
	const counts = { accepted: 0, duplicate: 0, rejected: 0 };
	// One read and one write for the whole answer (a get and an update per record cost a batch of
	// 50 about 100 IndexedDB round trips). Rows are changed in memory in the answers' order, so an
	// id answered twice is counted once, as the first answer said.
	await db.transaction('rw', db.outbox, async () => {
		const rows = await currentRows(
			db,
			results.map((r) => r.id),
			sentRows
		);
		const changed = new Map<string, OutboxRow>();
		for (const r of results) {
			const row = rows.get(r.id);
			if (!row || row.status === 'sent') continue;
			counts[r.status] += 1;
			const next: OutboxRow =
				r.status === 'rejected'
					? { ...row, status: 'rejected', lastError: r.reason ?? '服务器拒收' }
					: { ...row, status: 'sent', sentAt: now };
			if (r.status !== 'rejected') delete next.lastError;
			rows.set(r.id, next);
			changed.set(r.id, next);
		}
		if (changed.size) await db.outbox.bulkPut([...changed.values()]);
	});
	return counts;
}

/**
 * The rows with these ids as they stand (run inside a transaction on the outbox): the copies in
 * hand for ids still waiting or refused (keys only), the others read.
 */
async function currentRows(
	db: PocketDb,
	ids: readonly string[],
	inHand: readonly OutboxRow[]
): Promise<Map<string, OutboxRow>> {
	const rows = new Map<string, OutboxRow>();
	const copies = new Map(inHand.map((r) => [r.id, r]));
	let toRead: readonly string[] = ids;
	if (copies.size) {
		// Two single-key reads: for anyOf Dexie walks a cursor, one callback a key.
		const [waiting, refused] = await Promise.all([
			db.outbox.where('status').equals('pending').primaryKeys(),
			db.outbox.where('status').equals('rejected').primaryKeys()
		]);
		const open = new Set([...waiting, ...refused]);
		const unknown: string[] = [];
		toRead = unknown;
		for (const id of ids) {
			const copy = copies.get(id);
			if (!copy) unknown.push(id);
			else if (open.has(id)) rows.set(id, copy);
			// Else sent meanwhile (another tab's upload) or gone: left out, so nothing changes.
		}
	}
	if (toRead.length) {
		for (const row of await db.outbox.bulkGet([...toRead])) if (row) rows.set(row.id, row);
	}
	return rows;
}

/** Mark records refused as a whole request (a 4xx), with the reason; they are not retried alone. */
export async function markRejected(db: PocketDb, ids: readonly string[], reason: string) {
	await db.outbox.bulkUpdate(
		ids.map((key) => ({ key, changes: { status: 'rejected' as const, lastError: reason } }))
	);
}

/** Put refused records back in the queue, e.g. after the bank they need reached the server. */
export async function retryRejected(db: PocketDb): Promise<number> {
	return db.outbox.where('status').equals('rejected').modify({ status: 'pending' });
}

/** Refused records, newest first, for the member to see why. */
export async function rejectedRows(db: PocketDb): Promise<OutboxRow[]> {
	const rows = await db.outbox.where('status').equals('rejected').toArray();
	return rows.sort((a, b) => b.createdAt - a.createdAt);
}

/** What a member reads for a record in a list: the producer's label, or the bank for attempts. */
export function outboxRowLabel(row: OutboxRow): string {
	if (row.label) return row.label;
	return row.kind === 'attempt' ? `${row.payload.bankId} v${row.payload.bankVersion}` : row.kind;
}

const HISTORY_KEY = 'syncState';

/** The uploader's history: when it last succeeded, and how often it failed since. */
export interface UploadHistory {
	lastSuccessAt: number | null;
	/** Consecutive failed tries, for the backoff. */
	failures: number;
	lastError: string | null;
}

export async function readUploadHistory(db: PocketDb): Promise<UploadHistory> {
	const value = (await db.settings.get(HISTORY_KEY))?.value as Partial<UploadHistory> | undefined;
	return { lastSuccessAt: null, failures: 0, lastError: null, ...value };
}

export async function writeUploadHistory(db: PocketDb, change: Partial<UploadHistory>) {
	await db.transaction('rw', db.settings, async () => {
		const current = await readUploadHistory(db);
		await db.settings.put({ key: HISTORY_KEY, value: { ...current, ...change } });
	});
}
