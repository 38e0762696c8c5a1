/**
 * Groups: branches (支部) and school classes (班级) of the org, each with a join code. What an
 * admin may see is decided here, once: an org admin sees every group of the org, a group admin
 * only the groups assigned to them.
 */
import { normalizeJoinCode } from '$lib/core/group/join-code';
import type { GradeBand } from '$lib/core/play/grade-band';
import type { AdminIdentity } from './accounts';
import { ApiError, nameValue } from './api-error';
import type { Db } from './database';
import { isUniqueViolation } from './db-errors';
import { newId, newJoinCode } from './tokens';

export type GroupKind = 'branch' | 'class';

export interface GroupSummary {
	id: string;
	kind: GroupKind;
	name: string;
	joinCode: string;
	memberCount: number;
	/** A class's grade band: its pupils' day quiz draws that band's questions. */
	gradeBand: GradeBand | null;
}

export const MAX_ROSTER = 80;

export async function listGroups(db: Db, admin: AdminIdentity): Promise<GroupSummary[]> {
	let query = db
		.selectFrom('study_group')
		.leftJoin('member', (join) =>
			join.onRef('member.group_id', '=', 'study_group.id').on('member.removed_at', 'is', null)
		)
		.select((eb) => [
			'study_group.id',
			'study_group.kind',
			'study_group.name',
			'study_group.join_code',
			'study_group.grade_band',
			eb.fn.count<number>('member.id').as('member_count')
		])
		.where('study_group.org_id', '=', admin.orgId)
		.groupBy([
			'study_group.id',
			'study_group.kind',
			'study_group.name',
			'study_group.join_code',
			'study_group.grade_band'
		])
		.orderBy('study_group.name');
	if (admin.scope === 'group') {
		query = query.where('study_group.id', 'in', (eb) =>
			eb.selectFrom('admin_group').select('group_id').where('admin_id', '=', admin.id)
		);
	}
	const rows = await query.execute();
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		name: r.name,
		joinCode: r.join_code,
		memberCount: Number(r.member_count),
		gradeBand: r.grade_band ?? null
	}));
}

/** The group, if this admin may see it; a 404 otherwise (no hint that it exists). */
export async function groupForAdmin(db: Db, admin: AdminIdentity, groupId: string) {
	const groups = await listGroups(db, admin);
	const group = groups.find((g) => g.id === groupId);
	if (!group) throw new ApiError(404, 'not_found', '找不到这个支部或班级');
	return group;
}

export async function createGroup(
	db: Db,
	admin: AdminIdentity,
	input: { kind: GroupKind; name: string; gradeBand?: GradeBand | null }
): Promise<GroupSummary> {
	if (admin.scope !== 'org')
		throw new ApiError(403, 'forbidden', '只有全镇管理员可以新建支部或班级');
	const name = nameValue(input.name, '名称', 2, 40);
	const gradeBand = input.gradeBand ?? null;
	if (gradeBand !== null && input.kind !== 'class') {
		throw new ApiError(422, 'invalid_field', '只有班级可以选择年级');
	}
	const id = newId();
	for (let tries = 0; ; tries++) {
		const joinCode = newJoinCode();
		try {
			await db
				.insertInto('study_group')
				.values({
					id,
					org_id: admin.orgId,
					kind: input.kind,
					name,
					join_code: joinCode,
					created_at: Date.now(),
					grade_band: gradeBand
				})
				.execute();
			return { id, kind: input.kind, name, joinCode, memberCount: 0, gradeBand };
		} catch (e) {
			// A join-code collision (unique index) is retried with a new code; anything else is real.
			if (tries >= 5 || !isUniqueViolation(e)) throw e;
		}
	}
}

export async function rotateJoinCode(
	db: Db,
	admin: AdminIdentity,
	groupId: string
): Promise<string> {
	await groupForAdmin(db, admin, groupId);
	for (let tries = 0; ; tries++) {
		const joinCode = newJoinCode();
		try {
			await db
				.updateTable('study_group')
				.set({ join_code: joinCode })
				.where('id', '=', groupId)
				.execute();
			return joinCode;
		} catch (e) {
			if (tries >= 5 || !isUniqueViolation(e)) throw e;
		}
	}
}

/** Add names to a class roster; names already on it are skipped, so pasting twice is harmless. */
export async function addToRoster(
	db: Db,
	admin: AdminIdentity,
	groupId: string,
	rawNames: string[]
): Promise<{ added: number }> {
	const names = rawNames.map((n) => nameValue(n, '名字', 1, 20));
	const group = await groupForAdmin(db, admin, groupId);
	if (group.kind !== 'class') throw new ApiError(422, 'not_a_class', '只有班级可以录入名单');
	const existing = await db
		.selectFrom('member')
		.select('display_name')
		.where('group_id', '=', groupId)
		.where('on_roster', '=', 1)
		.where('removed_at', 'is', null)
		.execute();
	const known = new Set(existing.map((m) => m.display_name));
	const fresh = [...new Set(names)].filter((n) => !known.has(n));
	if (known.size + fresh.length > MAX_ROSTER) {
		throw new ApiError(422, 'roster_full', `一个班级最多 ${MAX_ROSTER} 人`);
	}
	if (fresh.length) {
		const now = Date.now();
		await db
			.insertInto('member')
			.values(
				fresh.map((name, i) => ({
					id: newId(now + i),
					group_id: groupId,
					display_name: name,
					on_roster: 1,
					recovery_hash: null,
					created_at: now
				}))
			)
			.execute();
	}
	return { added: fresh.length };
}

export async function groupByJoinCode(db: Db, rawCode: string) {
	const code = normalizeJoinCode(rawCode);
	const group = await db
		.selectFrom('study_group')
		.innerJoin('org', 'org.id', 'study_group.org_id')
		.select([
			'study_group.id',
			'study_group.kind',
			'study_group.name',
			'study_group.grade_band',
			'org.name as org_name'
		])
		.where('study_group.join_code', '=', code)
		.executeTakeFirst();
	if (!group) throw new ApiError(404, 'bad_join_code', '加入码不正确，请核对后再试');
	return group;
}

export async function rosterOf(db: Db, groupId: string) {
	return db
		.selectFrom('member')
		.select(['id', 'display_name'])
		.where('group_id', '=', groupId)
		.where('on_roster', '=', 1)
		.where('removed_at', 'is', null)
		.orderBy('display_name')
		.execute();
}
