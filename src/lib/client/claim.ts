/**
 * Claiming what was played on this device before joining: results and check-ins go under the
 * member who just joined. Apart from profiles.ts (which every page loads) because only the join
 * screens use it.
 */
import { claimCheckins } from './checkin-store';
import type { PocketDb } from './db';

/** Results and check-ins from before any profile joined: offered to the new member. */
export async function unclaimedResults(db: PocketDb): Promise<number> {
	const [results, checkins] = await Promise.all([
		db.outbox.filter((row) => row.memberId === null && row.status === 'pending').count(),
		db.checkins
			.where('[memberKey+day+kind]')
			.between(['', '', ''], ['', '\uffff', '\uffff'])
			.count()
	]);
	return results + checkins;
}

/**
 * Put the unclaimed results under this member (attempts and outbox rows together), then the
 * check-ins, cards and reading notes made before joining.
 */
export async function claimResults(db: PocketDb, memberId: string): Promise<number> {
	const results = await db.transaction('rw', db.outbox, db.attempts, async () => {
		const rows = await db.outbox
			.filter((r) => r.memberId === null && r.status === 'pending')
			.toArray();
		for (const row of rows) {
			await db.outbox.update(row.id, { memberId });
			await db.attempts.update(row.id, { memberId });
		}
		return rows.length;
	});
	const member = await db.members.get(memberId);
	if (!member) return results;
	return results + (await claimCheckins(db, member));
}
