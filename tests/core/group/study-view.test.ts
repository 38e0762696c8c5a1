import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkinUploadKey } from '../../../src/lib/core/sync/build';
import { parseSyncResponse } from '../../../src/lib/core/sync/envelope';
import { checkLectureWindow, LECTURE_GRACE_MS } from '../../../src/lib/core/checkin/lecture';
import {
	collectiveStreak,
	groupStudy,
	membersNeeded,
	STUDY_TOP_N,
	weekStartOf,
	type GroupMember
} from '../../../src/lib/core/group/study-view';
import { addDays, weekday } from '../../../src/lib/core/calendar/study-day';
import { parseCheckinUpload } from '../../../src/lib/core/sync/checkin';

const TODAY = '2026-11-28'; // a Saturday

function members(n: number, joinDay = '2026-01-01'): GroupMember[] {
	return Array.from({ length: n }, (_, i) => ({
		memberId: `m${i}`,
		displayName: `成员${i}`,
		joinDay
	}));
}

function studied(entries: Record<string, string[]>): Map<string, Set<string>> {
	return new Map(Object.entries(entries).map(([id, days]) => [id, new Set(days)]));
}

const back = (n: number) => Array.from({ length: n }, (_, i) => addDays(TODAY, -i));

describe('weeks and shares', () => {
	it('weeks start on Monday', () => {
		expect(weekStartOf('2026-11-28')).toBe('2026-11-23');
		expect(weekStartOf('2026-11-29')).toBe('2026-11-23');
		expect(weekStartOf('2026-11-30')).toBe('2026-11-30');
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 40_000 }), (offset) => {
				const day = addDays('2000-01-01', offset);
				const start = weekStartOf(day);
				expect(weekday(start)).toBe(1);
				expect(start <= day && addDays(start, 6) >= day).toBe(true);
			})
		);
	});

	it('needs the smallest whole number of members at or above the share', () => {
		expect(membersNeeded(5, 0.5)).toBe(3);
		expect(membersNeeded(4, 0.5)).toBe(2);
		expect(membersNeeded(10, 0.7)).toBe(7);
		expect(membersNeeded(3, 0.1)).toBe(1);
		expect(membersNeeded(0, 0.5)).toBe(0);
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 5000 }),
				fc.double({ min: 0.1, max: 1, noNaN: true }),
				(n, s) => {
					const k = membersNeeded(n, s);
					expect(k).toBeGreaterThanOrEqual(1);
					expect(k).toBeLessThanOrEqual(n);
					expect(k / n).toBeGreaterThanOrEqual(s - 1e-6);
				}
			)
		);
	});
});

describe('collective streak', () => {
	it('counts back from today over days where the share studied; today only once reached', () => {
		const group = members(4);
		const days = studied({ m0: back(5), m1: back(4).slice(1), m2: back(3) });
		// today: m0, m2 (2 of 4 ≥ 50%); yesterday and the day before: 3; 3 days ago: m0, m1.
		expect(collectiveStreak(group, days, TODAY, 0.5)).toEqual({
			current: 4,
			share: 0.5,
			todayReached: true,
			neededToday: 2
		});
		expect(collectiveStreak(group, days, TODAY, 0.75).current).toBe(2);
		const notYet = studied({ m0: back(4).slice(1), m1: back(4).slice(1) });
		expect(collectiveStreak(group, notYet, TODAY, 0.5)).toMatchObject({
			current: 3,
			todayReached: false
		});
	});

	it('does not count members before they joined', () => {
		const group = [...members(1), { memberId: 'late', displayName: '新人', joinDay: TODAY }];
		// m0 alone studied the last 3 days: before today it was the only member (1 of 1).
		const days = studied({ m0: back(3) });
		expect(collectiveStreak(group, days, TODAY, 1)).toMatchObject({
			current: 2,
			todayReached: false
		});
	});

	it('never grows when the share is raised', () => {
		const day = fc.integer({ min: 0, max: 30 }).map((d) => addDays(TODAY, -d));
		fc.assert(
			fc.property(
				fc.array(fc.array(day, { maxLength: 30 }), { minLength: 1, maxLength: 8 }),
				fc.double({ min: 0.1, max: 1, noNaN: true }),
				fc.double({ min: 0.1, max: 1, noNaN: true }),
				(lists, a, b) => {
					const group = members(lists.length, addDays(TODAY, -40));
					const days = new Map(lists.map((l, i) => [`m${i}`, new Set(l)]));
					const [lo, hi] = a < b ? [a, b] : [b, a];
					expect(collectiveStreak(group, days, TODAY, hi).current).toBeLessThanOrEqual(
						collectiveStreak(group, days, TODAY, lo).current
					);
				}
			)
		);
	});
});

describe('group study view', () => {
	it('counts today and this week, lists only the top current streaks', () => {
		const group = members(STUDY_TOP_N + 3);
		const entries: Record<string, string[]> = {};
		for (let i = 0; i < STUDY_TOP_N + 2; i++) entries[`m${i}`] = back(i + 1);
		entries.m0 = ['2026-11-23']; // Monday of this week only
		const view = groupStudy(group, studied(entries), TODAY);
		expect(view.weekStart).toBe('2026-11-23');
		expect(view.members).toBe(STUDY_TOP_N + 3);
		expect(view.studiedToday).toBe(STUDY_TOP_N + 1);
		expect(view.studiedThisWeek).toBe(STUDY_TOP_N + 2);
		expect(view.topStreaks).toHaveLength(STUDY_TOP_N);
		expect(view.topStreaks[0]).toMatchObject({
			memberId: `m${STUDY_TOP_N + 1}`,
			current: STUDY_TOP_N + 2
		});
		const currents = view.topStreaks.map((r) => r.current);
		expect(currents).toEqual([...currents].sort((x, y) => y - x));
		expect(view.topStreaks.every((r) => r.current > 0)).toBe(true);
	});
});

describe('check-in uploads', () => {
	it('keys answers by day and kind, and reads server answers defensively', () => {
		expect(checkinUploadKey({ day: TODAY, kind: 'jiang' })).toBe('2026-11-28/jiang');
		const answer = { results: [], checkins: [{ key: 'k', status: 'rejected', reason: '原因' }] };
		expect(parseSyncResponse(answer)).toEqual(answer);
		for (const bad of [null, {}, [{ key: 1, status: 'accepted' }], [{ key: 'k', status: 'ok' }]]) {
			expect(parseSyncResponse({ results: [], checkins: bad })).toBeNull();
		}
	});

	it('validates the shape of an uploaded check-in', () => {
		expect(parseCheckinUpload({ day: TODAY, kind: 'yun', at: 1_764_300_000_000 }).success).toBe(
			true
		);
		expect(
			parseCheckinUpload({ day: TODAY, kind: 'jiang', at: 1_764_300_000_000, code: 'K7MXQ4' })
				.success
		).toBe(true);
		for (const bad of [
			{ day: '2026-02-29', kind: 'yun', at: 1_764_300_000_000 },
			{ day: TODAY, kind: 'sleep', at: 1_764_300_000_000 },
			{ day: TODAY, kind: 'yun', at: 1_764_300_000_000.5 },
			{ day: TODAY, kind: 'yun' },
			{ day: TODAY, kind: 'yun', at: 1_764_300_000_000, extra: true },
			{ day: TODAY, kind: 'jiang', at: 1_764_300_000_000, code: 'x'.repeat(33) }
		]) {
			expect(parseCheckinUpload(bad).success).toBe(false);
		}
	});

	it('accepts a lecture code inside its window with grace on both sides', () => {
		const session = { startsAt: 10 * LECTURE_GRACE_MS, endsAt: 14 * LECTURE_GRACE_MS };
		expect(checkLectureWindow(9 * LECTURE_GRACE_MS, session)).toEqual({ ok: true });
		expect(checkLectureWindow(15 * LECTURE_GRACE_MS, session)).toEqual({ ok: true });
		expect(checkLectureWindow(9 * LECTURE_GRACE_MS - 1, session)).toMatchObject({ ok: false });
		expect(checkLectureWindow(15 * LECTURE_GRACE_MS + 1, session)).toEqual({
			ok: false,
			reason: '讲坛已结束，签到码已过期'
		});
	});
});
