/**
 * What the device uploads for a finished attempt. The outbox row holds exactly this; the server
 * (score upload issue) validates it with the same schema and re-scores it against the bank
 * version it names, so `correct` here is the device's claim, not the truth.
 */
import * as v from 'valibot';
import { ATTEMPT_MODES, firstAnswers, type Attempt, type AttemptAnswer } from './attempt';
import { UUID_PATTERN } from './ids';

export const SYNC_PROTOCOL_VERSION = 1;

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
	startedAt: v.pipe(v.number(), v.integer()),
	finishedAt: v.pipe(v.number(), v.integer()),
	answers: v.pipe(
		v.array(
			v.strictObject({
				questionId: v.pipe(v.string(), v.maxLength(64)),
				response: responseSchema,
				correct: v.boolean(),
				elapsedMs: v.pipe(v.number(), v.minValue(0)),
				answeredAt: v.pipe(v.number(), v.integer())
			})
		),
		v.maxLength(500)
	)
});

export type AttemptUpload = v.InferOutput<typeof attemptUploadSchema>;

/**
 * The upload payload of a finished attempt: its first answer to each question, in order.
 *
 * @example buildAttemptUpload(attempt, answers) // → { protocol: 1, id, mode, bankId, ... }
 */
export function buildAttemptUpload(
	attempt: Attempt & { finishedAt: number },
	answers: readonly AttemptAnswer[]
): AttemptUpload {
	return {
		protocol: SYNC_PROTOCOL_VERSION,
		id: attempt.id,
		mode: attempt.mode,
		bankId: attempt.bankId,
		bankVersion: attempt.bankVersion,
		startedAt: Math.round(attempt.startedAt),
		finishedAt: Math.round(attempt.finishedAt),
		answers: [...firstAnswers(attempt.questionIds, answers).values()].map((a) => ({
			questionId: a.questionId,
			response: a.response,
			correct: a.correct,
			elapsedMs: Math.round(a.elapsedMs),
			answeredAt: Math.round(a.answeredAt)
		}))
	};
}

/** Validate an upload payload, as the server will. */
export function parseAttemptUpload(input: unknown) {
	return v.safeParse(attemptUploadSchema, input);
}
