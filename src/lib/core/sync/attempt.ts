/**
 * What the device uploads for a finished attempt. The outbox row holds exactly this; the server
 * (score upload issue) validates it with the same schema and re-scores it against the bank
 * version it names, so `correct` here is the device's claim, not the truth. The valibot schema that checks it
 * lives in sync-schema.ts, so the player's bundle does not carry a validator it never runs.
 */
import { firstAnswers, type Attempt, type AttemptAnswer, type AttemptMode } from '../play/attempt';
import type { ModeSettings } from '../play/modes';
import type { Response } from '../play/scoring';

export const SYNC_PROTOCOL_VERSION = 1;

export interface AttemptUpload {
	protocol: typeof SYNC_PROTOCOL_VERSION;
	id: string;
	mode: AttemptMode;
	bankId: string;
	bankVersion: string;
	/** Timer and speed scoring, which the server needs to score timed answers as the device did. */
	settings?: ModeSettings;
	startedAt: number;
	finishedAt: number;
	answers: {
		questionId: string;
		response: Response | null;
		correct: boolean;
		elapsedMs: number;
		/** Present only when the timer was paused: speed points then use the lowest factor. */
		pauses?: number;
		answeredAt: number;
	}[];
}

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
		...(attempt.settings && Object.keys(attempt.settings).length
			? { settings: attempt.settings }
			: {}),
		startedAt: Math.round(attempt.startedAt),
		finishedAt: Math.round(attempt.finishedAt),
		answers: [...firstAnswers(attempt.questionIds, answers).values()].map((a) => ({
			questionId: a.questionId,
			response: a.response,
			correct: a.correct,
			elapsedMs: Math.round(a.elapsedMs),
			...(a.pauses ? { pauses: a.pauses } : {}),
			answeredAt: Math.round(a.answeredAt)
		}))
	};
}
