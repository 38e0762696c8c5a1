/**
 * Member profiles on this device: joining a group, switching between the profiles of a shared
 * tablet, and claiming the results played before joining.
 */
import type { JoinedMember } from '$lib/core/api-types';
import { isGradeBand } from '$lib/core/play/grade-band';
import type { MemberRow, PocketDb } from './db';

const ACTIVE_KEY = 'activeMemberId';

/**
 * The key a player's rows are kept under on this device (check-ins, cards, reading log, 错题本):
 * the member id, or '' for whoever plays before joining a group.
 */
export const memberKeyOf = (memberId: string | null | undefined): string => memberId ?? '';

/** Store a member the server just issued a token for, and make it the active profile. */
export async function saveJoinedMember(
	db: PocketDb,
	joined: JoinedMember,
	now: number
): Promise<MemberRow> {
	const row: MemberRow = {
		id: joined.memberId,
		displayName: joined.displayName,
		groupId: joined.groupId,
		groupName: joined.groupName,
		groupKind: joined.groupKind,
		...(isGradeBand(joined.groupGradeBand) ? { gradeBand: joined.groupGradeBand } : {}),
		token: joined.token,
		needsRejoin: false,
		joinedAt: now
	};
	await db.transaction('rw', db.members, db.settings, async () => {
		await db.members.put(row);
		await db.settings.put({ key: ACTIVE_KEY, value: row.id });
	});
	return row;
}

/**
 * The member this device plays as. Both reads in one transaction: every screen asks on a cold
 * start, and each transaction has a fixed cost on a cheap phone's main thread (issue #14).
 */
export function activeMember(db: PocketDb): Promise<MemberRow | undefined> {
	return db.transaction('r', db.settings, db.members, async () => {
		const id = (await db.settings.get(ACTIVE_KEY))?.value;
		return typeof id === 'string' ? db.members.get(id) : undefined;
	});
}

export async function switchMember(db: PocketDb, memberId: string | null): Promise<void> {
	if (memberId === null) await db.settings.delete(ACTIVE_KEY);
	else await db.settings.put({ key: ACTIVE_KEY, value: memberId });
}
