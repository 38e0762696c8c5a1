import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
	computeStreak,
	MAX_FREEZES,
	mergeCheckins,
	milestoneAt,
	streakCalendar,
	studiedDays,
	validateCheckin,
	validateCheckinDay,
	type Checkin,
	type CheckinKind
} from '../../../src/lib/core/checkin/streak';
import {
	addDays,
	dayNumber,
	dayString,
	isDay,
	studyDay,
	weekday
} from '../../../src/lib/core/calendar/study-day';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 2000-01-01 … 2100-01-01: the range a study app will ever see.
const instant = fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 });
const startHour = fc.integer({ min: 0, max: 23 });

/** Days from `start` on, one per entry of `pattern`, kept where the entry is true. */
function daysFrom(start: string, pattern: readonly boolean[]): string[] {
	return pattern.flatMap((studied, i) => (studied ? [addDays(start, i)] : []));
}

describe('calendar days', () => {
	it('agree with Date.UTC for every day, and round-trip', () => {
		fc.assert(
			fc.property(fc.integer({ min: -200_000, max: 2_000_000 }), (n) => {
				const day = dayString(n);
				expect(isDay(day)).toBe(true);
				expect(dayNumber(day)).toBe(n);
				expect(new Date(n * DAY).toISOString().slice(0, 10)).toBe(day);
			})
		);
	});

	it('know leap years, weekdays and refuse what is not a date', () => {
		expect(isDay('2024-02-29')).toBe(true);
		expect(isDay('2026-02-29')).toBe(false);
		expect(isDay('2026-13-01')).toBe(false);
		expect(isDay('2026-1-01')).toBe(false);
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(weekday('2026-11-28')).toBe(6);
		expect(weekday('1970-01-01')).toBe(4);
	});
});

describe('study day boundaries', () => {
	const savedTz = process.env.TZ;
	afterEach(() => {
		process.env.TZ = savedTz;
	});

	it('studying at 01:00 counts for the evening before; 04:00 starts the new day', () => {
		// 2026-11-29 in Shanghai (UTC+8).
		expect(studyDay(Date.parse('2026-11-28T17:00:00Z'))).toBe('2026-11-28'); // 01:00
		expect(studyDay(Date.parse('2026-11-28T19:59:59Z'))).toBe('2026-11-28'); // 03:59:59
		expect(studyDay(Date.parse('2026-11-28T20:00:00Z'))).toBe('2026-11-29'); // 04:00
		expect(studyDay(Date.parse('2026-11-28T15:59:00Z'))).toBe('2026-11-28'); // 23:59
		expect(studyDay(Date.parse('2026-11-28T17:00:00Z'), { startHour: 0 })).toBe('2026-11-29');
	});

	it('in Asia/Shanghai is the UTC+8 date shifted by the start hour (no DST there)', () => {
		fc.assert(
			fc.property(instant, startHour, (t, h) => {
				const expected = dayString(Math.floor((t + 8 * HOUR - h * HOUR) / DAY));
				expect(studyDay(t, { startHour: h })).toBe(expected);
			})
		);
	});

	it('does not move with the device time zone, including zones with DST', () => {
		const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'UTC'];
		const samples = fc.sample(fc.tuple(instant, startHour), { numRuns: 300, seed: 7 });
		process.env.TZ = 'Asia/Shanghai';
		const reference = samples.map(([t, h]) => studyDay(t, { startHour: h }));
		for (const zone of zones) {
			process.env.TZ = zone;
			// The device zone really changed (else this test would prove nothing).
			const july = new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset();
			if (zone !== 'UTC') expect(july).not.toBe(-480);
			expect(samples.map(([t, h]) => studyDay(t, { startHour: h }))).toEqual(reference);
		}
	});

	it('starts at the local start hour in an org zone with DST, on both switch days', () => {
		const berlin = { timeZone: 'Europe/Berlin' };
		// 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00Z.
		expect(studyDay(Date.parse('2026-03-29T01:59:59Z'), berlin)).toBe('2026-03-28'); // 03:59 CEST
		expect(studyDay(Date.parse('2026-03-29T02:00:00Z'), berlin)).toBe('2026-03-29'); // 04:00 CEST
		// 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00Z.
		expect(studyDay(Date.parse('2026-10-25T02:59:59Z'), berlin)).toBe('2026-10-24'); // 03:59 CET
		expect(studyDay(Date.parse('2026-10-25T03:00:00Z'), berlin)).toBe('2026-10-25'); // 04:00 CET
	});

	it('moves forward by exactly one day at a time in any zone', () => {
		const zone = fc.constantFrom(
			'Asia/Shanghai',
			'Europe/Berlin',
			'America/New_York',
			'Asia/Kolkata'
		);
		fc.assert(
			fc.property(instant, startHour, zone, (t, h, timeZone) => {
				const a = dayNumber(studyDay(t, { timeZone, startHour: h }));
				const b = dayNumber(studyDay(t + HOUR, { timeZone, startHour: h }));
				expect(b - a === 0 || b - a === 1).toBe(true);
				// A later start hour can only keep an instant in the day before, never push it on.
				const base = dayNumber(studyDay(t, { timeZone, startHour: 0 }));
				expect(a === base || a === base - 1).toBe(true);
			})
		);
	});

	it('refuses a start hour outside 0–23', () => {
		expect(() => studyDay(0, { startHour: 24 })).toThrow(/0–23/);
		expect(() => studyDay(0, { startHour: 1.5 })).toThrow(/0–23/);
	});
});

describe('streaks and 请假卡', () => {
	it('counts consecutive studied days and keeps the streak while today is still open', () => {
		const days = daysFrom('2026-11-20', Array(5).fill(true));
		expect(computeStreak(days, '2026-11-24')).toMatchObject({
			current: 5,
			todayDone: true,
			since: '2026-11-20'
		});
		// The 25th is not over: not missed, the streak stands.
		expect(computeStreak(days, '2026-11-25')).toMatchObject({ current: 5, todayDone: false });
		// On the 26th the 25th is missed, with no 请假卡 to cover it.
		expect(computeStreak(days, '2026-11-26')).toMatchObject({ current: 0, longest: 5 });
	});

	it('earns one 请假卡 per 7 consecutive days, at most 2', () => {
		const run = (n: number) =>
			computeStreak(daysFrom('2026-01-01', Array(n).fill(true)), addDays('2026-01-01', n - 1));
		expect(run(6).freezes).toBe(0);
		expect(run(7).freezes).toBe(1);
		expect(run(14).freezes).toBe(2);
		expect(run(100).freezes).toBe(2);
	});

	it('uses a 请假卡 on a missed day automatically and shows it frozen', () => {
		// 14 days studied (2 cards), then 3 days missed, then today.
		const days = daysFrom('2026-01-01', Array(14).fill(true));
		const s = computeStreak(days, '2026-01-17');
		expect(s.frozenDays).toEqual(['2026-01-15', '2026-01-16']);
		expect(s.freezes).toBe(0);
		expect(s.current).toBe(14);
		const s2 = computeStreak(days, '2026-01-18');
		expect(s2.current).toBe(0);
		const cal = streakCalendar(days, '2026-01-18', 2026);
		expect(cal.slice(13, 18).map((d) => d.state)).toEqual([
			'studied',
			'frozen',
			'frozen',
			'missed',
			'pending'
		]);
		// A studied day after a freeze continues the same streak.
		const s3 = computeStreak([...days, '2026-01-16'], '2026-01-16');
		expect(s3).toMatchObject({ current: 15, frozenDays: ['2026-01-15'], freezes: 1 });
	});

	const pattern = fc.array(fc.boolean(), { minLength: 1, maxLength: 120 });

	it('never holds more than 2, and a missed day is frozen exactly when one was held', () => {
		fc.assert(
			fc.property(pattern, (p) => {
				const days = daysFrom('2026-01-01', p);
				const today = addDays('2026-01-01', p.length);
				const calendar = streakCalendar(days, today, 2026).concat(
					streakCalendar(days, today, 2027)
				);
				const state = new Map(calendar.map((c) => [c.day, c.state]));
				for (let i = 0; i <= p.length; i++) {
					const day = addDays('2026-01-01', i);
					const before = computeStreak(
						days.filter((d) => d < day),
						day
					);
					expect(before.freezes).toBeGreaterThanOrEqual(0);
					expect(before.freezes).toBeLessThanOrEqual(MAX_FREEZES);
					const s = state.get(day);
					if (p[i]) expect(s).toBe('studied');
					else if (i === p.length) expect(s).toBe('pending');
					else if (before.current === 0 && before.longest === 0) expect(s).toBe('none');
					else expect(s).toBe(before.freezes > 0 ? 'frozen' : 'missed');
				}
			})
		);
	});

	it('earns a card for every 7 consecutive studied days and spends one per frozen day', () => {
		fc.assert(
			fc.property(pattern, (p) => {
				const days = daysFrom('2026-01-01', p);
				const s = computeStreak(days, addDays('2026-01-01', p.length - 1));
				// Earned: runs of consecutive studied days, one card per full 7 (before the cap).
				let earned = 0;
				let run = 0;
				for (const studied of p) {
					run = studied ? run + 1 : 0;
					if (studied && run % 7 === 0) earned++;
				}
				expect(s.frozenDays.length + s.freezes).toBeLessThanOrEqual(earned);
				if (earned === 0) expect(s.frozenDays).toEqual([]);
				for (const d of s.frozenDays) expect(days).not.toContain(d);
			})
		);
	});

	it('agrees with the calendar: current = studied days since the last missed day', () => {
		fc.assert(
			fc.property(pattern, (p) => {
				const days = daysFrom('2026-01-01', p);
				const today = addDays('2026-01-01', p.length - 1);
				const s = computeStreak(days, today);
				const states = streakCalendar(days, today, 2026)
					.filter((c) => c.day <= today)
					.map((c) => c.state);
				const afterMiss = states.slice(states.lastIndexOf('missed') + 1);
				expect(s.current).toBe(afterMiss.filter((x) => x === 'studied').length);
				expect(s.longest).toBeGreaterThanOrEqual(s.current);
				expect(s.frozenDays).toEqual(
					streakCalendar(days, today, 2026)
						.filter((c) => c.state === 'frozen')
						.map((c) => c.day)
				);
			})
		);
	});

	it('ignores days after today and duplicates', () => {
		const s = computeStreak(['2026-11-28', '2026-11-28', '2026-12-01'], '2026-11-28');
		expect(s.current).toBe(1);
		expect(computeStreak([], '2026-11-28')).toMatchObject({
			current: 0,
			freezes: 0,
			nextMilestone: 7
		});
	});
});

describe('milestones', () => {
	it('are reached at 7, 30, 100 and 365 studied days, on the day itself', () => {
		for (const m of [7, 30, 100, 365]) {
			const days = daysFrom('2025-01-01', Array(m).fill(true));
			const today = addDays('2025-01-01', m - 1);
			expect(computeStreak(days, today).milestoneToday).toBe(m);
			// Not celebrated again the next day before studying, nor at m + 1.
			expect(computeStreak(days, addDays(today, 1)).milestoneToday).toBeUndefined();
			expect(
				computeStreak([...days, addDays(today, 1)], addDays(today, 1)).milestoneToday
			).toBeUndefined();
		}
		expect(
			computeStreak(daysFrom('2025-01-01', Array(8).fill(true)), '2025-01-08').nextMilestone
		).toBe(30);
		expect(milestoneAt(100)).toBe(100);
		expect(milestoneAt(101)).toBeUndefined();
	});

	it('land exactly when today is done and the streak sits on one', () => {
		fc.assert(
			fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }), (p) => {
				const days = daysFrom('2026-01-01', p);
				const s = computeStreak(days, addDays('2026-01-01', p.length - 1));
				expect(s.milestoneToday !== undefined).toBe(s.todayDone && [7, 30].includes(s.current));
			})
		);
	});
});

describe('merging check-ins from several devices', () => {
	const kinds: CheckinKind[] = ['yun', 'yue', 'jiang'];
	const checkin = fc.record({
		memberId: fc.constantFrom('m1', 'm2', 'm3'),
		day: fc.integer({ min: 0, max: 40 }).map((i) => addDays('2026-11-01', i)),
		kind: fc.constantFrom(...kinds)
	});
	const set = fc.array(checkin, { maxLength: 60 });

	it('is idempotent', () => {
		fc.assert(
			fc.property(set, (a) => {
				expect(mergeCheckins(a, a)).toEqual(mergeCheckins(a));
				expect(mergeCheckins(mergeCheckins(a))).toEqual(mergeCheckins(a));
			})
		);
	});

	it('is commutative', () => {
		fc.assert(
			fc.property(set, set, (a, b) => {
				expect(mergeCheckins(a, b)).toEqual(mergeCheckins(b, a));
			})
		);
	});

	it('is associative', () => {
		fc.assert(
			fc.property(set, set, set, (a, b, c) => {
				const left = mergeCheckins(mergeCheckins(a, b), c);
				expect(left).toEqual(mergeCheckins(a, mergeCheckins(b, c)));
				expect(left).toEqual(mergeCheckins(a, b, c));
			})
		);
	});

	it('is the set union, and the streak from it does not depend on arrival order', () => {
		fc.assert(
			fc.property(set, set, fc.integer(), (a, b, seed) => {
				const merged = mergeCheckins(a, b);
				const key = (c: Checkin) => `${c.memberId}|${c.day}|${c.kind}`;
				expect(new Set(merged.map(key))).toEqual(new Set([...a, ...b].map(key)));
				expect(merged.length).toBe(new Set(merged.map(key)).size);
				// Every check-in arriving one by one, in some order, some twice.
				const all = [...b, ...a, ...a.slice(0, 3)];
				const order = all
					.map((c, i) => ({ c, r: Math.imul(i + 1, seed | 1) >>> 0 }))
					.sort((x, y) => x.r - y.r)
					.map((x) => x.c);
				const oneByOne = order.reduce<Checkin[]>((acc, c) => mergeCheckins(acc, [c]), []);
				expect(oneByOne).toEqual(merged);
				const today = '2026-12-10';
				expect(computeStreak(studiedDays(oneByOne, 'm1'), today)).toEqual(
					computeStreak(studiedDays(mergeCheckins(b, a), 'm1'), today)
				);
			})
		);
	});
});

describe('the year calendar', () => {
	it('has every day of the year once, future after today, none before the first study day', () => {
		const cal = streakCalendar(['2026-03-01', '2026-03-02'], '2026-03-03', 2026);
		expect(cal).toHaveLength(365);
		expect(cal[0]?.day).toBe('2026-01-01');
		expect(cal[364]?.day).toBe('2026-12-31');
		expect(cal.find((c) => c.day === '2026-02-28')?.state).toBe('none');
		expect(cal.find((c) => c.day === '2026-03-02')?.state).toBe('studied');
		expect(cal.find((c) => c.day === '2026-03-03')?.state).toBe('pending');
		expect(cal.find((c) => c.day === '2026-03-04')?.state).toBe('future');
		expect(streakCalendar([], '2024-06-01', 2024)).toHaveLength(366);
	});
});

describe('check-in dates against the server clock', () => {
	const clock = {
		serverNow: Date.parse('2026-11-28T04:00:00Z'), // 12:00 in Shanghai
		joinedAt: Date.parse('2026-11-01T18:00:00Z') // 02:00 on 11-02 in Shanghai: study day 11-01
	};

	it('accepts days from the joining study day to one day after the server day', () => {
		expect(validateCheckinDay('2026-11-01', clock)).toEqual({ ok: true });
		expect(validateCheckinDay('2026-11-28', clock)).toEqual({ ok: true });
		expect(validateCheckinDay('2026-11-29', clock)).toEqual({ ok: true });
	});

	it('refuses earlier, later and malformed days with a reason', () => {
		expect(validateCheckinDay('2026-10-31', clock)).toEqual({
			ok: false,
			reason: '打卡日期 2026-10-31 早于加入日期 2026-11-01'
		});
		expect(validateCheckinDay('2026-11-30', clock)).toEqual({
			ok: false,
			reason: '打卡日期 2026-11-30 晚于服务器日期 2026-11-28 超过一天'
		});
		expect(validateCheckinDay('2026-02-30', clock)).toMatchObject({ ok: false });
		expect(
			validateCheckin({ memberId: 'm1', day: '2026-11-28', kind: 'xx' as CheckinKind }, clock)
		).toMatchObject({ ok: false, reason: expect.stringContaining('打卡类型') });
		expect(validateCheckin({ memberId: 'm1', day: '2026-11-28', kind: 'jiang' }, clock)).toEqual({
			ok: true
		});
	});

	it('accepts exactly the window [joined day, server day + 1]', () => {
		fc.assert(
			fc.property(fc.integer({ min: -60, max: 60 }), (offset) => {
				const day = addDays('2026-11-28', offset);
				const ok = day >= '2026-11-01' && day <= '2026-11-29';
				expect(validateCheckinDay(day, clock).ok).toBe(ok);
			})
		);
	});
});
