/**
 * An attempt (答题记录) is one play of a set of questions. The device writes each answer the moment
 * it is given; these rules say where a resumed attempt continues and what a finished one adds up to.
 */
import type { AttemptMode, ModeSettings } from './modes';
import type { Response } from './scoring';

// The modes are defined with their rules; re-exported for the modules that import them from here.
export { ATTEMPT_MODES, type AttemptMode } from './modes';

export interface AttemptAnswer {
	questionId: string;
	/** null: the timer ran out before an answer was given. */
	response: Response | null;
	correct: boolean;
	/**
	 * Time spent on this question, from performance.now(), so a wrong device clock can't skew it.
	 * Time while the timer was paused is not in it.
	 */
	elapsedMs: number;
	/** Times the question's timer was paused (a resume after a reload counts); absent is 0. */
	pauses?: number;
	/** Device wall-clock time in ms; kept as the device said, never trusted for durations. */
	answeredAt: number;
}

export interface Attempt {
	id: string;
	mode: AttemptMode;
	bankId: string;
	bankVersion: string;
	questionIds: string[];
	seed: string;
	/**
	 * Seeds the order options are shown in (core/play/shuffle.ts), one order per question. Its own
	 * seed, not `seed`: 云学 shares `seed` with the whole group to draw the same questions, but
	 * each member's options are shuffled apart. Absent on attempts from before shuffling, which
	 * keep the bank's order.
	 */
	optionSeed?: string;
	/** The timer and speed scoring chosen at the start; absent for untimed modes. */
	settings?: ModeSettings;
	/** 专项练习: the tag the questions were drawn from. */
	tag?: string;
	startedAt: number;
	/** `abandoned`: the player started over; its answers are kept but it is never uploaded. */
	status: 'active' | 'finished' | 'abandoned';
	finishedAt?: number;
}

export interface AttemptSummary {
	total: number;
	answered: number;
	correct: number;
	/** Sum of per-answer times: the time actually spent answering, pauses excluded. */
	answeringMs: number;
}

/**
 * Where an attempt continues: the first question in its order with no answer, or -1 when all
 * have one.
 *
 * @example nextUnansweredIndex(['a', 'b', 'c'], [{ questionId: 'a', ... }]) // → 1
 */
export function nextUnansweredIndex(
	questionIds: readonly string[],
	answers: readonly Pick<AttemptAnswer, 'questionId'>[]
): number {
	const done = new Set(answers.map((a) => a.questionId));
	return questionIds.findIndex((id) => !done.has(id));
}

/**
 * Totals of an attempt. Answers to questions outside the attempt are ignored, and a question
 * answered twice (two tabs) counts once, by its first answer.
 *
 * @example summarizeAttempt(['a', 'b'], [{ questionId: 'a', correct: true, elapsedMs: 900, ... }])
 * // → { total: 2, answered: 1, correct: 1, answeringMs: 900 }
 */
export function summarizeAttempt(
	questionIds: readonly string[],
	answers: readonly AttemptAnswer[]
): AttemptSummary {
	const first = firstAnswers(questionIds, answers);
	let correct = 0;
	let answeringMs = 0;
	for (const a of first.values()) {
		if (a.correct) correct++;
		answeringMs += a.elapsedMs;
	}
	return { total: questionIds.length, answered: first.size, correct, answeringMs };
}

/** The first answer per question of the attempt, in the attempt's question order. */
export function firstAnswers(
	questionIds: readonly string[],
	answers: readonly AttemptAnswer[]
): Map<string, AttemptAnswer> {
	const wanted = new Set(questionIds);
	const byQuestion = new Map<string, AttemptAnswer>();
	const sorted = [...answers].sort((x, y) => x.answeredAt - y.answeredAt);
	for (const a of sorted) {
		if (wanted.has(a.questionId) && !byQuestion.has(a.questionId)) byQuestion.set(a.questionId, a);
	}
	return new Map(
		questionIds.flatMap((id) => {
			const a = byQuestion.get(id);
			return a ? [[id, a] as const] : [];
		})
	);
}
