/**
 * A group's study at a glance, for its admin: how many members studied today and this week, the
 * longest current streaks, and the group's collective streak. Collective progress over naming
 * the last: nothing here lists who did not study. Pure: today and the members are passed in.
 */
import { computeStreak } from '../checkin/streak';
import { addDays, dayNumber, weekday } from '../calendar/study-day';

/** A day counts for the group when at least this share of its members studied on it. */
export const DEFAULT_COLLECTIVE_SHARE = 0.5;
export const MIN_COLLECTIVE_SHARE = 0.1;
export const MAX_COLLECTIVE_SHARE = 1;
/** How many members' streaks the study view shows. */
export const STUDY_TOP_N = 10;

export interface GroupMember {
	memberId: string;
	displayName: string;
	/** The study day the member joined on: days before it do not count them as members. */
	joinDay: string;
}

export interface MemberStreakRow {
	memberId: string;
	displayName: string;
	current: number;
	todayDone: boolean;
}

export interface CollectiveStreak {
	/** Consecutive days, up to today, on which the group reached its share. */
	current: number;
	/** The share a day needs, 0.1–1. */
	share: number;
	/** Whether today has reached the share already (today never breaks the run before it is over). */
	todayReached: boolean;
	/** Members needed today to reach the share. */
	neededToday: number;
}

export interface GroupStudy {
	today: string;
	/** First day (Monday) of the current week. */
	weekStart: string;
	members: number;
	studiedToday: number;
	studiedThisWeek: number;
	/** Members with a current streak, longest first, at most `STUDY_TOP_N`. */
	topStreaks: MemberStreakRow[];
	collective: CollectiveStreak;
}

/**
 * The Monday of the week a day is in (weeks run Monday to Sunday in China).
 *
 * @example weekStartOf('2026-11-29') // → '2026-11-23' (a Sunday belongs to the week before)
 */
export function weekStartOf(day: string): string {
	return addDays(day, -((weekday(day) + 6) % 7));
}

/**
 * How many of `eligible` members a day needs to reach `share`: the smallest whole number at or
 * above share × eligible (so 50% of 5 members is 3), and at least 1 when anyone is eligible.
 *
 * @example membersNeeded(5, 0.5) // → 3
 */
export function membersNeeded(eligible: number, share: number): number {
	if (eligible <= 0) return 0;
	// Rounded first so that 0.7 × 10 is 7, not 7.000000000000001 → 8.
	return Math.max(1, Math.ceil(Math.round(share * eligible * 1e6) / 1e6));
}

/**
 * The collective streak: walking back from today, the number of consecutive days on which at
 * least `share` of the members who had joined by then studied. Today counts once reached; before
 * that the run is counted from yesterday, so the morning never shows a broken group streak.
 * Days with no members yet end the walk.
 *
 * @example collectiveStreak(members, days, '2026-11-28', 0.5).current // → 3
 */
export function collectiveStreak(
	members: readonly GroupMember[],
	daysByMember: ReadonlyMap<string, ReadonlySet<string>>,
	today: string,
	share = DEFAULT_COLLECTIVE_SHARE
): CollectiveStreak {
	const t = dayNumber(today);
	const joinNums = members.map((m) => dayNumber(m.joinDay)).sort((a, b) => a - b);
	const studiedOn = new Map<number, number>();
	for (const m of members) {
		const join = dayNumber(m.joinDay);
		for (const d of daysByMember.get(m.memberId) ?? []) {
			const n = dayNumber(d);
			if (n >= join && n <= t) studiedOn.set(n, (studiedOn.get(n) ?? 0) + 1);
		}
	}
	const eligibleOn = (n: number) => {
		let count = 0;
		for (const j of joinNums) if (j <= n) count++;
		return count;
	};
	const reached = (n: number) => {
		const eligible = eligibleOn(n);
		return eligible > 0 && (studiedOn.get(n) ?? 0) >= membersNeeded(eligible, share);
	};
	const todayReached = reached(t);
	let current = 0;
	const earliest = joinNums[0] ?? t;
	for (let n = todayReached ? t : t - 1; n >= earliest && reached(n); n--) current++;
	return { current, share, todayReached, neededToday: membersNeeded(eligibleOn(t), share) };
}

/**
 * The group's study view from its members and the days each studied (any order, duplicates
 * allowed): counts for today and this week (Monday on), the `STUDY_TOP_N` longest current
 * streaks (computed with the members' own streak rules, 请假卡 included), and the collective
 * streak at `share`.
 *
 * @example groupStudy(members, daysByMember, '2026-11-28').studiedToday // → 4
 */
export function groupStudy(
	members: readonly GroupMember[],
	daysByMember: ReadonlyMap<string, ReadonlySet<string>>,
	today: string,
	share = DEFAULT_COLLECTIVE_SHARE
): GroupStudy {
	const weekStart = weekStartOf(today);
	const from = dayNumber(weekStart);
	const t = dayNumber(today);
	let studiedToday = 0;
	let studiedThisWeek = 0;
	const rows: MemberStreakRow[] = [];
	for (const m of members) {
		const days = daysByMember.get(m.memberId);
		if (!days || days.size === 0) continue;
		let thisWeek = false;
		for (const d of days) {
			const n = dayNumber(d);
			if (n >= from && n <= t) thisWeek = true;
		}
		const streak = computeStreak(days, today);
		if (streak.todayDone) studiedToday++;
		if (thisWeek) studiedThisWeek++;
		if (streak.current > 0) {
			rows.push({
				memberId: m.memberId,
				displayName: m.displayName,
				current: streak.current,
				todayDone: streak.todayDone
			});
		}
	}
	rows.sort(
		(a, b) =>
			b.current - a.current ||
			a.displayName.localeCompare(b.displayName, 'zh-CN') ||
			a.memberId.localeCompare(b.memberId)
	);
	return {
		today,
		weekStart,
		members: members.length,
		studiedToday,
		studiedThisWeek,
		topStreaks: rows.slice(0, STUDY_TOP_N),
		collective: collectiveStreak(members, daysByMember, today, share)
	};
}
