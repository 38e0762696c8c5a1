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

/**
 * Everything that waits, by state: four counts in one transaction. Every page's status chip reads
 * this on a cold start, before the page's own reads; four transactions cost a cheap phone's main
 * thread four times the work (issue #14). One transaction also sees one state of the outbox.
 */
export function outboxCounts(db: PocketDb): Promise<OutboxCounts> {
	return db.transaction('r', db.outbox, db.checkins, async () => {
		const [pending, rejected, checkins, claimed] = await Promise.all([
			db.outbox.where('status').equals('pending').count(),
			db.outbox.where('status').equals('rejected').count(),
			pendingCheckinCount(db),
			claimedCount(db)
		]);
		return { pending, rejected, checkins, unclaimed: Math.max(0, pending - claimed) };
	});
}

/**
 * Waiting records some member has claimed, counted on the [status+memberId+createdAt] index:
 * unclaimed rows (memberId null, played before joining) are absent from it, as null is no
 * IndexedDB key, so the waiting records less these are the unclaimed ones. Reading every row
 * (as this once did), or every key of the memberId index (as it did next), grew with every result
 * ever played and ran each time the outbox changed: ten times while a backlog of 1,000 uploads.
 */
function claimedCount(db: PocketDb): Promise<number> {
	// ['pending'] sorts before every ['pending', memberId, createdAt], and ['pending', []] after.
	return db.outbox
		.where('[status+memberId+createdAt]')
		.between(['pending'], ['pending', []])
		.count();
}
