/**
 * POST /api/sync as a whole: attempts (`items`, as before) and check-ins (`checkins`, optional)
 * in one batch. Both lists are checked for shape and size before anything is written, so a
 * refused request stores nothing; each list then commits in its own transaction before the
 * answer goes out (every item is idempotent, so a retry after a lost answer is harmless).
 */
import type { SyncResponse } from '$lib/core/sync/protocol';
import { CHECKIN_MAX_ITEMS } from '$lib/core/sync/checkin';
import type { BankRegistry } from './bank-registry';
import { checkCheckinList, ingestCheckins } from './checkins';
import type { Db } from './database';
import { ingestBatch } from './ingest';
import type { MemberIdentity } from './members';

export async function syncBatch(
	db: Db,
	registry: BankRegistry,
	member: MemberIdentity,
	body: Record<string, unknown>,
	now = Date.now()
): Promise<SyncResponse> {
	if (body.checkins === undefined) {
		const results = await ingestBatch(db, registry, member, body.items, now);
		await markSynced(db, member, now);
		return { results };
	}
	checkCheckinList(body.checkins);
	// A device with only check-ins to send may leave out the attempt list.
	const items = body.items === undefined ? [] : body.items;
	const results = await ingestBatch(db, registry, member, items, now);
	const checkins = await ingestCheckins(db, member, body.checkins, now);
	if (body.checkins.length < CHECKIN_MAX_ITEMS) await markSynced(db, member, now);
	return { results, checkins };
}

/**
 * The device has now sent every check-in it holds (a list shorter than a full batch is its
 * last): a 讲坛 check-in it sends later cannot have been made long before now.
 */
async function markSynced(db: Db, member: MemberIdentity, now: number): Promise<void> {
	if (!member.tokenHash) return;
	await db
		.updateTable('member_token')
		.set({ last_sync_at: now })
		.where('token_hash', '=', member.tokenHash)
		.execute();
}
