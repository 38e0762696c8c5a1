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
		// Through the status index: sent records stay in the table for good, and a filter over the
		// whole table would read every one of them on each count.
		db.outbox
			.where('status')
			.equals('pending')
			.filter((r) => r.memberId === null)
			.count()
	]);
	return { pending, rejected, checkins, unclaimed };
}
