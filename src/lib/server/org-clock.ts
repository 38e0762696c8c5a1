/**
 * The study-day clock of an org (its zone and start hour), for a group or for a member: every
 * day-based rule on the server (check-ins, lectures, the study view, exports) reads it here.
 */
import type { DayOptions } from '$lib/core/calendar/study-day';
import { ApiError } from './api-error';
import type { Db } from './database';

export interface MemberClock {
	joinedAt: number;
	days: Required<DayOptions>;
}

/** The member's join time and the study-day clock of their org; a 401 for a member who is gone. */
export async function memberClock(db: Db, memberId: string): Promise<MemberClock> {
	const row = await db
		.selectFrom('member')
		.innerJoin('study_group', 'study_group.id', 'member.group_id')
		.innerJoin('org', 'org.id', 'study_group.org_id')
		.select(['member.created_at', 'org.time_zone', 'org.start_hour'])
		.where('member.id', '=', memberId)
		.executeTakeFirst();
	if (!row) throw new ApiError(401, 'bad_token', '身份已失效，请重新加入');
	return {
		joinedAt: Number(row.created_at),
		days: { timeZone: row.time_zone, startHour: Number(row.start_hour) }
	};
}

/** The study-day clock of the org a group belongs to (its zone and start hour). */
export async function orgDays(db: Db, groupId: string): Promise<Required<DayOptions>> {
	const row = await db
		.selectFrom('study_group')
		.innerJoin('org', 'org.id', 'study_group.org_id')
		.select(['org.time_zone', 'org.start_hour'])
		.where('study_group.id', '=', groupId)
		.executeTakeFirstOrThrow();
	return { timeZone: row.time_zone, startHour: Number(row.start_hour) };
}
