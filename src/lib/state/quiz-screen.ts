/**
 * What the one quiz screen (QuestionView) needs from a run, whatever plays it: a practice or
 * mode run (QuizSession, with keys: right/wrong and 解析 after each answer) or a competition try
 * (CompetitionSession: no keys on the device, the answer is only shown as saved). Types only.
 */
import type { Question, QuestionOption, QuestionType } from '$lib/core/bank/schema';
import type { Response } from '$lib/core/play/scoring';

/** A question as the screen shows it: a bank question, or a competition paper's (no key). */
export interface ScreenQuestion {
	id: string;
	type: QuestionType;
	stem: string;
	options?: readonly QuestionOption[];
	/** 注释: a gloss of a hard word, shown in pupils' mode (bank questions may carry one). */
	note?: string;
}

/** An answer as the screen shows it. `correct` only where the device has the key. */
export interface ScreenAnswer {
	response: Response | null;
	correct?: boolean;
	elapsedMs: number;
	pauses?: number;
}

export type ScreenPhase = 'answering' | 'feedback' | 'finished';

export interface QuizScreen {
	readonly current: ScreenQuestion | undefined;
	/** The current question with its key and 解析, or undefined where the device has no key. */
	readonly keyed: Question | undefined;
	/** The bank version a 纠错 report of the current question names; absent where none is taken. */
	readonly reportable?: { bankId: string; version: string };
	readonly currentAnswer: ScreenAnswer | undefined;
	/** The current question's option keys in the order shown (A, B, C… by position). */
	readonly optionOrder: readonly string[];
	readonly index: number;
	readonly questions: readonly unknown[];
	readonly summary: { answered: number };
	readonly phase: ScreenPhase;
	readonly selection: readonly string[];
	readonly saving: boolean;
	readonly error: string | null;
	readonly isLast: boolean;
	/** After the progress line: points, a challenge's run, a paper's time. */
	readonly progressNote: string;
	/** The timer bar's full length (a question's or the paper's limit), null without a timer. */
	readonly timerLimitMs: number | null;
	readonly timerLabel: string;
	readonly remainingMs: number;
	readonly timerKey: number;
	readonly paused: boolean;
	/** Whether Space / 「暂停」 may stop the timer (never in a competition). */
	readonly canPause: boolean;
	/** Speed points hint on the first question (限时赛 with speed scoring). */
	readonly speedHint: boolean;
	/** The label of the button after the last answer (查看结果, 交卷). */
	readonly finishLabel: string;
	/** An order question's starting arrangement (keys). */
	startOrder(question: ScreenQuestion): string[];
	/** Whether an answer counts as right under the run's rules (only asked where keyed). */
	counts(answer: ScreenAnswer): boolean;
	togglePause(): void;
	toggle(key: string): void;
	answer(response: Response | null): Promise<void>;
	next(): Promise<void>;
	dispose(): void;
}
