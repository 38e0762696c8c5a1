/**
 * How many check-ins wait for upload. Apart from checkin-store so the status chip and the
 * upload triggers (on every page) can count them without loading the streak code.
 */
import type { PocketDb } from './db';

/** Check-ins of joined members waiting for upload (a player with no group has nowhere to send). */
export async function pendingCheckinCount(db: PocketDb): Promise<number> {
	return db.checkins
		.where('status')
		.equals('pending')
		.filter((r) => r.memberKey !== '')
		.count();
}
