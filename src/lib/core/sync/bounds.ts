/**
 * Bounds for every number a device sends. A device's clock and its code cannot be trusted, so a
 * value outside these is refused with the item (never the batch): no NaN, Infinity or negative
 * time reaches a score, a board, a database column (PostgreSQL's bigint overflows past 9.2e18) or
 * an Excel cell.
 */
import * as v from 'valibot';

/** Device wall-clock times: from 2020-01-01 to 2100-01-01 (ms since epoch). */
export const EARLIEST_DEVICE_TIME = Date.UTC(2020, 0, 1);
export const LATEST_DEVICE_TIME = Date.UTC(2100, 0, 1);
/**
 * Time on one question: at most a week. A question can stay open across a night and a reload
 * (the timer stops while the tab is closed), but not longer than that in any honest play.
 */
export const MAX_ANSWER_MS = 7 * 24 * 60 * 60 * 1000;

/** A device wall-clock time in whole ms inside the accepted range. */
export const deviceTime = v.pipe(
	v.number(),
	v.finite('expected a finite time'),
	v.integer('expected whole milliseconds'),
	v.minValue(EARLIEST_DEVICE_TIME, 'expected a time after 2020-01-01'),
	v.maxValue(LATEST_DEVICE_TIME, 'expected a time before 2100-01-01')
);

/** A duration in ms from 0 up to `max`. */
export function duration(max: number) {
	return v.pipe(
		v.number(),
		v.finite('expected a finite duration'),
		v.minValue(0, 'expected a duration of 0 or more'),
		v.maxValue(max, `expected at most ${max} ms`)
	);
}
