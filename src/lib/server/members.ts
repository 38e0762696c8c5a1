/**
 * Members and the tokens their devices hold. A member joins a branch with the join code and a
 * display name, or taps their own name on a class roster (no passwords for children). The token
 * goes to the device once; the server keeps only its hash.
 */
import { ApiError, nameValue } from './api-error';
import type { Db } from './database';
import { groupByJoinCode } from './groups';
import { tokenRow } from './sync-queries';
import { hashSecret, newHumanCode, newId, newToken } from './tokens';

import type { JoinedMember } from '$lib/core/api-types';
import type { DayOptions } from '$lib/core/calendar/study-day';
import { nameKey } from '$lib/core/group/display-name';

export type { JoinedMember };

/** What a removed member's device is told when it tries to upload or recover. */
function removedMessage(groupName: string): string {
	return `您已被管理员移出「${groupName}」，成绩不再上传。如有疑问，请联系支部或班级管理员。`;
}

async function issueToken(db: Db, memberId: string): Promise<string> {
	const token = newToken();
	await db
		.insertInto('member_token')
		.values({
			token_hash: hashSecret(token),
			member_id: memberId,
			created_at: Date.now(),
			revoked_at: null
		})
		.execute();
	return token;
}

/** The longest distinguishing note (区分说明) a member may add to a name the group already has. */
export const NAME_NOTE_MAX = 10;

/**
 * Join a branch with a display name. A name the group already has (compared as core's nameKey
 * does) is refused with `name_taken` until the person adds a note that tells them apart, which
 * becomes part of the name: 「张伟（三组）」.
 */
export async function joinWithName(
	db: Db,
	code: string,
	rawName: string,
	rawNote: string | null = null
): Promise<JoinedMember> {
	const name = nameValue(rawName, '姓名', 1, 20);
	const note = rawNote?.trim() ? nameValue(rawNote, '区分说明', 1, NAME_NOTE_MAX) : null;
	const displayName = note ? `${name}（${note}）` : name;
	const group = await groupByJoinCode(db, code);
	if (group.kind === 'class') {
		throw new ApiError(422, 'use_roster', '这是班级的加入码，请在名单中点选自己的名字');
	}
	const names = await db
		.selectFrom('member')
		.select('display_name')
		.where('group_id', '=', group.id)
		.where('removed_at', 'is', null)
		.execute();
	const key = nameKey(displayName);
	if (names.some((n) => nameKey(n.display_name) === key)) {
		throw new ApiError(
			409,
			note ? 'name_note_taken' : 'name_taken',
			note
				? `本支部已有「${displayName}」，请换一个区分说明`
				: `本支部已有一位「${name}」。如果您不是这位成员，请填写区分说明（例如 三组、村委会），好让管理员和大家分清；如果就是您本人换了手机，请用恢复码恢复身份。`
		);
	}
	const memberId = newId();
	const recoveryCode = newHumanCode();
	await db
		.insertInto('member')
		.values({
			id: memberId,
			group_id: group.id,
			display_name: displayName,
			on_roster: 0,
			recovery_hash: hashSecret(recoveryCode),
			created_at: Date.now()
		})
		.execute();
	const token = await issueToken(db, memberId);
	return {
		memberId,
		displayName,
		groupId: group.id,
		groupName: group.name,
		groupKind: group.kind,
		groupGradeBand: group.grade_band ?? null,
		token,
		recoveryCode
	};
}

export async function claimRosterName(
	db: Db,
	code: string,
	memberId: string
): Promise<JoinedMember> {
	const group = await groupByJoinCode(db, code);
	const member = await db
		.selectFrom('member')
		.select(['id', 'display_name'])
		.where('id', '=', memberId)
		.where('group_id', '=', group.id)
		.where('on_roster', '=', 1)
		.where('removed_at', 'is', null)
		.executeTakeFirst();
	if (!member) throw new ApiError(404, 'not_on_roster', '名单中没有这个名字，请让老师核对名单');
	const token = await issueToken(db, member.id);
	return {
		memberId: member.id,
		displayName: member.display_name,
		groupId: group.id,
		groupName: group.name,
		groupKind: group.kind,
		groupGradeBand: group.grade_band ?? null,
		token,
		recoveryCode: null
	};
}

function memberWithGroup(db: Db) {
	return db
		.selectFrom('member')
		.innerJoin('study_group', 'study_group.id', 'member.group_id')
		.select([
			'member.id',
			'member.display_name',
			'member.removed_at',
			'member.merged_into',
			'study_group.id as group_id',
			'study_group.name as group_name',
			'study_group.kind',
			'study_group.grade_band'
		]);
}

/**
 * Move to a new device: the recovery code gives a new token and is replaced by a new code. The
 * code of a member merged into another recovers the one kept; a removed member's does nothing.
 */
export async function recoverMember(db: Db, rawCode: string): Promise<JoinedMember> {
	const code = rawCode.trim().toUpperCase();
	const holder = await memberWithGroup(db)
		.where('member.recovery_hash', '=', hashSecret(code))
		.executeTakeFirst();
	if (!holder) throw new ApiError(404, 'bad_recovery_code', '恢复码不正确或已经用过');
	const member = holder.merged_into
		? await memberWithGroup(db).where('member.id', '=', holder.merged_into).executeTakeFirst()
		: holder;
	if (!member || member.removed_at !== null) {
		throw new ApiError(403, 'member_removed', removedMessage(holder.group_name));
	}
	const recoveryCode = newHumanCode();
	await db.transaction().execute(async (trx) => {
		// The code used is spent; the new one belongs to the member kept.
		if (holder.id !== member.id) {
			await trx
				.updateTable('member')
				.set({ recovery_hash: null })
				.where('id', '=', holder.id)
				.execute();
		}
		await trx
			.updateTable('member')
			.set({ recovery_hash: hashSecret(recoveryCode) })
			.where('id', '=', member.id)
			.execute();
		// The identity moved (a new phone, or the old one was lost): the old devices' tokens stop
		// working, and they are asked to join again.
		await trx
			.updateTable('member_token')
			.set({ revoked_at: Date.now() })
			.where('member_id', '=', member.id)
			.where('revoked_at', 'is', null)
			.execute();
	});
	const token = await issueToken(db, member.id);
	return {
		memberId: member.id,
		displayName: member.display_name,
		groupId: member.group_id,
		groupName: member.group_name,
		groupKind: member.kind,
		groupGradeBand: member.grade_band ?? null,
		token,
		recoveryCode
	};
}

export interface MemberIdentity {
	memberId: string;
	groupId: string;
	/** The hash of the token the request came with (absent when a test makes an identity). */
	tokenHash?: string;
	/** When this token (device) last uploaded all its check-ins, before this request. */
	lastSyncAt?: number | null;
	/**
	 * The study-day clock of the member's org, read with the token (one query less per upload);
	 * absent when a test makes an identity, and then read from the database.
	 */
	days?: Required<DayOptions>;
}

/**
 * The token of an `Authorization: Bearer <token>` header, read as RFC 7235 allows it to be
 * written: the scheme in any case, spaces or tabs around and between. One reading for the
 * per-token rate limit and for authentication, so spelling the header differently can neither
 * dodge the limit nor reach another member. Null when there is no bearer token.
 */
export function bearerToken(authorization: string | null): string | null {
	const match = /^[ \t]*bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization ?? '');
	return match?.[1] ?? null;
}

/** The member a bearer token belongs to, or a 401 the device understands as "join again". */
export async function memberFromToken(
	db: Db,
	authorization: string | null
): Promise<MemberIdentity> {
	const token = bearerToken(authorization) ?? '';
	if (!token || token.length > 100) throw new ApiError(401, 'no_token', '请先加入支部或班级');
	const tokenHash = hashSecret(token);
	// Fixed SQL text (sync-queries.ts): every upload starts here.
	const row = await tokenRow(db, tokenHash);
	if (row && row.removed_at !== null) {
		throw new ApiError(401, 'member_removed', removedMessage(row.group_name));
	}
	if (!row || row.revoked_at !== null) {
		throw new ApiError(401, 'bad_token', '身份已失效，请重新加入');
	}
	return {
		memberId: row.id,
		groupId: row.group_id,
		tokenHash,
		lastSyncAt: row.last_sync_at === null ? null : Number(row.last_sync_at),
		days: { timeZone: row.time_zone, startHour: Number(row.start_hour) }
	};
}
