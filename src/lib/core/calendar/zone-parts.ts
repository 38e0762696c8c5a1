/**
 * The calendar date and wall-clock time of an instant in a named time zone, read with Intl (the
 * zone database, not the device's zone; zones with daylight saving time work too). Shared by the
 * study-day rule (streak.ts) and the org-zone date forms (zoned-time.ts).
 *
 * Zones whose offset has stood still for decades are read with arithmetic instead: a phone's
 * first Intl.DateTimeFormat loads the ICU zone and locale data, 15–25 ms of a cold start (60–90
 * ms at Lighthouse's 4× CPU), and the org's zone is nearly always Asia/Shanghai.
 */

export interface ZonedParts {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/**
 * Zones with one offset since `since` (ms): China has kept UTC+8 without daylight saving time
 * since its last DST period ended in September 1991; instants before `since` go to Intl.
 */
const FIXED_OFFSETS: Readonly<Record<string, { offsetMinutes: number; since: number }>> = {
	'Asia/Shanghai': { offsetMinutes: 480, since: Date.UTC(1992, 0, 1) },
	UTC: { offsetMinutes: 0, since: -Infinity },
	'Etc/UTC': { offsetMinutes: 0, since: -Infinity }
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		// h23: no "24:00" for midnight in engines that print it with hour12: false.
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
			hourCycle: 'h23'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

/**
 * Throws a RangeError on an unknown zone (a configuration error, not user input).
 *
 * @example zonedParts(Date.parse('2026-11-28T17:30:00Z'), 'Asia/Shanghai') // → { year: 2026, month: 11, day: 29, hour: 1, minute: 30, second: 0 }
 */
export function zonedParts(instant: number | Date, timeZone: string): ZonedParts {
	const ms = typeof instant === 'number' ? instant : instant.getTime();
	const fixed = Object.hasOwn(FIXED_OFFSETS, timeZone) ? FIXED_OFFSETS[timeZone] : undefined;
	const wall = fixed && ms >= fixed.since ? new Date(ms + fixed.offsetMinutes * 60_000) : null;
	// An instant past the end of dates goes to Intl, which throws on it as before.
	if (wall && !Number.isNaN(wall.getTime())) {
		return {
			year: wall.getUTCFullYear(),
			month: wall.getUTCMonth() + 1,
			day: wall.getUTCDate(),
			hour: wall.getUTCHours(),
			minute: wall.getUTCMinutes(),
			second: wall.getUTCSeconds()
		};
	}
	return zonedPartsByIntl(ms, timeZone);
}

/** zonedParts read with Intl for every zone (exported for the test that checks the fast path). */
export function zonedPartsByIntl(instant: number | Date, timeZone: string): ZonedParts {
	const p: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
	for (const part of formatterFor(timeZone).formatToParts(instant)) {
		if (part.type in p) p[part.type as keyof ZonedParts] = Number(part.value);
	}
	return p;
}
