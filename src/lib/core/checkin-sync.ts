/**
 * Check-ins (打卡) in the upload protocol. A device sends them next to its attempts in the same
 * POST /api/sync batch (`{ items, checkins }`) and gets one answer per check-in, keyed by day and
 * kind. The server keeps check-ins as a set keyed by (member, day, kind), so a resend or a second
 * device answers `duplicate` and merging never depends on the order devices sync in.
 */
import type { CheckinKind } from './streak';
import type { SyncItemStatus } from './sync-protocol';

/** At most this many check-ins in one request (about two months of all three kinds). */
export const CHECKIN_MAX_ITEMS = 200;

/** A lecture code is accepted this long before the start and after the end of its window. */
export const LECTURE_GRACE_MS = 30 * 60 * 1000;

/** What the device uploads for one check-in. */
export interface CheckinUpload {
	/** The org's study day the device computed, 'YYYY-MM-DD'. */
	day: string;
	kind: CheckinKind;
	/** Device time of the check-in (ms since epoch); the server also stores its own receive time. */
	at: number;
	/** The lecture code given out at the session: required for 'jiang', absent otherwise. */
	code?: string;
}

export interface CheckinResult {
	/** `checkinUploadKey` of the upload, or `#index` when it had no readable day and kind. */
	key: string;
	status: SyncItemStatus;
	/** Why it was rejected, in words a member can read. */
	reason?: string;
}

/**
 * The key a check-in's answer comes back under: its day and kind, which is also its identity
 * on the server (for one member).
 *
 * @example checkinUploadKey({ day: '2026-11-28', kind: 'yun', at: 0 }) // → '2026-11-28/yun'
 */
export function checkinUploadKey(c: Pick<CheckinUpload, 'day' | 'kind'>): string {
	return `${c.day}/${c.kind}`;
}

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

/**
 * Parse a check-in answer list from a server response defensively: anything unexpected gives
 * null, which the device treats like a failed request and retries.
 *
 * @example parseCheckinResults([{ key: '2026-11-28/yun', status: 'accepted' }]) // → the same list
 */
export function parseCheckinResults(input: unknown): CheckinResult[] | null {
	if (!Array.isArray(input)) return null;
	const out: CheckinResult[] = [];
	for (const r of input) {
		if (typeof r !== 'object' || r === null) return null;
		const { key, status, reason } = r as Record<string, unknown>;
		if (typeof key !== 'string') return null;
		if (status !== 'accepted' && status !== 'duplicate' && status !== 'rejected') return null;
		out.push(typeof reason === 'string' ? { key, status, reason } : { key, status });
	}
	return out;
}
