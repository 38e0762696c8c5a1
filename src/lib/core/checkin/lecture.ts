/**
 * 讲坛 (lecture) sessions: when a session's sign-in code is accepted and how its window reads for
 * an admin. The server checks uploaded 讲坛 check-ins with these; the admin pages label sessions.
 */

/** A lecture code is accepted this long before the start and after the end of its window. */
export const LECTURE_GRACE_MS = 30 * 60 * 1000;

export type LectureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether a lecture check-in made at `at` falls inside the session's window, with
 * `LECTURE_GRACE_MS` of slack on both sides (people arrive early and type the code late). The
 * reason says whether the session has not begun or is over, in Chinese.
 *
 * @example checkLectureWindow(5_000_000, { startsAt: 0, endsAt: 3_600_000 }) // → { ok: false, reason: '讲坛已结束，签到码已过期' }
 */
export function checkLectureWindow(
	at: number,
	session: { startsAt: number; endsAt: number }
): LectureCheck {
	if (at < session.startsAt - LECTURE_GRACE_MS) {
		return { ok: false, reason: '讲坛尚未开始，暂不能签到' };
	}
	if (at > session.endsAt + LECTURE_GRACE_MS) {
		return { ok: false, reason: '讲坛已结束，签到码已过期' };
	}
	return { ok: true };
}

export type LectureState = 'upcoming' | 'live' | 'ended';

/** What an admin sees for a session's window: 未开始, 进行中 or 已结束. */
export const LECTURE_STATE_LABEL: Record<LectureState, string> = {
	upcoming: '未开始',
	live: '进行中',
	ended: '已结束'
};

/**
 * Where `now` is relative to a session's own window (start inclusive, end exclusive), for the
 * admin's list. The sign-in code is accepted a little longer on both sides
 * (`checkLectureWindow`); this is the session as announced.
 *
 * @example lectureState(0, { startsAt: 0, endsAt: 3_600_000 }) // → 'live'
 */
export function lectureState(
	now: number,
	session: { startsAt: number; endsAt: number }
): LectureState {
	if (now < session.startsAt) return 'upcoming';
	return now < session.endsAt ? 'live' : 'ended';
}
