/**
 * What the device uploads for a finished attempt: its first answer to each question, in order.
 * The server re-scores it against the bank version it names, so the payload carries no verdicts:
 * which answers were right, and the points, are the server's to say.
 */
import * as v from 'valibot';
import { ATTEMPT_MODES } from '../play/attempt';
import { UUID_PATTERN } from '../ids';
import { isValidTimeLimit } from '../play/modes';
import { deviceTime, duration, MAX_ANSWER_MS } from './bounds';
import { SYNC_PROTOCOL_VERSION } from './protocol';

const responseSchema = v.union([
	v.pipe(v.string(), v.maxLength(200)),
	v.boolean(),
	v.pipe(v.array(v.pipe(v.string(), v.maxLength(2))), v.maxLength(6))
]);

const answerSchema = v.strictObject({
	questionId: v.pipe(v.string(), v.maxLength(64)),
	response: v.nullable(responseSchema),
	/**
	 * Sent by devices before December 2026, which judged their own answers; read and ignored
	 * (the server judges), so results still queued on such devices are not refused.
	 */
	correct: v.optional(v.boolean()),
	elapsedMs: duration(MAX_ANSWER_MS),
	/** Present only when the timer was paused: speed points then use the lowest factor. */
	pauses: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
	answeredAt: deviceTime
});

export const attemptUploadSchema = v.pipe(
	v.strictObject({
		protocol: v.literal(SYNC_PROTOCOL_VERSION),
		id: v.pipe(v.string(), v.regex(UUID_PATTERN, 'expected a UUID attempt id')),
		mode: v.picklist(ATTEMPT_MODES),
		bankId: v.pipe(v.string(), v.maxLength(64)),
		bankVersion: v.pipe(v.string(), v.regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}$/)),
		/** Timer and speed scoring, which the server needs to score timed answers as the device did. */
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
		startedAt: deviceTime,
		finishedAt: deviceTime,
		answers: v.pipe(v.array(answerSchema), v.maxLength(500))
	}),
	v.check((a) => a.finishedAt >= a.startedAt, 'expected finishedAt not before startedAt')
);

export type AttemptUpload = v.InferOutput<typeof attemptUploadSchema>;
export type AttemptUploadAnswer = AttemptUpload['answers'][number];

/**
 * Validate an attempt payload, as the server does.
 *
 * @example parseAttemptUpload(JSON.parse(body)).success // → true for a well-formed upload
 */
export function parseAttemptUpload(input: unknown) {
	return v.safeParse(attemptUploadSchema, input);
}
