/**
 * The schema both ends validate an upload with: the server on receipt, tests on what the device
 * queues. Kept apart from sync-payload.ts so play screens do not load it.
 */
import * as v from 'valibot';
import { ATTEMPT_MODES } from '../play/attempt';
import type { CheckinUpload } from './checkin';
import { UUID_PATTERN } from '../ids';
import { isValidTimeLimit } from '../play/modes';
import { CHECKIN_KINDS } from '../checkin/streak';
import { isDay } from '../calendar/study-day';
import { SYNC_PROTOCOL_VERSION, type AttemptUpload } from './attempt';

const responseSchema = v.union([
	v.pipe(v.string(), v.maxLength(200)),
	v.boolean(),
	v.pipe(v.array(v.pipe(v.string(), v.maxLength(2))), v.maxLength(6))
]);

export const attemptUploadSchema = v.strictObject({
	protocol: v.literal(SYNC_PROTOCOL_VERSION),
	id: v.pipe(v.string(), v.regex(UUID_PATTERN, 'expected a UUID attempt id')),
	mode: v.picklist(ATTEMPT_MODES),
	bankId: v.pipe(v.string(), v.maxLength(64)),
	bankVersion: v.pipe(v.string(), v.regex(/^\d+\.\d+\.\d+$/)),
	settings: v.optional(
		v.strictObject({
			timeLimitMs: v.optional(
				v.pipe(
					v.number(),
					v.check(isValidTimeLimit, 'expected a time limit of 5 to 120 seconds in whole ms')
				)
			),
			speedScoring: v.optional(v.boolean())
		})
	),
	startedAt: v.pipe(v.number(), v.integer()),
	finishedAt: v.pipe(v.number(), v.integer()),
	answers: v.pipe(
		v.array(
			v.strictObject({
				questionId: v.pipe(v.string(), v.maxLength(64)),
				response: v.nullable(responseSchema),
				correct: v.boolean(),
				elapsedMs: v.pipe(v.number(), v.minValue(0)),
				pauses: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
				answeredAt: v.pipe(v.number(), v.integer())
			})
		),
		v.maxLength(500)
	)
}) satisfies v.GenericSchema<unknown, AttemptUpload>;

/**
 * Validate an upload payload, as the server will.
 *
 * @example parseAttemptUpload(JSON.parse(body)).success // → true for a well-formed upload
 */
export function parseAttemptUpload(input: unknown) {
	return v.safeParse(attemptUploadSchema, input);
}

export const checkinUploadSchema = v.strictObject({
	day: v.pipe(v.string(), v.maxLength(10), v.check(isDay, 'expected a day YYYY-MM-DD')),
	kind: v.picklist(CHECKIN_KINDS),
	at: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15)),
	code: v.optional(v.pipe(v.string(), v.maxLength(32)))
}) satisfies v.GenericSchema<unknown, CheckinUpload>;

/**
 * Validate one uploaded check-in's shape, as the server will (dates against the clock and
 * lecture codes are checked after this, on the server).
 *
 * @example parseCheckinUpload({ day: '2026-11-28', kind: 'yue', at: 1764300000000 }).success // → true
 */
export function parseCheckinUpload(input: unknown) {
	return v.safeParse(checkinUploadSchema, input);
}

/**
 * The reason given for an upload item of the wrong shape: what it is and where the first problem
 * sits, so the member (or whoever reads the log) sees which field.
 *
 * @example shapeReason('成绩', parseAttemptUpload({ id: 1 }).issues) // → '成绩格式不正确（id）'
 */
export function shapeReason(
	what: string,
	issues: readonly { path?: readonly { key: unknown }[] }[] | undefined
): string {
	const where = issues?.[0]?.path?.map((p) => String(p.key)).join('.') ?? '';
	return `${what}格式不正确${where ? `（${where}）` : ''}`;
}
