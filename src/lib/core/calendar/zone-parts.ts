/**
 * The calendar date and wall-clock time of an instant in a named time zone, read with Intl (the
 * zone database, not the device's zone; zones with daylight saving time work too). Shared by the
 * study-day rule (streak.ts) and the org-zone date forms (zoned-time.ts).
 */

export interface ZonedParts {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

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
	const p: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
	for (const part of formatterFor(timeZone).formatToParts(instant)) {
		if (part.type in p) p[part.type as keyof ZonedParts] = Number(part.value);
	}
	return p;
}
