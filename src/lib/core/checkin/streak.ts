/**
 * Daily study streaks (连续学习), 请假卡 (streak freezes), milestones and the year's calendar.
 * Pure: the clock, the org's time zone and the day's start hour are passed in, so the page, the
 * service worker and the server compute the same streak from the same check-ins.
 * Days are study days (calendar/study-day.ts).
 */
import { dayNumber, dayString, isDay, studyDay, type DayOptions } from '../calendar/study-day';

export const CHECKIN_KINDS = ['yun', 'yue', 'jiang'] as const;
/** 云学 (the daily quiz), 悦读 (reading), 讲坛 (a lecture). */
export type CheckinKind = (typeof CHECKIN_KINDS)[number];

export interface Checkin {
	memberId: string;
	/** The org's local study day, 'YYYY-MM-DD'. */
	day: string;
	kind: CheckinKind;
}

export const MILESTONES = [7, 30, 100, 365] as const;
/** One 请假卡 is earned for every this many consecutive studied days. */
export const FREEZE_EVERY = 7;
export const MAX_FREEZES = 2;

/**
 * Merge check-in sets from several devices (or the server): the union keyed by member, day and
 * kind, in one canonical order. So merging is idempotent (a set merged with itself is itself),
 * commutative and associative, and a device can merge whatever arrives in any order.
 *
 * @example mergeCheckins([a, b], [b, c]) // → [a, b, c] in canonical order
 */
export function mergeCheckins(...sets: readonly (readonly Checkin[])[]): Checkin[] {
	const byKey = new Map<string, Checkin>();
	for (const set of sets) {
		for (const c of set) {
			const key = checkinKey(c);
			if (!byKey.has(key)) byKey.set(key, { memberId: c.memberId, day: c.day, kind: c.kind });
		}
	}
	return [...byKey.keys()].sort().map((k) => byKey.get(k) as Checkin);
}

/**
 * The identity of a check-in: one member, one day, one kind. A second 云学 on the same day is the
 * same check-in. The separator cannot occur in a day or a kind, so keys never collide.
 *
 * @example checkinKey({ memberId: 'm1', day: '2026-11-28', kind: 'yun' }) // → 'm1\u00002026-11-28\u0000yun'
 */
export function checkinKey(c: Checkin): string {
	return `${c.memberId}\u0000${c.day}\u0000${c.kind}`;
}

/**
 * The days on which a member studied (a day counts with at least one check-in of any kind).
 *
 * @example studiedDays(checkins, 'm1') // → Set { '2026-11-27', '2026-11-28' }
 */
export function studiedDays(checkins: readonly Checkin[], memberId: string): Set<string> {
	const days = new Set<string>();
	for (const c of checkins) if (c.memberId === memberId) days.add(c.day);
	return days;
}

/**
 * One calendar day's state. `none`: before the member's first study day; `pending`: today, not
 * studied yet (it is not missed until it is over); `future`: after today.
 */
export type DayState = 'studied' | 'frozen' | 'missed' | 'pending' | 'future' | 'none';

export interface Streak {
	/** Studied days in the current unbroken run (frozen days bridge a run but do not add to it). */
	current: number;
	longest: number;
	/** 请假卡 held now, 0–2. */
	freezes: number;
	todayDone: boolean;
	/** First day of the current run, when there is one. */
	since?: string;
	/** Days a 请假卡 was used on, oldest first, over the whole history. */
	frozenDays: string[];
	/** The milestone reached with today's check-in, to celebrate it once. */
	milestoneToday?: number;
	/** The next milestone ahead of `current`, absent after 365. */
	nextMilestone?: number;
}

const STUDIED = 1;
const FROZEN = 2;
const MISSED = 3;

interface Walk {
	/** Day number of states[0], the first study day. */
	first: number;
	/** One state per day from `first` through yesterday, and today when it is studied. */
	states: Uint8Array;
	streak: Streak;
}

// One pass over the days from the first study day to today applies every rule in order, so the
// freezes held on any day depend only on the days before it, never on when the walk is run.
function walk(days: Iterable<string>, today: string): Walk {
	const t = dayNumber(today);
	const nums: number[] = [];
	for (const day of days) {
		const n = dayNumber(day);
		// Future days are not counted: the server refuses them, and a device clock can be wrong.
		if (n <= t) nums.push(n);
	}
	const empty: Streak = { current: 0, longest: 0, freezes: 0, todayDone: false, frozenDays: [] };
	if (nums.length === 0) {
		return {
			first: t,
			states: new Uint8Array(0),
			streak: { ...empty, nextMilestone: MILESTONES[0] }
		};
	}
	let first = nums[0] as number;
	for (const n of nums) if (n < first) first = n;
	const studied = new Uint8Array(t - first + 1);
	for (const n of nums) studied[n - first] = 1;
	const todayDone = studied[t - first] === 1;
	const span = todayDone ? t - first + 1 : t - first;
	const states = new Uint8Array(span);

	let current = 0;
	let longest = 0;
	let run = 0; // consecutive studied days, for earning freezes; a frozen day resets it
	let freezes = 0;
	let since = first;
	const frozenDays: string[] = [];
	for (let i = 0; i < span; i++) {
		if (studied[i]) {
			if (current === 0) since = first + i;
			current++;
			run++;
			if (run % FREEZE_EVERY === 0 && freezes < MAX_FREEZES) freezes++;
			if (current > longest) longest = current;
			states[i] = STUDIED;
		} else if (freezes > 0) {
			freezes--;
			run = 0;
			states[i] = FROZEN;
			frozenDays.push(dayString(first + i));
		} else {
			current = 0;
			run = 0;
			states[i] = MISSED;
		}
	}
	const milestoneToday =
		todayDone && (MILESTONES as readonly number[]).includes(current) ? current : undefined;
	const nextMilestone = MILESTONES.find((m) => m > current);
	const streak: Streak = { current, longest, freezes, todayDone, frozenDays };
	if (current > 0) streak.since = dayString(since);
	if (milestoneToday !== undefined) streak.milestoneToday = milestoneToday;
	if (nextMilestone !== undefined) streak.nextMilestone = nextMilestone;
	return { first, states, streak };
}

/**
 * A member's streak on `today` from the days they studied (any order, duplicates allowed; days
 * after today are ignored). Rules: a day counts with one check-in; every 7 consecutive studied
 * days earn a 请假卡 (at most 2 held); a missed day uses one automatically and the streak goes
 * on, otherwise the streak ends; today only counts once studied and is never missed before it
 * is over; milestones at 7, 30, 100 and 365 studied days.
 *
 * @example computeStreak(['2026-11-27', '2026-11-28'], '2026-11-28').current // → 2
 */
export function computeStreak(days: Iterable<string>, today: string): Streak {
	return walk(days, today).streak;
}

export interface CalendarDay {
	day: string;
	state: DayState;
}

/**
 * Every day of a year with its state, for the 打卡 heat map: studied, frozen (a 请假卡 was used),
 * missed, pending (today, not yet studied), future, or none (before the first study day). The
 * states before today are those `computeStreak` walked through, so the two always agree.
 *
 * @example streakCalendar(['2026-11-28'], '2026-11-28', 2026)[331] // → { day: '2026-11-28', state: 'studied' }
 */
export function streakCalendar(days: Iterable<string>, today: string, year: number): CalendarDay[] {
	const { first, states } = walk(days, today);
	const t = dayNumber(today);
	const start = dayNumber(`${year}-01-01`);
	const end = dayNumber(`${year + 1}-01-01`);
	const out: CalendarDay[] = new Array(end - start);
	for (let n = start; n < end; n++) {
		let state: DayState;
		if (n > t) state = 'future';
		else if (n < first) state = 'none';
		else {
			const s = states[n - first];
			state =
				s === STUDIED ? 'studied' : s === FROZEN ? 'frozen' : s === MISSED ? 'missed' : 'pending';
		}
		out[n - start] = { day: dayString(n), state };
	}
	return out;
}

export type CheckinCheck = { ok: true } | { ok: false; reason: string };

export interface CheckinClock extends DayOptions {
	/** The server's clock (ms since epoch) when the check-in arrives. */
	serverNow: number;
	/** When the member joined (ms since epoch). */
	joinedAt: number;
}

/**
 * Whether the server should accept a check-in's day, with a reason a person can read when not:
 * the day must be a real date, not before the study day the member joined on, and at most one
 * day after the server's own study day (a device just past midnight in another zone, or a clock
 * a little fast, is tolerated; a phone set to next week is not). Offline check-ins from long ago
 * are fine as long as the member already belonged to the group then.
 *
 * @example validateCheckinDay('2026-12-05', { serverNow: Date.parse('2026-11-28T04:00:00Z'), joinedAt: 0 }) // → { ok: false, reason: '打卡日期 2026-12-05 晚于服务器日期 2026-11-28 超过一天' }
 */
export function validateCheckinDay(day: string, clock: CheckinClock): CheckinCheck {
	if (!isDay(day)) return { ok: false, reason: `打卡日期格式不正确：${day}（应为 YYYY-MM-DD）` };
	const joined = studyDay(clock.joinedAt, clock);
	const serverDay = studyDay(clock.serverNow, clock);
	const n = dayNumber(day);
	if (n < dayNumber(joined)) {
		return { ok: false, reason: `打卡日期 ${day} 早于加入日期 ${joined}` };
	}
	if (n > dayNumber(serverDay) + 1) {
		return { ok: false, reason: `打卡日期 ${day} 晚于服务器日期 ${serverDay} 超过一天` };
	}
	return { ok: true };
}

/**
 * `validateCheckinDay` plus the kind and member, for a whole check-in from an upload.
 *
 * @example validateCheckin({ memberId: 'm1', day: '2026-11-28', kind: 'yun' }, clock) // → { ok: true }
 */
export function validateCheckin(c: Checkin, clock: CheckinClock): CheckinCheck {
	if (!(CHECKIN_KINDS as readonly string[]).includes(c.kind)) {
		return { ok: false, reason: `未知的打卡类型：${String(c.kind)}（应为 yun、yue 或 jiang）` };
	}
	if (typeof c.memberId !== 'string' || c.memberId.length === 0) {
		return { ok: false, reason: '缺少成员编号' };
	}
	return validateCheckinDay(c.day, clock);
}

/**
 * The milestone a streak length sits exactly on, if any.
 *
 * @example milestoneAt(30) // → 30; milestoneAt(31) // → undefined
 */
export function milestoneAt(streak: number): number | undefined {
	return (MILESTONES as readonly number[]).includes(streak) ? streak : undefined;
}
