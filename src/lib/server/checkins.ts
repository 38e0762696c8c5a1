/**
 * Check-ins (打卡) on the server: uploads from any number of a member's devices go into one set
 * keyed by (member, study day, kind), so merging is idempotent and order-free; the member's
 * streak and calendar are then computed by core from that set. Lecture (讲坛) check-ins are
 * checked against the member's group's sessions in lectures.ts.
 */
import { checkinUploadKey } from '$lib/core/sync/build';
import { parseCheckinUpload, type CheckinUpload } from '$lib/core/sync/checkin';
import { shapeReason, type CheckinResult } from '$lib/core/sync/envelope';
import { CHECKIN_MAX_ITEMS } from '$lib/core/sync/protocol';
import {
	computeStreak,
	streakCalendar,
	validateCheckin,
	type CalendarDay,
	type CheckinKind,
	type Streak
} from '$lib/core/checkin/streak';
import { studyDay } from '$lib/core/calendar/study-day';
import { ApiError } from './api-error';
import { inTransaction, type Db } from './database';
import { lectureCheck } from './lectures';
import type { MemberIdentity } from './members';
import { memberClock } from './org-clock';

function itemKey(item: unknown, index: number): string {
	const { day, kind } = (item ?? {}) as { day?: unknown; kind?: unknown };
	return typeof day === 'string' && typeof kind === 'string' && day.length + kind.length <= 24
		? checkinUploadKey({ day, kind: kind as CheckinKind })
		: `#${index}`;
}

/** Check that a check-in list is a list of bounded length, before anything is written. */
export function checkCheckinList(items: unknown): asserts items is unknown[] {
	if (!Array.isArray(items))
		throw new ApiError(422, 'invalid_field', '打卡列表（checkins）应为数组');
	if (items.length > CHECKIN_MAX_ITEMS) {
		throw new ApiError(413, 'too_many_items', `一次最多上传 ${CHECKIN_MAX_ITEMS} 条打卡`);
	}
}

/**
 * Validate and store uploaded check-ins: shape with the core schema, the day against the server's
 * clock and the member's join day (core's validateCheckin), lecture codes against the member's
 * group; then insert them as a set in one transaction that commits before the answer goes out.
 * A check-in already in the set answers `duplicate`.
 */
export async function ingestCheckins(
	db: Db,
	member: MemberIdentity,
	items: unknown,
	now = Date.now()
): Promise<CheckinResult[]> {
	checkCheckinList(items);
	const results: CheckinResult[] = [];
	if (!items.length) return results;
	const clock = await memberClock(db, member.memberId);
	const valid: { upload: CheckinUpload; lectureId: string | null; at: number }[] = [];
	for (const [index, item] of items.entries()) {
		const key = itemKey(item, index);
		const parsed = parseCheckinUpload(item);
		if (!parsed.success) {
			results.push({ key, status: 'rejected', reason: shapeReason('打卡', parsed.issues) });
			continue;
		}
		const upload = parsed.output;
		const check = validateCheckin(
			{ memberId: member.memberId, day: upload.day, kind: upload.kind },
			{ serverNow: now, joinedAt: clock.joinedAt, ...clock.days }
		);
		if (!check.ok) {
			results.push({ key, status: 'rejected', reason: check.reason });
			continue;
		}
		let lectureId: string | null = null;
		if (upload.kind === 'jiang') {
			const lecture = await lectureCheck(db, member, upload, now, clock.days);
			if (!lecture.ok) {
				results.push({ key, status: 'rejected', reason: lecture.reason });
				continue;
			}
			lectureId = lecture.id;
		}
		results.push({ key, status: 'accepted' });
		valid.push({ upload, lectureId, at: results.length - 1 });
	}
	if (!valid.length) return results;

	await inTransaction(db, async (trx) => {
		for (const v of valid) {
			const inserted = await trx
				.insertInto('checkin')
				.values({
					member_id: member.memberId,
					day: v.upload.day,
					kind: v.upload.kind,
					group_id: member.groupId,
					lecture_id: v.lectureId,
					device_at: v.upload.at,
					received_at: now
				})
				.onConflict((oc) => oc.columns(['member_id', 'day', 'kind']).doNothing())
				.executeTakeFirst();
			if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
				results[v.at] = { key: checkinUploadKey(v.upload), status: 'duplicate' };
			}
		}
	});
	return results;
}

export interface MemberStreakView {
	today: string;
	timeZone: string;
	startHour: number;
	streak: Streak;
	year: number;
	calendar: CalendarDay[];
	/** The server's whole set for this member, for the device to merge with its own. */
	checkins: { day: string; kind: CheckinKind }[];
}

/** The member's streak, 请假卡, milestone and year calendar from the server's set of check-ins. */
export async function memberStreak(
	db: Db,
	member: MemberIdentity,
	year: number | null,
	now = Date.now()
): Promise<MemberStreakView> {
	const clock = await memberClock(db, member.memberId);
	const rows = await db
		.selectFrom('checkin')
		.select(['day', 'kind'])
		.where('member_id', '=', member.memberId)
		.orderBy('day')
		.orderBy('kind')
		.execute();
	const today = studyDay(now, clock.days);
	const y = year ?? Number(today.slice(0, 4));
	const days = rows.map((r) => r.day);
	return {
		today,
		...clock.days,
		streak: computeStreak(days, today),
		year: y,
		calendar: streakCalendar(days, today, y),
		checkins: rows.map((r) => ({ day: r.day, kind: r.kind as CheckinKind }))
	};
}
