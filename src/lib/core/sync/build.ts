/**
 * Building what the device uploads, from what it stored. Imports only types from the schemas, so
 * the player's bundle carries no validator.
 */
import { firstAnswers, type Attempt, type AttemptAnswer } from '../play/attempt';
import type { AttemptUpload } from './attempt';
import type { CheckinUpload } from './checkin';
import { SYNC_PROTOCOL_VERSION } from './protocol';

/**
 * The upload payload of a finished attempt: its first answer to each question, in order, with
 * device times in whole ms. No verdicts: the server judges the answers.
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
			elapsedMs: Math.round(a.elapsedMs),
			...(a.pauses ? { pauses: a.pauses } : {}),
			answeredAt: Math.round(a.answeredAt)
		}))
	};
}

/**
 * The key a check-in's answer comes back under: its day and kind, which is also its identity
 * on the server (for one member).
 *
 * @example checkinUploadKey({ day: '2026-11-28', kind: 'yun' }) // → '2026-11-28/yun'
 */
export function checkinUploadKey(c: Pick<CheckinUpload, 'day' | 'kind'>): string {
	return `${c.day}/${c.kind}`;
}
