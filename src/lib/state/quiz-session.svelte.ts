/**
 * One quiz run on screen, in any mode: which question is showing, what was answered, the
 * feedback, and the mode's timer. The mode's rules (core/modes.ts) decide when the run ends and
 * what an answer is worth, so every mode plays through this one session and one screen. Every
 * answer goes to IndexedDB before the feedback appears, so what the player sees as answered is
 * always what is stored.
 */
import type { AttemptMode } from '$lib/core/attempt';
import { nextUnansweredIndex, summarizeAttempt } from '$lib/core/attempt';
import {
	countsAsCorrect,
	DEFAULT_TIME_LIMIT_MS,
	isRunOver,
	modeRules,
	runLength,
	settingsOf,
	totalPoints,
	type ModeRules
} from '$lib/core/modes';
import { selectQuestionIds } from '$lib/core/random';
import { isCorrect, type Response } from '$lib/core/scoring';
import {
	answersOf,
	questionsOf,
	recordAnswer,
	sealAttempt,
	startAttemptOnActiveVersion
} from '$lib/client/attempt-store';
import type { AnswerRow, AttemptRow, PocketDb, QuestionRow } from '$lib/client/db';
import { taggedQuestionIds } from '$lib/client/mode-records';
import { dueQuestionIds, memberKeyOf } from '$lib/client/review-due';
import { recordReview } from '$lib/client/review-store';
import { activeMember } from '$lib/client/profiles';
import { uploadService } from './upload-service.svelte';

/** Answers by question id, later ones winning. Replaced whole on every answer, never mutated. */
function answerMap(rows: readonly AnswerRow[]): ReadonlyMap<string, AnswerRow> {
	return new Map(rows.map((a) => [a.questionId, a]));
}

export type SessionPhase = 'answering' | 'feedback' | 'finished';

export interface BeginOptions {
	/** Practice when absent. */
	mode?: AttemptMode;
	/** How many questions (practice, topic); modes with their own count ignore it. */
	count?: number;
	/** Per-question timers on (挑战答题, 限时赛) at the rules' default limit. */
	timers?: boolean;
	speedScoring?: boolean;
	/** 专项练习: draw only questions with this tag. */
	tag?: string;
	/** 错题重练: exactly these questions (the misses of a result). */
	only?: string[];
}

export class QuizSession {
	attempt = $state.raw<AttemptRow>() as AttemptRow;
	questions = $state.raw<QuestionRow[]>([]);
	/**
	 * Answers by question id. A plain Map replaced on each answer (a handful per run) rather than
	 * a SvelteMap, whose chunk would otherwise load with every practice page.
	 */
	answers = $state.raw(answerMap([]));
	index = $state(0);
	phase = $state<SessionPhase>('answering');
	/** Keys ticked so far on a multiple-choice question, before 「确认」. */
	selection = $state<string[]>([]);
	saving = $state(false);
	error = $state<string | null>(null);

	readonly rules: ModeRules = $derived(modeRules(this.attempt.mode, this.attempt.settings));
	readonly current = $derived(this.questions[this.index]);
	readonly currentAnswer = $derived(this.current ? this.answers.get(this.current.id) : undefined);
	readonly summary = $derived(
		summarizeAttempt(this.attempt.questionIds, [...this.answers.values()])
	);
	/** Answers in play order: what the mode's rules judge the run by. */
	readonly played = $derived(
		this.questions.flatMap((q) => {
			const a = this.answers.get(q.id);
			return a ? [a] : [];
		})
	);
	readonly over = $derived(isRunOver(this.rules, this.questions.length, this.played));
	readonly isLast = $derived(this.over || this.index >= this.questions.length - 1);
	readonly points = $derived(totalPoints(this.rules, this.played));
	/** 挑战答题: right answers before the first miss. */
	readonly run = $derived(runLength(this.rules, this.played));
	/** Changes with every question shown, so the screen restarts its timer bar. */
	shownKey = $state(0);

	#db: PocketDb;
	#shownAt = performance.now();
	#timer: ReturnType<typeof setTimeout> | undefined;

	private constructor(
		db: PocketDb,
		attempt: AttemptRow,
		questions: QuestionRow[],
		answers: AnswerRow[]
	) {
		this.#db = db;
		this.attempt = attempt;
		this.questions = questions;
		this.answers = answerMap(answers);
		const next = nextUnansweredIndex(attempt.questionIds, answers);
		const ended = next === -1 || isRunOver(this.rules, questions.length, this.played);
		// An ended run reopens on its last answered question (a challenge's miss), with feedback.
		const last = questions.findIndex((q) => q.id === this.played.at(-1)?.questionId);
		this.index = ended ? Math.max(0, last) : next;
		this.phase = attempt.status === 'finished' ? 'finished' : ended ? 'feedback' : 'answering';
		if (this.phase === 'answering') this.#show();
	}

	/** Start a new run drawn from the bank's active version under a mode's rules. */
	static async begin(db: PocketDb, bankId: string, given: BeginOptions): Promise<QuizSession> {
		const options = { ...given, mode: given.mode ?? 'practice' };
		const member = await activeMember(db);
		// 云学: the whole group plays the same questions today; other runs are random. (The day's
		// rules and the check-in code load only for the daily quiz.)
		const seed =
			options.mode === 'daily'
				? (await import('$lib/client/daily-menu')).dailySeedFor(member)
				: `${bankId}:${crypto.getRandomValues(new Uint32Array(1))[0]}`;
		const rules = modeRules(options.mode, {
			...(options.timers ? { timeLimitMs: DEFAULT_TIME_LIMIT_MS } : {}),
			speedScoring: options.speedScoring === true
		});
		const count = rules.drawCount ?? options.count ?? Number.MAX_SAFE_INTEGER;
		const settings = settingsOf(rules);
		// Review and topic runs draw only from these ids (a plain list: it is not reactive state).
		const allowed =
			options.only ??
			(options.mode === 'review'
				? await dueQuestionIds(db, memberKeyOf(member?.id), bankId, Date.now())
				: options.tag === undefined
					? null
					: [...(await taggedQuestionIds(db, bankId, options.tag))]);
		if (allowed?.length === 0) {
			throw new Error(
				options.mode === 'review'
					? '这个题库现在没有要复习的错题'
					: `题库中没有「${options.tag}」的题目`
			);
		}
		const attempt = await startAttemptOnActiveVersion(db, {
			memberId: member?.id ?? null,
			mode: options.mode,
			bankId,
			seed,
			...(Object.keys(settings).length ? { settings } : {}),
			...(options.tag !== undefined ? { tag: options.tag } : {}),
			pick: (pool) =>
				selectQuestionIds(allowed ? pool.filter((id) => allowed.includes(id)) : pool, count, seed)
		});
		const questions = await questionsOf(db, bankId, attempt.bankVersion, attempt.questionIds);
		return new QuizSession(db, attempt, questions, []);
	}

	/** Pick up an unfinished run exactly where it stopped, on the version it started with. */
	static async resume(db: PocketDb, attempt: AttemptRow): Promise<QuizSession> {
		const [questions, answers] = await Promise.all([
			questionsOf(db, attempt.bankId, attempt.bankVersion, attempt.questionIds),
			answersOf(db, attempt.id)
		]);
		return new QuizSession(db, attempt, questions, answers);
	}

	/** Stop the timer: the screen is going away. */
	dispose(): void {
		clearTimeout(this.#timer);
	}

	toggle(key: string): void {
		if (this.phase !== 'answering') return;
		this.selection = this.selection.includes(key)
			? this.selection.filter((k) => k !== key)
			: [...this.selection, key].sort();
	}

	/** Give an answer; null means the timer ran out. */
	async answer(response: Response | null): Promise<void> {
		const question = this.current;
		if (!question || this.phase !== 'answering' || this.saving) return;
		clearTimeout(this.#timer);
		this.saving = true;
		this.error = null;
		const limit = this.rules.timeLimitMs;
		const measured = Math.round(performance.now() - this.#shownAt);
		try {
			const rules = this.rules;
			const stored = await recordAnswer(
				this.#db,
				this.attempt.id,
				{
					questionId: question.id,
					response,
					correct: response !== null && isCorrect(question, response),
					// A timeout is recorded at the limit itself, which the rules score as too late.
					elapsedMs: response === null && limit !== null ? Math.max(limit, measured) : measured,
					answeredAt: Date.now()
				},
				// Every miss goes into the 错题本, in the same transaction as the answer.
				(row, attempt) => recordReview(this.#db, attempt, row, rules)
			);
			this.answers = answerMap([...this.answers.values(), stored]);
			this.phase = 'feedback';
		} catch (e) {
			console.error(e);
			this.error = '答案没能保存到本机，请再点一次';
		} finally {
			this.saving = false;
		}
	}

	/** Whether the answer on screen counts as right under the mode (correct and in time). */
	counts(answer: AnswerRow): boolean {
		return countsAsCorrect(this.rules, answer);
	}

	/** 「下一题」, or the result screen when the run is over. */
	async next(): Promise<void> {
		if (this.phase !== 'feedback' || this.saving) return;
		if (this.isLast) {
			await this.finish();
			return;
		}
		this.index += 1;
		this.selection = [];
		this.phase = 'answering';
		this.#show();
	}

	async finish(): Promise<void> {
		clearTimeout(this.#timer);
		this.saving = true;
		try {
			// The day's 云学 check-in commits with the result that earned it. Its code is loaded
			// before the transaction starts: awaiting an import inside one would end it.
			const checkins =
				this.attempt.mode === 'daily' ? await import('$lib/client/checkin-store') : null;
			const member = checkins ? await activeMember(this.#db) : undefined;
			this.attempt = await sealAttempt(this.#db, this.attempt.id, undefined, (sealed) =>
				checkins
					? checkins.putCheckin(this.#db, member, { kind: 'yun' }, sealed.finishedAt ?? Date.now())
					: Promise.resolve()
			);
			if (checkins) await checkins.ensureDayCard(this.#db, member);
			this.phase = 'finished';
			// A finished attempt is worth keeping: ask the browser not to evict our storage, and
			// try the upload right away (the outbox row is already committed).
			void navigator.storage?.persist?.();
			void uploadService.flush();
		} catch (e) {
			console.error(e);
			this.error = '成绩没能保存，请再试一次';
		} finally {
			this.saving = false;
		}
	}

	#show(): void {
		this.#shownAt = performance.now();
		this.shownKey += 1;
		clearTimeout(this.#timer);
		const limit = this.rules.timeLimitMs;
		if (limit === null) return;
		const questionId = this.current?.id;
		this.#timer = setTimeout(() => {
			if (this.phase === 'answering' && this.current?.id === questionId) void this.answer(null);
		}, limit);
	}
}
