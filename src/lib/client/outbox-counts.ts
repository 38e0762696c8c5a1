/**
 * How many records wait for upload, by state: what the status chip, 今日 and 我的 say. Apart from
 * client/outbox.ts so that every page's first load carries only this (issue #14).
 */
import type { CheckinRow, PocketDb } from './db';

export interface OutboxCounts {
	/** Records waiting for the uploader. */
	pending: number;
	/** Records the server refused; kept with the reason until the member sends them again. */
	rejected: number;
	/** Check-ins of joined members waiting for upload. */
	checkins: number;
	/** Records played before joining a group: they upload once a member claims them. */
	unclaimed: number;
}

/** Check-ins of joined members waiting for upload (a player with no group has nowhere to send). */
function pendingCheckinCount(db: PocketDb): Promise<number> {
	return db.checkins
		.where('status')
		.equals('pending')
		.filter((r: CheckinRow) => r.memberKey !== '')
		.count();
}

/** Everything that waits, by state. */
export async function outboxCounts(db: PocketDb): Promise<OutboxCounts> {
	const [pending, rejected, checkins, unclaimed] = await Promise.all([
		db.outbox.where('status').equals('pending').count(),
		db.outbox.where('status').equals('rejected').count(),
		pendingCheckinCount(db),
		unclaimedCount(db)
	]);
	return { pending, rejected, checkins, unclaimed };
}

/**
 * Records waiting that no member has claimed (memberId null), from keys alone: unclaimed rows
 * are absent from the memberId index (null is no IndexedDB key), so they are the waiting keys
 * that index lacks. Reading every row instead (as this did) brought every result ever played
 * into memory each time the outbox changed: ten times while a backlog of 1,000 uploads.
 */
async function unclaimedCount(db: PocketDb): Promise<number> {
	const waiting = await db.outbox.where('status').equals('pending').primaryKeys();
	if (!waiting.length) return 0;
	const claimed = new Set(await db.outbox.orderBy('memberId').primaryKeys());
	return waiting.filter((id) => !claimed.has(id)).length;
}
