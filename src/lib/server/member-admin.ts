/**
 * What an admin does with a group's members when a join code leaked or someone joined twice:
 * see who joined in the last day, remove a member (their device can no longer upload, they leave
 * the boards and the collective streak, and their results stay in exports marked 已移除), and
 * merge two members who are the same person (results, check-ins and devices move to the one
 * kept).
 */
import { ApiError } from './api-error';
import type { AdminIdentity } from './accounts';
import type { Db } from './database';
import { groupForAdmin } from './groups';

/** "Joined recently" on the admin's list: within this long. */
export const RECENT_JOIN_MS = 24 * 60 * 60 * 1000;
/** The export's mark on a removed member's name. */
export const REMOVED_MARK = '（已移除）';

export interface MemberListing {
	id: string;
	displayName: string;
	onRoster: boolean;
	joinedAt: number;
	/** Joined within the last day (RECENT_JOIN_MS). */
	recent: boolean;
}

/** The group's current members, newest first, and how many joined within the last day. */
export async function listMembers(
	db: Db,
	admin: AdminIdentity,
	groupId: string,
	now = Date.now()
): Promise<{ members: MemberListing[]; recentCount: number }> {
	const group = await groupForAdmin(db, admin, groupId);
	const rows = await db
		.selectFrom('member')
		.select(['id', 'display_name', 'on_roster', 'created_at'])
		.where('group_id', '=', group.id)
		.where('removed_at', 'is', null)
		.orderBy('created_at', 'desc')
		.orderBy('display_name')
		.limit(2000)
		.execute();
	const members = rows.map((r) => ({
		id: r.id,
		displayName: r.display_name,
		onRoster: Number(r.on_roster) === 1,
		joinedAt: Number(r.created_at),
		recent: now - Number(r.created_at) < RECENT_JOIN_MS
	}));
	return { members, recentCount: members.filter((m) => m.recent).length };
}

async function currentMember(db: Db, groupId: string, memberId: string) {
	const row = await db
		.selectFrom('member')
		.select(['id', 'display_name'])
		.where('id', '=', memberId)
		.where('group_id', '=', groupId)
		.where('removed_at', 'is', null)
		.executeTakeFirst();
	if (!row) throw new ApiError(404, 'member_not_found', '找不到这位成员（可能已被移除）');
	return row;
}

/**
 * Remove a member: their tokens stop working (the device is told it was removed), they leave
 * the group's counts, boards and collective streak, and their results stay, marked, in exports.
 */
export async function removeMember(
	db: Db,
	admin: AdminIdentity,
	groupId: string,
	memberId: string,
	now = Date.now()
): Promise<void> {
	const group = await groupForAdmin(db, admin, groupId);
	await currentMember(db, group.id, memberId);
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('member')
			.set({ removed_at: now })
			.where('id', '=', memberId)
			.where('removed_at', 'is', null)
			.execute();
		await trx
			.updateTable('member_token')
			.set({ revoked_at: now })
			.where('member_id', '=', memberId)
			.where('revoked_at', 'is', null)
			.execute();
	});
}

/**
 * Competition tries of `fromId` become `intoId`'s, numbered after the tries `intoId` already has
 * in each competition (try numbers are unique per member and competition). The merged person then
 * appears once on the board, with the try the rule counts among all of them; a person who had
 * used up their tries twice over keeps what they did, since the admin decided they are one.
 * The paper served first counts as served (the earliest fetch bounds the start of every try).
 */
async function moveCompetitionTries(trx: Db, fromId: string, intoId: string): Promise<void> {
	const moving = await trx
		.selectFrom('competition_entry')
		.select(['id', 'competition_id'])
		.where('member_id', '=', fromId)
		.orderBy('competition_id')
		.orderBy('try_no')
		.execute();
	const next = new Map<string, number>();
	for (const entry of moving) {
		let no = next.get(entry.competition_id);
		if (no === undefined) {
			const last = await trx
				.selectFrom('competition_entry')
				.select((eb) => eb.fn.max('try_no').as('last'))
				.where('competition_id', '=', entry.competition_id)
				.where('member_id', '=', intoId)
				.executeTakeFirst();
			no = Number(last?.last ?? 0) + 1;
		}
		await trx
			.updateTable('competition_entry')
			.set({ member_id: intoId, try_no: no })
			.where('id', '=', entry.id)
			.execute();
		next.set(entry.competition_id, no + 1);
	}
	const papers = await trx
		.selectFrom('competition_paper')
		.selectAll()
		.where('member_id', '=', fromId)
		.execute();
	for (const p of papers) {
		const kept = await trx
			.selectFrom('competition_paper')
			.select('served_at')
			.where('competition_id', '=', p.competition_id)
			.where('member_id', '=', intoId)
			.executeTakeFirst();
		if (!kept) {
			await trx
				.insertInto('competition_paper')
				.values({ ...p, member_id: intoId })
				.execute();
		} else if (Number(p.served_at) < Number(kept.served_at)) {
			await trx
				.updateTable('competition_paper')
				.set({ served_at: p.served_at })
				.where('competition_id', '=', p.competition_id)
				.where('member_id', '=', intoId)
				.execute();
		}
	}
	await trx.deleteFrom('competition_paper').where('member_id', '=', fromId).execute();
}

/**
 * Merge `fromId` into `intoId` (the same person joined twice): attempts, lecture tries and
 * competition tries move,
 * check-ins are united as a set (a day both had counts once), the devices of `fromId` upload as
 * `intoId` from now on, and `fromId`'s recovery code recovers `intoId`. `fromId` is kept, marked
 * merged, so nothing points at a row that is gone.
 */
export async function mergeMembers(
	db: Db,
	admin: AdminIdentity,
	groupId: string,
	fromId: string,
	intoId: string,
	now = Date.now()
): Promise<void> {
	const group = await groupForAdmin(db, admin, groupId);
	if (fromId === intoId) throw new ApiError(422, 'invalid_field', '请选择两位不同的成员');
	await currentMember(db, group.id, fromId);
	await currentMember(db, group.id, intoId);
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('attempt')
			.set({ member_id: intoId })
			.where('member_id', '=', fromId)
			.execute();
		const theirs = await trx
			.selectFrom('checkin')
			.selectAll()
			.where('member_id', '=', fromId)
			.execute();
		for (const c of theirs) {
			await trx
				.insertInto('checkin')
				.values({ ...c, member_id: intoId })
				.onConflict((oc) => oc.columns(['member_id', 'day', 'kind']).doNothing())
				.execute();
		}
		await trx.deleteFrom('checkin').where('member_id', '=', fromId).execute();
		await trx.deleteFrom('lecture_code_tries').where('member_id', '=', fromId).execute();
		await moveCompetitionTries(trx, fromId, intoId);
		await trx
			.updateTable('member_token')
			.set({ member_id: intoId })
			.where('member_id', '=', fromId)
			.execute();
		await trx
			.updateTable('member')
			.set({ removed_at: now, merged_into: intoId })
			.where('id', '=', fromId)
			.execute();
		// Members merged into `fromId` before now follow it to `intoId`.
		await trx
			.updateTable('member')
			.set({ merged_into: intoId })
			.where('merged_into', '=', fromId)
			.execute();
	});
}
