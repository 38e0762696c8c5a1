/**
 * The requests of one member's upload, made as they are needed: the waiting rows are read a page
 * at a time, oldest first, the next page's read started as soon as a batch is handed out. A
 * backlog of 1,000 records used to be read whole (and each record serialised twice) before the
 * first request left; now the first leaves after one page's read (issue #14). Each record is
 * serialised once: its JSON sizes the batch and goes into the body.
 */
import { CHECKIN_MAX_ITEMS, SYNC_MAX_BYTES, SYNC_MAX_ITEMS } from '$lib/core/sync/protocol';
import { utf8Length } from '$lib/core/sync/utf8-length';
import { checkinUpload } from './checkin-store';
import type { CheckinRow, OutboxRow, PocketDb } from './db';
import { waitingPage } from './outbox';

/** One request's worth: records and check-ins travel together in POST /api/sync. */
export interface RequestRows {
	rows: OutboxRow[];
	checkins: CheckinRow[];
	/** The request body, the sync envelope (core/sync/envelope.ts) as JSON. */
	body: string;
}

/** A row with the JSON of its upload record ({ kind, payload }), made once, and its UTF-8 size. */
interface Prepared {
	row: OutboxRow;
	json: string;
	bytes: number;
}

export interface RequestSource {
	/** The next request, or null when every record and check-in has had one. */
	next(): Promise<RequestRows | null>;
}

/**
 * The requests for a member's waiting records (oldest first) and check-ins, within the item and
 * byte limits (the check-ins ride along, CHECKIN_MAX_ITEMS a request, their bytes reserved in
 * every request). Each record is handed out once; one no longer waiting when its page is read
 * (sent or refused meanwhile) is left out, one queued during the upload may come along. Call
 * `next` once at a time.
 *
 * @example
 * const source = requestSource(db, 'm1', []);
 * for (let r = await source.next(); r; r = await source.next()) await post(r.body);
 */
export function requestSource(
	db: PocketDb,
	memberId: string,
	checkins: readonly CheckinRow[],
	batchSize = SYNC_MAX_ITEMS
): RequestSource {
	const most = Math.max(1, Math.min(batchSize, SYNC_MAX_ITEMS));
	const chunks: string[] = [];
	const checkinChunks: CheckinRow[][] = [];
	for (let i = 0; i < checkins.length; i += CHECKIN_MAX_ITEMS) {
		const chunk = checkins.slice(i, i + CHECKIN_MAX_ITEMS);
		checkinChunks.push(chunk);
		chunks.push(JSON.stringify(chunk.map(checkinUpload)));
	}
	// The envelope around the records, and the largest check-in list, are reserved in every batch.
	// (Sizes in UTF-8 bytes, as the server counts them: Chinese text is three bytes a character.)
	const start = 16 + Math.max(0, ...chunks.map(utf8Length)) + 16;
	// Where the next page starts: the newest createdAt handed out, and how many handed-out rows
	// have it (they are still waiting until their answer is written, so the next page, which
	// starts at that createdAt, skips them; it reads that many more to still bring a full page).
	let from = -Infinity;
	let tie = 0;
	const handed = new Set<string>();
	let more = true;
	let reading: Promise<Prepared[]> | null = null;
	const buffer: Prepared[] = [];
	let made = 0;

	const read = (): Promise<Prepared[]> => {
		const limit = most + tie;
		const page = waitingPage(db, memberId, from, limit).then((rows) => {
			if (rows.length < limit) more = false;
			const fresh: Prepared[] = [];
			for (const row of rows) {
				if (handed.has(row.id)) continue;
				handed.add(row.id);
				if (row.createdAt === from) tie++;
				else [from, tie] = [row.createdAt, 1];
				const json = JSON.stringify({ kind: row.kind, payload: row.payload });
				fresh.push({ row, json, bytes: utf8Length(json) });
			}
			return fresh;
		});
		// Read ahead: when the upload stops early nobody awaits it, and its failure is no one's.
		page.catch(() => undefined);
		return page;
	};

	/** Cut the next batch off the buffer: at most `most` records within SYNC_MAX_BYTES. */
	const cut = (): Prepared[] => {
		let bytes = start;
		let n = 0;
		for (const prepared of buffer) {
			const size = prepared.bytes + 1;
			if (n && (n >= most || bytes + size > SYNC_MAX_BYTES)) break;
			bytes += size;
			n++;
		}
		return buffer.splice(0, n);
	};

	return {
		async next() {
			// Enough rows in hand for a full batch, or every waiting row read.
			while (buffer.length < most && (reading || more)) {
				const rows = await (reading ?? read());
				reading = null;
				buffer.push(...rows);
			}
			const batch = cut();
			if (!reading && more) reading = read();
			const i = made;
			if (!batch.length && i >= checkinChunks.length) return null;
			made++;
			const records = `{"records":[${batch.map((p) => p.json).join(',')}]`;
			const checkinsJson = chunks[i];
			return {
				rows: batch.map((p) => p.row),
				checkins: checkinChunks[i] ?? [],
				body: checkinsJson === undefined ? `${records}}` : `${records},"checkins":${checkinsJson}}`
			};
		}
	};
}
