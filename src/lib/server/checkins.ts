/**
 * Check-ins (打卡) on the server: uploads from any number of a member's devices go into one set
 * keyed by (member, study day, kind), so merging is idempotent and order-free; the streak, the
 * calendar and a group's study view are then computed by core from that set. Lecture (讲坛)
 * check-ins need the code of a session of the member's own group, inside its time window.
 */
import type { LectureList, LectureSession } from '$lib/core/api-types';
import { checkinUploadKey } from '$lib/core/sync/build';
import { parseCheckinUpload, type CheckinUpload } from '$lib/core/sync/checkin';
import { shapeReason, type CheckinResult } from '$lib/core/sync/envelope';
import { CHECKIN_MAX_ITEMS } from '$lib/core/sync/protocol';
import { checkLectureWindow } from '$lib/core/checkin/lecture';
import {
	DEFAULT_COLLECTIVE_SHARE,
	groupStudy,
	type GroupMember,
	type GroupStudy
} from '$lib/core/group/study-view';
import { normalizeJoinCode } from '$lib/core/group/join-code';
import {
	computeStreak,
	streakCalendar,
	validateCheckin,
	type CalendarDay,
	type CheckinKind,
	type Streak
} from '$lib/core/checkin/streak';
import { studyDay, type DayOptions } from '$lib/core/calendar/study-day';
import type { AdminIdentity } from './accounts';
import { ApiError } from './api-error';
import type { Db } from './database';
import { groupForAdmin } from './groups';
import type { MemberIdentity } from './members';
import { newId, newJoinCode } from './tokens';

interface MemberClock {
	joinedAt: number;
	days: Required<DayOptions>;
}

async function memberClock(db: Db, memberId: string): Promise<MemberClock> {
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
			const lecture = await lectureCheck(db, member.groupId, upload, now, clock.days);
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

	await db.transaction().execute(async (trx) => {
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

async function lectureCheck(
	db: Db,
	groupId: string,
	upload: CheckinUpload,
	now: number,
	days: Required<DayOptions>
): Promise<{ ok: true; id: string } | { ok: false; reason: string }> {
	if (!upload.code) return { ok: false, reason: '讲坛打卡需要填写签到码' };
	const lecture = await db
		.selectFrom('lecture_session')
		.select(['id', 'starts_at', 'ends_at'])
		.where('code', '=', normalizeJoinCode(upload.code))
		.where('group_id', '=', groupId)
		.executeTakeFirst();
	// A code of another group's lecture reads as wrong: no hint that it exists.
	if (!lecture) return { ok: false, reason: '讲坛签到码不正确，请向支部核对' };
	const session = { startsAt: Number(lecture.starts_at), endsAt: Number(lecture.ends_at) };
	// Offline check-ins arrive late, so the device's time decides; but never a time after the
	// server already received it (a clock set forward cannot reach a session that has not begun).
	const window = checkLectureWindow(Math.min(upload.at, now), session);
	if (!window.ok) return window;
	const lectureDays = [studyDay(session.startsAt, days), studyDay(session.endsAt, days)];
	if (!lectureDays.includes(upload.day)) {
		return { ok: false, reason: `讲坛打卡日期应为讲座当天（${lectureDays[0]}）` };
	}
	return { ok: true, id: lecture.id };
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

export const LECTURE_TITLE_MAX = 40;
/** A session lasts at most this long (a day of talks), and is created at most a year ahead. */
export const LECTURE_MAX_MS = 24 * 60 * 60 * 1000;
const YEAR_MS = 366 * 24 * 60 * 60 * 1000;

/** A new lecture session of a group the admin may see, with a fresh code to read out. */
export async function createLecture(
	db: Db,
	admin: AdminIdentity,
	groupId: string,
	input: { title: string; startsAt: number; endsAt: number },
	now = Date.now()
): Promise<LectureSession> {
	const group = await groupForAdmin(db, admin, groupId);
	const { title, startsAt, endsAt } = input;
	if (!Number.isSafeInteger(startsAt) || !Number.isSafeInteger(endsAt)) {
		throw new ApiError(422, 'invalid_field', '开始和结束时间应为毫秒时间戳（整数）');
	}
	if (endsAt <= startsAt) throw new ApiError(422, 'invalid_field', '结束时间应晚于开始时间');
	if (endsAt - startsAt > LECTURE_MAX_MS) {
		throw new ApiError(422, 'invalid_field', '一场讲坛最长 24 小时');
	}
	if (startsAt > now + YEAR_MS || endsAt < now - YEAR_MS) {
		throw new ApiError(422, 'invalid_field', '讲坛时间应在前后一年之内');
	}
	const id = newId(now);
	for (let tries = 0; ; tries++) {
		const code = newJoinCode();
		try {
			await db
				.insertInto('lecture_session')
				.values({
					id,
					group_id: group.id,
					title,
					code,
					starts_at: startsAt,
					ends_at: endsAt,
					created_by: admin.id,
					created_at: now
				})
				.execute();
			return { id, groupId: group.id, title, code, startsAt, endsAt, createdAt: now };
		} catch (e) {
			// A code collision (unique index) is retried with a new code; anything else is real.
			if (tries >= 5 || !/unique|duplicate/i.test(String(e))) throw e;
		}
	}
}

/**
 * A group's lecture sessions, latest start first (the last 100), each with how many members
 * checked in with its code, and the org's zone and start hour for showing their times. A member
 * has one 讲坛 check-in a day, so of two sessions on one day only the first they signed in to
 * counts them.
 */
export async function listLectures(
	db: Db,
	admin: AdminIdentity,
	groupId: string
): Promise<LectureList> {
	const group = await groupForAdmin(db, admin, groupId);
	const [rows, counts, days] = await Promise.all([
		db
			.selectFrom('lecture_session')
			.select(['id', 'group_id', 'title', 'code', 'starts_at', 'ends_at', 'created_at'])
			.where('group_id', '=', group.id)
			.orderBy('starts_at', 'desc')
			.limit(100)
			.execute(),
		db
			.selectFrom('checkin')
			.select((eb) => ['lecture_id', eb.fn.countAll<number>().as('n')])
			.where('group_id', '=', group.id)
			.where('lecture_id', 'is not', null)
			.groupBy('lecture_id')
			.execute(),
		orgDays(db, group.id)
	]);
	const checkedIn = new Map(counts.map((c) => [c.lecture_id, Number(c.n)]));
	return {
		...days,
		lectures: rows.map((r) => ({
			id: r.id,
			groupId: r.group_id,
			title: r.title,
			code: r.code,
			startsAt: Number(r.starts_at),
			endsAt: Number(r.ends_at),
			createdAt: Number(r.created_at),
			checkedIn: checkedIn.get(r.id) ?? 0
		}))
	};
}

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
			.execute(),
		db.selectFrom('checkin').select(['member_id', 'day']).where('group_id', '=', group.id).execute()
	]);
	const members: GroupMember[] = memberRows.map((m) => ({
		memberId: m.id,
		displayName: m.display_name,
		joinDay: studyDay(Number(m.created_at), days)
	}));
	const daysByMember = new Map<string, Set<string>>();
	for (const c of checkinRows) {
		let set = daysByMember.get(c.member_id);
		if (!set) daysByMember.set(c.member_id, (set = new Set()));
		set.add(c.day);
	}
	return { groupId: group.id, ...groupStudy(members, daysByMember, studyDay(now, days), share) };
}
