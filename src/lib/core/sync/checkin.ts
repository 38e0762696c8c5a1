/**
 * Check-ins (打卡) on the wire. A device sends them next to its records in the same
 * POST /api/sync batch and gets one answer per check-in, keyed by day and kind. The server keeps
 * check-ins as a set keyed by (member, day, kind), so a resend or a second device answers
 * `duplicate` and merging never depends on the order devices sync in. That set semantics is why
 * check-ins are a list of their own and not outbox records (docs/decisions.md).
 */
import * as v from 'valibot';
import { isDay } from '../calendar/study-day';
import { CHECKIN_KINDS } from '../checkin/streak';
import { deviceTime } from './bounds';

export const checkinUploadSchema = v.strictObject({
	/** The org's study day the device computed, 'YYYY-MM-DD'. */
	day: v.pipe(v.string(), v.maxLength(10), v.check(isDay, 'expected a day YYYY-MM-DD')),
	kind: v.picklist(CHECKIN_KINDS),
	/** Device time of the check-in; the server also stores its own receive time. */
	at: deviceTime,
	/** The lecture code given out at the session: required for 'jiang', absent otherwise. */
	code: v.optional(v.pipe(v.string(), v.maxLength(32)))
});

export type CheckinUpload = v.InferOutput<typeof checkinUploadSchema>;

/**
 * Validate one uploaded check-in's shape, as the server does (dates against the clock and
 * lecture codes are checked after this, on the server).
 *
 * @example parseCheckinUpload({ day: '2026-11-28', kind: 'yue', at: 1764300000000 }).success // → true
 */
export function parseCheckinUpload(input: unknown) {
	return v.safeParse(checkinUploadSchema, input);
}
