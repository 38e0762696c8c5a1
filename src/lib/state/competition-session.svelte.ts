/**
 * One competition try on the quiz screen. Like a practice run, every answer is in IndexedDB
 * before the screen moves on, and a reload resumes at the next unanswered question; unlike one,
 * the device has no key: after an answer the screen only says it is saved, and handing in (交卷)
 * queues the submission for the server to score. Timers run per question or for the whole paper
 * as the competition says, and cannot be paused (it is a contest).
 */
import { nextUnansweredIndex } from '$lib/core/play/attempt';
import type { Response } from '$lib/core/play/scoring';
import {
	answersOfRun,
	recordCompetitionAnswer,
	runsOf,
	sealRun,
	startRun
} from '$lib/client/competition-store';
import type { CompetitionAnswerRow, CompetitionRunRow, PaperRow, PocketDb } from '$lib/client/db';
import { QuestionClock } from './question-clock';
import type { QuizScreen, ScreenPhase, ScreenQuestion } from './quiz-screen';
import { uploadService } from './upload-service.svelte';

function answerMap(
	rows: readonly CompetitionAnswerRow[]
): ReadonlyMap<string, CompetitionAnswerRow> {
	return new Map(rows.map((a) => [a.questionId, a]));
}

export class CompetitionSession implements QuizScreen {
	run = $state.raw<CompetitionRunRow>() as CompetitionRunRow;
	readonly paper: PaperRow;
	readonly questions: readonly ScreenQuestion[];
	answers = $state.raw(answerMap([]));
	index = $state(0);
	phase = $state<ScreenPhase>('answering');
	selection = $state<string[]>([]);
	saving = $state(false);
	error = $state<string | null>(null);
	remainingMs = $state(0);
	timerKey = $state(0);
	/** Why the try ended by itself (the paper's time ran out), shown on the 已交卷 screen. */
	endedBy = $state<string | null>(null);

	readonly keyed = undefined;
	readonly paused = false;
	readonly canPause = false;
	readonly speedHint = false;
	readonly finishLabel = '交卷';
	readonly progressNote = '';

	readonly current = $derived(this.questionAt(this.index));
	readonly currentAnswer = $derived(this.current ? this.answers.get(this.current.id) : undefined);
	/** Options come from the server already in this member's order, with the bank's keys. */
	readonly optionOrder = $derived((this.current?.options ?? []).map((o) => o.key));
	readonly summary = $derived({ answered: this.answers.size });

	get isLast(): boolean {
		return this.index >= this.questions.length - 1;
	}

	get timerLimitMs(): number | null {
		return this.paper.timeLimit?.ms ?? null;
	}

	get timerLabel(): string {
		const limit = this.paper.timeLimit;
		return limit?.per === 'paper'
			? `全卷限时 ${Math.round(limit.ms / 60000)} 分钟，还剩约 ${Math.ceil(this.remainingMs / 60000)} 分钟`
			: `本题限时 ${(limit?.ms ?? 0) / 1000} 秒`;
	}

	#db: PocketDb;
	#clock = new QuestionClock(() => void this.#saveClock());

	private constructor(
		db: PocketDb,
		paper: PaperRow,
		run: CompetitionRunRow,
		answers: CompetitionAnswerRow[]
	) {
		this.#db = db;
		this.paper = paper;
		this.run = run;
		this.questions = run.questionIds.flatMap((id) => paper.questions.filter((q) => q.id === id));
		this.answers = answerMap(answers);
		const next = nextUnansweredIndex(run.questionIds, answers);
		this.index = next === -1 ? Math.max(0, this.questions.length - 1) : next;
		this.phase = run.status === 'finished' ? 'finished' : next === -1 ? 'feedback' : 'answering';
		if (this.phase === 'answering') {
			const clock = run.clock?.questionId === this.current?.id ? run.clock : undefined;
			this.#show(clock?.spentMs ?? 0);
		}
	}

	/**
	 * Open the member's try at a downloaded paper: the one under way, or a new one (refused with
	 * a reason outside the window or with no tries left).
	 */
	static async open(db: PocketDb, memberId: string, paper: PaperRow): Promise<CompetitionSession> {
		const run = await startRun(db, memberId, paper);
		return new CompetitionSession(db, paper, run, await answersOfRun(db, run.id));
	}

	/** The member's try under way at this paper, if any (what 「继续答题」 offers). */
	static async active(db: PocketDb, memberId: string, competitionId: string) {
		return (await runsOf(db, memberId, competitionId)).find((r) => r.status === 'active');
	}

	questionAt(index: number): ScreenQuestion | undefined {
		return this.questions[index];
	}

	startOrder(question: ScreenQuestion): string[] {
		return (question.options ?? []).map((o) => o.key);
	}

	/** Never asked: nothing is judged on the device. */
	counts(): boolean {
		return false;
	}

	togglePause(): void {
		// A contest's timer does not stop.
	}

	toggle(key: string): void {
		if (this.phase !== 'answering') return;
		this.selection = this.selection.includes(key)
			? this.selection.filter((k) => k !== key)
			: [...this.selection, key].sort();
	}

	dispose(): void {
		this.#clock.stopAlarm();
	}

	/** Give an answer (canonical keys); null means the question's timer ran out. */
	async answer(response: Response | null): Promise<void> {
		const question = this.current;
		if (!question || this.phase !== 'answering' || this.saving) return;
		this.#clock.stopAlarm();
		this.saving = true;
		this.error = null;
		const measured = Math.round(this.#clock.elapsed());
		const limit = this.paper.timeLimit;
		try {
			const stored = await recordCompetitionAnswer(this.#db, this.run.id, {
				questionId: question.id,
				response,
				elapsedMs:
					response === null && limit?.per === 'question' ? Math.max(limit.ms, measured) : measured,
				answeredAt: Date.now()
			});
			this.answers = answerMap([...this.answers.values(), stored]);
			this.phase = 'feedback';
		} catch (e) {
			console.error(e);
			this.error = '答案没能保存到本机，请再点一次';
		} finally {
			this.saving = false;
		}
	}

	async next(): Promise<void> {
		if (this.phase !== 'feedback' || this.saving) return;
		if (this.isLast) {
			await this.finish();
			return;
		}
		this.index += 1;
		this.selection = [];
		this.phase = 'answering';
		this.#show(0);
	}

	/** 交卷: seal the try and queue its submission; upload at once when online. */
	async finish(): Promise<void> {
		this.#clock.stopAlarm();
		this.saving = true;
		try {
			this.run = await sealRun(this.#db, this.run.id, this.paper.title);
			this.phase = 'finished';
			void navigator.storage?.persist?.();
			void uploadService.flush();
		} catch (e) {
			console.error(e);
			this.error = '答卷没能保存，请再点一次「交卷」';
		} finally {
			this.saving = false;
		}
	}

	/** Time the paper has used: every stored answer's time (what the server adds up too). */
	#paperUsedMs(): number {
		let sum = 0;
		for (const a of this.answers.values()) sum += a.elapsedMs;
		return sum;
	}

	#show(spentMs: number): void {
		this.#clock.set(spentMs);
		const limit = this.paper.timeLimit;
		if (!limit) {
			this.#clock.run();
			return;
		}
		const left =
			limit.per === 'question' ? limit.ms - spentMs : limit.ms - this.#paperUsedMs() - spentMs;
		this.remainingMs = Math.max(0, left);
		this.timerKey += 1;
		const questionId = this.current?.id;
		this.#clock.run({
			afterMs: this.remainingMs,
			onAlarm: () => {
				if (this.phase !== 'answering' || this.current?.id !== questionId) return;
				if (limit.per === 'question') void this.answer(null);
				else {
					// The paper's time is up: hand in what is answered; this question stays unanswered.
					this.endedBy = '全卷时间已到，已自动交卷';
					void this.finish();
				}
			}
		});
	}

	async #saveClock(): Promise<void> {
		const questionId = this.current?.id;
		if (!questionId || this.phase !== 'answering') return;
		try {
			await this.#db.competitionRuns.update(this.run.id, {
				clock: { questionId, spentMs: Math.round(this.#clock.elapsed()) }
			});
		} catch (e) {
			console.error(e);
		}
	}
}
