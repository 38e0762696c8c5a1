/**
 * Wall-clock date and time in a named time zone, both ways, for forms that ask for 「日期 + 时间」
 * in the org's zone (lecture sessions). The admin's own device zone plays no part, so a secretary
 * whose office PC is set to another zone still creates the session at the town's hour.
 */
import { isDay, weekday } from './study-day';
import { zonedParts as parts } from './zone-parts';

export interface WallTime {
	/** 'YYYY-MM-DD' */
	day: string;
	/** 'HH:MM', 24-hour */
	time: string;
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
	const p = parts(instant, timeZone);
	const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return wall - Math.floor(instant / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The wall-clock date and time (to the minute) of an instant in `timeZone`. Throws on an
 * unknown zone (a configuration error).
 *
 * @example wallTime(Date.parse('2026-11-28T17:30:00Z'), 'Asia/Shanghai') // → { day: '2026-11-29', time: '01:30' }
 */
export function wallTime(instant: number, timeZone: string): WallTime {
	const p = parts(instant, timeZone);
	return {
		day: `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}`,
		time: `${pad(p.hour)}:${pad(p.minute)}`
	};
}

/** 'HH:MM' with 00–23 and 00–59, as an <input type="time"> gives it (seconds are ignored). */
function parseTime(time: string): [number, number] | null {
	const m = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(time);
	if (!m) return null;
	const h = Number(m[1]);
	const min = Number(m[2]);
	return h <= 23 && min <= 59 ? [h, min] : null;
}

/**
 * The instant (ms since epoch) at which the wall clock in `timeZone` shows `day` `time`, or null
 * when the date or time is not valid. A time skipped by a daylight-saving jump resolves to the
 * hour after it, a repeated time to its first occurrence (China has no DST; an org might).
 *
 * @example instantOf('2026-11-29', '01:30', 'Asia/Shanghai') // → Date.parse('2026-11-28T17:30:00Z')
 */
export function instantOf(day: string, time: string, timeZone: string): number | null {
	const t = parseTime(time);
	if (!isDay(day) || !t) return null;
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	const asUtc = Date.UTC(y, m - 1, d, t[0], t[1]);
	// The offset at the guess, then at the first answer: two passes settle every real zone.
	const first = asUtc - offsetAt(asUtc, timeZone);
	const second = asUtc - offsetAt(first, timeZone);
	if (first === second) return first;
	// Near a transition the two offsets disagree: take the earlier reading that shows the time,
	// else (a skipped time) the later instant.
	const shows = (i: number) => {
		const w = wallTime(i, timeZone);
		return w.day === day && w.time === time.slice(0, 5);
	};
	const [a, b] = first < second ? [first, second] : [second, first];
	if (shows(a)) return a;
	if (shows(b)) return b;
	return Math.max(first, second);
}

const WEEKDAYS = '日一二三四五六';

/**
 * A day as people write it on a notice: 「11月29日 周日」.
 *
 * @example dayLabel('2026-11-29') // → '11月29日 周日'
 */
export function dayLabel(day: string): string {
	const [, m, d] = day.split('-').map(Number);
	return `${m}月${d}日 周${WEEKDAYS[weekday(day)] ?? ''}`;
}

/**
 * A session's window in `timeZone` as one short line: the day once when it starts and ends on
 * the same date, both days otherwise.
 *
 * @example windowLabel(start, end, 'Asia/Shanghai') // → '11月29日 周日 14:00–16:00'
 */
export function windowLabel(startsAt: number, endsAt: number, timeZone: string): string {
	const a = wallTime(startsAt, timeZone);
	const b = wallTime(endsAt, timeZone);
	return a.day === b.day
		? `${dayLabel(a.day)} ${a.time}–${b.time}`
		: `${dayLabel(a.day)} ${a.time} – ${dayLabel(b.day)} ${b.time}`;
}
