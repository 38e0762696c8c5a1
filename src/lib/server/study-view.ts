/**
 * A group's study view for its admin (学习情况): the members and their check-in days, handed to
 * core's groupStudy for today, this week, top streaks and the collective streak.
 */
import {
	DEFAULT_COLLECTIVE_SHARE,
	groupStudy,
	type GroupMember,
	type GroupStudy
} from '$lib/core/group/study-view';
import { studyDay } from '$lib/core/calendar/study-day';
import type { AdminIdentity } from './accounts';
import type { Db } from './database';
import { groupForAdmin } from './groups';
import { orgDays } from './org-clock';

/**
 * A group's study view for an admin who may see it: today, this week, top streaks and the
 * collective streak at `share` (default 50%).
 */
export async function groupStudyView(
	db: Db,
	admin: AdminIdentity,
	groupId: string,
	share = DEFAULT_COLLECTIVE_SHARE,
	now = Date.now()
): Promise<GroupStudy & { groupId: string }> {
	const group = await groupForAdmin(db, admin, groupId);
	const days = await orgDays(db, group.id);
	const [memberRows, checkinRows] = await Promise.all([
		db
			.selectFrom('member')
			.select(['id', 'display_name', 'created_at'])
			.where('group_id', '=', group.id)
			// Removed members count neither as members nor as studying.
			.where('removed_at', 'is', null)
			.execute(),
		db.selectFrom('checkin').select(['member_id', 'day']).where('group_id', '=', group.id).execute()
	]);
	const members: GroupMember[] = memberRows.map((m) => ({
		memberId: m.id,
		displayName: m.display_name,
		joinDay: studyDay(Number(m.created_at), days)
	}));
	const daysByMember = new Map<string, Set<string>>();
	const current = new Set(memberRows.map((m) => m.id));
	for (const c of checkinRows) {
		if (!current.has(c.member_id)) continue;
		let set = daysByMember.get(c.member_id);
		if (!set) daysByMember.set(c.member_id, (set = new Set()));
		set.add(c.day);
	}
	return { groupId: group.id, ...groupStudy(members, daysByMember, studyDay(now, days), share) };
}
