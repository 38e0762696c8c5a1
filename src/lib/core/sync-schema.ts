/**
 * The schema both ends validate an upload with: the server on receipt, tests on what the device
 * queues. Kept apart from sync-payload.ts so play screens do not load it.
 */
import * as v from 'valibot';
import { ATTEMPT_MODES } from './attempt';
import { UUID_PATTERN } from './ids';
import { isValidTimeLimit } from './modes';
import { SYNC_PROTOCOL_VERSION, type AttemptUpload } from './sync-payload';

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
