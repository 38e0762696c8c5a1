/**
 * Study days: 'YYYY-MM-DD' strings of the org's local calendar, where a day starts at the org's
 * start hour (04:00 by default) in the org's zone, never the device's. Internally a day becomes a
 * day number (days since 1970-01-01 of the proleptic Gregorian calendar), which is plain integer
 * arithmetic with no time zone in it at all.
 */
import { zonedParts } from './zone-parts';

export interface DayOptions {
	/** IANA zone of the org; the device's own zone never matters. Default Asia/Shanghai. */
	timeZone?: string;
	/** Local hour (0–23) at which a study day begins; earlier hours belong to the day before. */
	startHour?: number;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_START_HOUR = 4;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Civil-date conversions after Howard Hinnant's days_from_civil / civil_from_days: exact for every
// Gregorian date and much cheaper than Date objects, which matters for a three-year calendar.
function daysFromCivil(y: number, m: number, d: number): number {
	const yy = m <= 2 ? y - 1 : y;
	const era = Math.floor(yy / 400);
	const yoe = yy - era * 400;
	const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

function civilFromDays(n: number): [number, number, number] {
	const z = n + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor(
		(doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
	);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const m = mp < 10 ? mp + 3 : mp - 9;
	return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function pad2(n: number): string {
	return n < 10 ? `0${n}` : String(n);
}

/**
 * Whether a string is a real calendar day in 'YYYY-MM-DD' form (years 1000–9999), so a bad
 * upload is refused instead of being read as some other date.
 *
 * @example isDay('2026-02-29') // → false (2026 is not a leap year)
 */
export function isDay(day: string): boolean {
	const m = DAY_RE.exec(day);
	if (!m) return false;
	const y = Number(m[1]);
	const mo = Number(m[2]);
	const d = Number(m[3]);
	if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
	const [y2, m2, d2] = civilFromDays(daysFromCivil(y, mo, d));
	return y2 === y && m2 === mo && d2 === d;
}

/**
 * A day as a number of days since 1970-01-01, for arithmetic on days without any time zone.
 * Throws on a malformed day: callers validate input at their boundary with `isDay`.
 *
 * @example dayNumber('1970-01-02') // → 1
 */
export function dayNumber(day: string): number {
	const m = DAY_RE.exec(day);
	if (!m) throw new Error(`not a day (YYYY-MM-DD): ${day}`);
	return daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * The inverse of `dayNumber`.
 *
 * @example dayString(20420) // → '2025-11-28'
 */
export function dayString(n: number): string {
	const [y, m, d] = civilFromDays(n);
	return `${y}-${pad2(m)}-${pad2(d)}`;
}

/**
 * The day `delta` days after (or before, when negative) a day.
 *
 * @example addDays('2026-12-31', 1) // → '2027-01-01'
 */
export function addDays(day: string, delta: number): string {
	return dayString(dayNumber(day) + delta);
}

/**
 * Day of the week, 0 = Sunday … 6 = Saturday, of a calendar day (not of an instant).
 *
 * @example weekday('2026-11-28') // → 6 (星期六)
 */
export function weekday(day: string): number {
	// 1970-01-01 was a Thursday (4).
	return (((dayNumber(day) + 4) % 7) + 7) % 7;
}

/**
 * The study day an instant belongs to: the org's local calendar date, except that hours before
 * the start hour count for the day before (studying at 01:00 keeps last evening's day). The
 * device's own time zone plays no part; only `timeZone` does. Throws on an unknown zone or a
 * start hour outside 0–23 (configuration errors, not user input).
 *
 * @example studyDay(Date.parse('2026-11-28T17:30:00Z')) // → '2026-11-28' (01:30 on the 29th in Shanghai)
 */
export function studyDay(instant: number | Date, options: DayOptions = {}): string {
	const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
	const startHour = options.startHour ?? DEFAULT_START_HOUR;
	if (!Number.isInteger(startHour) || startHour < 0 || startHour > 23) {
		throw new Error(`start hour must be an integer 0–23, got ${startHour}`);
	}
	const { year, month, day, hour } = zonedParts(instant, timeZone);
	const n = daysFromCivil(year, month, day);
	return dayString(hour < startHour ? n - 1 : n);
}
