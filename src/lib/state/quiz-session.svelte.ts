/**
 * One quiz run on screen, in any mode: which question is showing, what was answered, the
 * feedback, and the mode's timer. The mode's rules (core/modes.ts) decide when the run ends and
 * what an answer is worth, so every mode plays through this one session and one screen. Every
 * answer goes to IndexedDB before the feedback appears, so what the player sees as answered is
 * always what is stored.
 */
import type { AttemptMode } from '$lib/core/play/attempt';
import { nextUnansweredIndex, summarizeAttempt } from '$lib/core/play/attempt';
import {
	countsAsCorrect,
	DEFAULT_TIME_LIMIT_MS,
	isRunOver,
	modeRules,
	runLength,
	settingsOf,
	totalPoints,
	type ModeRules
} from '$lib/core/play/modes';
import { bandPool } from '$lib/core/play/grade-band';
import { scrambledOrder, selectQuestionIds } from '$lib/core/play/random';
import { questionOptionOrder } from '$lib/core/play/shuffle';
import { isCorrect, type Response } from '$lib/core/play/scoring';
import { readingFloorMs } from '$lib/core/play/reading';
import {
	answersOf,
	questionsOf,
	recordAnswer,
	sealAttempt,
	startAttemptOnActiveVersion
} from '$lib/client/attempt-store';
import type { AnswerRow, AttemptRow, MemberRow, PocketDb, QuestionRow } from '$lib/client/db';
import { taggedQuestionIds } from '$lib/client/mode-records';
import { dueQuestionIds } from '$lib/client/review-due';
import { recordReview } from '$lib/client/review-store';
import { activeMember, memberKeyOf } from '$lib/client/profiles';
import type { QuizScreen, ScreenAnswer, ScreenQuestion } from './quiz-screen';
import { playSettings } from './play-settings.svelte';
import { QuestionClock } from './question-clock';
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

export class QuizSession implements QuizScreen {
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
	/** The current question's option keys in the order shown (A, B, C… by position). */
	readonly optionOrder = $derived(this.current ? this.orderOf(this.current) : []);
	/** The device has every key here: feedback marks right and wrong and opens the 解析. */
	readonly keyed = $derived(this.current);

	/** 纠错 reports of a practice question name the bank version it was played on. */
	get reportable(): { bankId: string; version: string } {
		return { bankId: this.attempt.bankId, version: this.attempt.bankVersion };
	}
	readonly timerLimitMs = $derived(this.rules.timeLimitMs);
	readonly timerLabel = $derived(`本题限时 ${(this.rules.timeLimitMs ?? 0) / 1000} 秒`);
	readonly canPause = true;
	readonly finishLabel = '查看结果';
	readonly speedHint = $derived(this.rules.speedScoring && this.index === 0);
	readonly summary = $derived(
		summarizeAttempt(this.attempt.questionIds, [...this.answers.values()])
	);
	/** Answers in play order: what the mode's rules judge the run by. */
	readonly played = $derived(
		this.questions.flatMap((q) => {
			const a = this.answers.get(q.id);
			// Speed points start at the question's reading floor, as the server scores them.
			return a ? [{ ...a, fullSpeedMs: readingFloorMs(q) }] : [];
		})
	);
	readonly over = $derived(isRunOver(this.rules, this.questions.length, this.played));
	readonly isLast = $derived(this.over || this.index >= this.questions.length - 1);
	readonly points = $derived(totalPoints(this.rules, this.played));
	/** 挑战答题: right answers before the first miss. */
	readonly run = $derived(runLength(this.rules, this.played));
	readonly progressNote = $derived(
		(this.rules.mode === 'timed' ? ` · ${this.points} 分` : '') +
			(this.rules.stopOnWrong ? ` · 连续答对 ${this.run} 题` : '')
	);
	/** Changes with every question shown, so the screen restarts its timer bar. */
	shownKey = $state(0);
	/** The question timer is paused (Space or 「暂停」); a question reopened after a reload starts so. */
	paused = $state(false);
	/** Time left on the timer when it last started or paused: where the timer bar starts from. */
	remainingMs = $state(0);
	/** Changes whenever the timer starts or stops, so the screen redraws its bar. */
	timerKey = $state(0);

	#db: PocketDb;
	#clock = new QuestionClock(() => void this.#saveClock());
	#pauses = 0;

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
		const clock = attempt.clock?.questionId === this.current?.id ? attempt.clock : undefined;
		if (this.phase === 'answering') this.#show(clock);
	}

	/**
	 * Start a new run drawn from the bank's active version under a mode's rules. `known` is what
	 * the caller has already read (the practice entry reads the active member and the bank's
	 * active version for its screen), so the press waits for fewer reads on a cheap phone (issue
	 * #14): who plays is then not read again, and the version is read with the bank's row.
	 */
	static async begin(
		db: PocketDb,
		bankId: string,
		given: BeginOptions,
		known?: { member: MemberRow | undefined; activeVersion?: string }
	): Promise<QuizSession> {
		const options = { ...given, mode: given.mode ?? 'practice' };
		const member = known ? known.member : await activeMember(db);
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
		// 云学 for a class (pupils' mode or a class profile) with a grade band: that band's questions
		// when the bank has enough of them (core/play/grade-band.ts), else the whole bank. The band
		// the class was given on the server comes first, then the one chosen on this device.
		const band =
			options.mode === 'daily' && (playSettings.pupil || member?.groupKind === 'class')
				? (member?.gradeBand ?? playSettings.gradeBand)
				: null;
		const inBand = band ? await taggedQuestionIds(db, bankId, band) : null;
		const { attempt, questions } = await startAttemptOnActiveVersion(db, {
			memberId: member?.id ?? null,
			mode: options.mode,
			bankId,
			seed,
			...(known?.activeVersion !== undefined ? { expectedVersion: known.activeVersion } : {}),
			...(Object.keys(settings).length ? { settings } : {}),
			...(options.tag !== undefined ? { tag: options.tag } : {}),
			// A listed pair (one prints the other's answer) never shares a run; 错题重练 replays
			// exactly the misses it was given.
			pick: (pool, conflicts) =>
				selectQuestionIds(
					bandPool(allowed ? pool.filter((id) => allowed.includes(id)) : pool, inBand),
					count,
					seed,
					options.only ? [] : conflicts
				)
		});
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
		this.#clock.stopAlarm();
	}

	/**
	 * Space or 「暂停」/「继续」: stop or restart the question's timer. Paused time is not counted;
	 * the pause is recorded with the answer (speed points then use the lowest factor).
	 */
	togglePause(): void {
		const limit = this.rules.timeLimitMs;
		if (limit === null || this.phase !== 'answering' || this.saving) return;
		if (this.paused) {
			this.paused = false;
			this.#run(limit);
			return;
		}
		this.#clock.pause();
		this.#pauses += 1;
		this.paused = true;
		this.remainingMs = Math.max(0, limit - this.#clock.elapsed());
		this.timerKey += 1;
		void this.#saveClock();
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
		// Answers wait for the timer to run again; the options stay on screen meanwhile.
		if (this.paused) return;
		this.#clock.stopAlarm();
		this.saving = true;
		this.error = null;
		const limit = this.rules.timeLimitMs;
		const measured = Math.round(this.#clock.elapsed());
		const pauses = this.#pauses;
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
					...(pauses ? { pauses } : {}),
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

	/** A question's option keys in the order this attempt shows them (the result page too). */
	orderOf(question: QuestionRow): string[] {
		return questionOptionOrder(question, this.attempt.optionSeed);
	}

	/** Whether the answer on screen counts as right under the mode (correct and in time). */
	counts(answer: ScreenAnswer): boolean {
		return countsAsCorrect(this.rules, { ...answer, correct: answer.correct === true });
	}

	/** An order question starts scrambled, never already solved, the same after a reload. */
	startOrder(question: ScreenQuestion): string[] {
		const keyed = this.questions.find((q) => q.id === question.id);
		if (keyed?.type !== 'order') return [];
		return scrambledOrder(
			keyed.options.map((o) => o.key),
			keyed.answer,
			`${this.attempt.seed}:${keyed.id}`
		);
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
		this.#clock.stopAlarm();
		this.saving = true;
		try {
			// The day's 云学 check-in commits with the result that earned it. Its code is loaded
			// before the transaction starts: awaiting an import inside one would end it.
			const daily =
				this.attempt.mode === 'daily'
					? await Promise.all([
							import('$lib/client/checkin-store'),
							import('$lib/client/day-card-store')
						])
					: null;
			const member = daily ? await activeMember(this.#db) : undefined;
			this.attempt = await sealAttempt(this.#db, this.attempt.id, undefined, (sealed) =>
				daily
					? daily[0].putCheckin(this.#db, member, { kind: 'yun' }, sealed.finishedAt ?? Date.now())
					: Promise.resolve()
			);
			if (daily) await daily[1].ensureDayCard(this.#db, member);
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

	/**
	 * Put the current question on screen with a fresh timer, or, when it was left mid-timer (a
	 * reload, a killed tab), with the time it had left, paused until the player starts it again:
	 * they may not be looking at the screen yet. That resume counts as a pause.
	 */
	#show(resumed?: { spentMs: number; pauses: number }): void {
		this.shownKey += 1;
		const spentMs = resumed?.spentMs ?? 0;
		this.#clock.set(spentMs);
		this.#pauses = resumed?.pauses ?? 0;
		this.paused = false;
		const limit = this.rules.timeLimitMs;
		if (limit === null) {
			this.#clock.run();
			return;
		}
		if (resumed && spentMs < limit) {
			this.#pauses += 1;
			this.paused = true;
			this.remainingMs = limit - spentMs;
			this.timerKey += 1;
			void this.#saveClock();
			return;
		}
		this.#run(limit);
	}

	/** Start (or restart) the current question's timer with what it has left. */
	#run(limit: number): void {
		this.remainingMs = Math.max(0, limit - this.#clock.elapsed());
		this.timerKey += 1;
		const questionId = this.current?.id;
		this.#clock.run({
			afterMs: this.remainingMs,
			onAlarm: () => {
				if (this.phase === 'answering' && this.current?.id === questionId) void this.answer(null);
			}
		});
	}

	async #saveClock(): Promise<void> {
		const questionId = this.current?.id;
		if (!questionId || this.phase !== 'answering') return;
		const clock = {
			questionId,
			spentMs: Math.round(this.#clock.elapsed()),
			pauses: this.#pauses
		};
		try {
			await this.#db.attempts.update(this.attempt.id, { clock });
		} catch (e) {
			// Only the time left after a reload depends on it; the answer itself is stored apart.
			console.error(e);
		}
	}
}
