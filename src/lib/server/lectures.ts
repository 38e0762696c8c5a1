/**
 * Lecture sessions (讲坛) of a group: an admin creates one with a code to read out, and lists them
 * with how many members checked in; a member's 讲坛 check-in needs the code of a session of their
 * own group, inside its time window (core's checkin/lecture.ts).
 */
import { sql } from 'kysely';
import type { LectureList, LectureSession } from '$lib/core/api-types';
import type { CheckinUpload } from '$lib/core/sync/checkin';
import { checkLectureWindow, LECTURE_GRACE_MS } from '$lib/core/checkin/lecture';
import { normalizeJoinCode } from '$lib/core/group/join-code';
import { studyDay, type DayOptions } from '$lib/core/calendar/study-day';
import type { AdminIdentity } from './accounts';
import { ApiError } from './api-error';
import type { Db } from './database';
import { isUniqueViolation } from './db-errors';
import { groupForAdmin } from './groups';
import type { MemberIdentity } from './members';
import { orgDays } from './org-clock';
import { newId, newJoinCode } from './tokens';

/** Wrong 讲坛 codes a member may try in a study day; after that no code is checked that day. */
export const LECTURE_CODE_TRIES_PER_DAY = 10;
/**
 * The one answer for any code that is not valid for this member now (wrong, another group's,
 * not begun, over, another day, back-dated): which of these it was would tell a guesser which
 * codes exist.
 */
export const LECTURE_CODE_INVALID = '讲坛签到码无效（码不正确，或不在签到时间内），请向支部核对';
export const LECTURE_CODE_TOO_MANY = '今天讲坛签到码输错次数太多，请明天再试，或请支部管理员核对';

/**
 * Whether an uploaded 讲坛 check-in carries the code of a session of the member's group, made in
 * its window. Each check is a try counted against the member's day (LECTURE_CODE_TRIES_PER_DAY,
 * claimed atomically before the code is looked up and given back when the code was right), so
 * neither one request of 200 check-ins nor many requests at once can try more codes than that.
 */
export async function lectureCheck(
	db: Db,
	member: MemberIdentity,
	upload: CheckinUpload,
	now: number,
	days: Required<DayOptions>
): Promise<{ ok: true; id: string } | { ok: false; reason: string }> {
	if (!upload.code) return { ok: false, reason: '讲坛打卡需要填写签到码' };
	const day = studyDay(now, days);
	await db
		.insertInto('lecture_code_tries')
		.values({ member_id: member.memberId, day, tries: 0 })
		.onConflict((oc) => oc.columns(['member_id', 'day']).doNothing())
		.execute();
	const claimed = await db
		.updateTable('lecture_code_tries')
		.set({ tries: sql`tries + 1` })
		.where('member_id', '=', member.memberId)
		.where('day', '=', day)
		.where('tries', '<', LECTURE_CODE_TRIES_PER_DAY)
		.returning('tries')
		.executeTakeFirst();
	if (!claimed) return { ok: false, reason: LECTURE_CODE_TOO_MANY };
	const id = await validLectureId(db, member, upload, now, days);
	if (!id) return { ok: false, reason: LECTURE_CODE_INVALID };
	await db
		.updateTable('lecture_code_tries')
		.set({ tries: sql`tries - 1` })
		.where('member_id', '=', member.memberId)
		.where('day', '=', day)
		.execute();
	return { ok: true, id };
}

async function validLectureId(
	db: Db,
	member: MemberIdentity,
	upload: CheckinUpload,
	now: number,
	days: Required<DayOptions>
): Promise<string | null> {
	const lecture = await db
		.selectFrom('lecture_session')
		.select(['id', 'starts_at', 'ends_at'])
		.where('code', '=', normalizeJoinCode(upload.code ?? ''))
		.where('group_id', '=', member.groupId)
		.executeTakeFirst();
	if (!lecture) return null;
	const session = { startsAt: Number(lecture.starts_at), endsAt: Number(lecture.ends_at) };
	// Offline check-ins arrive late, so the device's time decides; but never a time after the
	// server already received it (a clock set forward cannot reach a session that has not begun),
	// and never a time before this device's last complete upload: a check-in made then would
	// have been sent then, so an earlier time is a back-dated one. Device clocks may be off by as
	// much as the lecture's own grace.
	if (
		member.lastSyncAt !== null &&
		member.lastSyncAt !== undefined &&
		upload.at < member.lastSyncAt - LECTURE_GRACE_MS
	) {
		return null;
	}
	if (!checkLectureWindow(Math.min(upload.at, now), session).ok) return null;
	const lectureDays = [studyDay(session.startsAt, days), studyDay(session.endsAt, days)];
	if (!lectureDays.includes(upload.day)) return null;
	return lecture.id;
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
			if (tries >= 5 || !isUniqueViolation(e)) throw e;
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
