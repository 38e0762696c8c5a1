/**
 * One practice run (练习) on screen: which question is showing, what was answered, and the
 * feedback. Every answer goes to IndexedDB before the feedback appears, so what the player sees
 * as answered is always what is stored.
 */
import { SvelteMap } from 'svelte/reactivity';
import { nextUnansweredIndex, summarizeAttempt } from '$lib/core/attempt';
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
import { activeMember } from '$lib/client/profiles';
import { uploadService } from './upload-service.svelte';

export type SessionPhase = 'answering' | 'feedback' | 'finished';

export class PracticeSession {
	attempt = $state.raw<AttemptRow>() as AttemptRow;
	questions = $state.raw<QuestionRow[]>([]);
	readonly answers = new SvelteMap<string, AnswerRow>();
	index = $state(0);
	phase = $state<SessionPhase>('answering');
	/** Keys ticked so far on a multiple-choice question, before 「确认」. */
	selection = $state<string[]>([]);
	saving = $state(false);
	error = $state<string | null>(null);

	readonly current = $derived(this.questions[this.index]);
	readonly currentAnswer = $derived(this.current ? this.answers.get(this.current.id) : undefined);
	readonly summary = $derived(
		summarizeAttempt(this.attempt.questionIds, [...this.answers.values()])
	);
	readonly isLast = $derived(this.index >= this.questions.length - 1);

	#db: PocketDb;
	#shownAt = performance.now();

	private constructor(
		db: PocketDb,
		attempt: AttemptRow,
		questions: QuestionRow[],
		answers: AnswerRow[]
	) {
		this.#db = db;
		this.attempt = attempt;
		this.questions = questions;
		for (const a of answers) this.answers.set(a.questionId, a);
		const next = nextUnansweredIndex(attempt.questionIds, answers);
		this.index = next === -1 ? Math.max(0, questions.length - 1) : next;
		this.phase =
			attempt.status === 'finished' ? 'finished' : next === -1 ? 'feedback' : 'answering';
	}

	/** Start a new run over `count` questions drawn from the bank's active version. */
	static async begin(db: PocketDb, bankId: string, count: number): Promise<PracticeSession> {
		const seed = `${bankId}:${crypto.getRandomValues(new Uint32Array(1))[0]}`;
		const member = await activeMember(db);
		const attempt = await startAttemptOnActiveVersion(db, {
			memberId: member?.id ?? null,
			mode: 'practice',
			bankId,
			seed,
			pick: (pool) => selectQuestionIds(pool, count, seed)
		});
		const questions = await questionsOf(db, bankId, attempt.bankVersion, attempt.questionIds);
		return new PracticeSession(db, attempt, questions, []);
	}

	/** Pick up an unfinished run exactly where it stopped, on the version it started with. */
	static async resume(db: PocketDb, attempt: AttemptRow): Promise<PracticeSession> {
		const [questions, answers] = await Promise.all([
			questionsOf(db, attempt.bankId, attempt.bankVersion, attempt.questionIds),
			answersOf(db, attempt.id)
		]);
		return new PracticeSession(db, attempt, questions, answers);
	}

	toggle(key: string): void {
		if (this.phase !== 'answering') return;
		this.selection = this.selection.includes(key)
			? this.selection.filter((k) => k !== key)
			: [...this.selection, key].sort();
	}

	async answer(response: Response): Promise<void> {
		const question = this.current;
		if (!question || this.phase !== 'answering' || this.saving) return;
		this.saving = true;
		this.error = null;
		try {
			const stored = await recordAnswer(this.#db, this.attempt.id, {
				questionId: question.id,
				response,
				correct: isCorrect(question, response),
				elapsedMs: Math.round(performance.now() - this.#shownAt),
				answeredAt: Date.now()
			});
			this.answers.set(question.id, stored);
			this.phase = 'feedback';
		} catch (e) {
			console.error(e);
			this.error = '答案没能保存到本机，请再点一次';
		} finally {
			this.saving = false;
		}
	}

	/** 「下一题」, or the result screen after the last question. */
	async next(): Promise<void> {
		if (this.phase !== 'feedback' || this.saving) return;
		if (this.isLast) {
			await this.finish();
			return;
		}
		this.index += 1;
		this.selection = [];
		this.phase = 'answering';
		this.#shownAt = performance.now();
	}

	async finish(): Promise<void> {
		this.saving = true;
		try {
			this.attempt = await sealAttempt(this.#db, this.attempt.id);
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
}
