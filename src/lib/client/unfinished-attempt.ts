/**
 * The run a bank's practice page and 今日 offer to continue. Its own module: those first screens
 * read it before any quiz code (attempt-store.ts and what it carries) is loaded.
 */
import type { AttemptRow, PocketDb } from './db';

/** The newest unfinished attempt for a bank, if any: what 「继续答题」 offers. */
export async function findUnfinishedAttempt(
	db: PocketDb,
	bankId?: string
): Promise<AttemptRow | undefined> {
	const active = bankId
		? await db.attempts.where('[bankId+status]').equals([bankId, 'active']).toArray()
		: await db.attempts.where('status').equals('active').toArray();
	return active.sort((a, b) => b.updatedAt - a.updatedAt)[0];
}
