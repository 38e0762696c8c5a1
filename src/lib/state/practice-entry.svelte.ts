/**
 * A bank's practice page: the bank as installed here (it may arrive while the page is open), a
 * run left unfinished on it, and the quiz run on screen. The quiz's own code (session, screen)
 * loads only when a run starts; the page passes in how to load its screen so both arrive together.
 */
import { appDb, appDbOpened } from '$lib/client/app-db';
import { nextTask } from '$lib/client/main-thread';
import { findUnfinishedAttempt } from '$lib/client/unfinished-attempt';
import { activeMember } from '$lib/client/profiles';
import { LiveQuery } from './live-query.svelte';
import type { BeginOptions, QuizSession } from './quiz-session.svelte';

export class PracticeEntry {
	readonly #bankId: () => string;
	readonly #loadScreen: () => Promise<unknown>;
	/** A run is being started or resumed: from the press until its session is on screen. */
	#starting = $state(false);
	/**
	 * Live: on a first visit the bank arrives while this page is open. Paused while a run starts
	 * or is on screen: each answer touches the attempt's row, which the unfinished-run lookup
	 * watches, and the entry screen, hidden behind the quiz, was read again after every answer;
	 * the new run's row alone set off three reads between the press and the first question.
	 */
	readonly #info = new LiveQuery(
		async () => {
			const db = appDb();
			const id = this.#bankId();
			// All in one round trip and one transaction (the bank's few installed versions are
			// small rows): asking for the active version only after the bank's row came back held
			// the 「10 题」 button a second round trip on a cold start, and each transaction has a
			// fixed cost on a cheap phone's main thread (issue #14).
			// Who plays comes along, so the press starts the run without another read.
			const [bank, unfinished, versions, member] = await db.transaction(
				'r',
				[db.banks, db.attempts, db.bankVersions, db.settings, db.members],
				() =>
					Promise.all([
						db.banks.get(id),
						findUnfinishedAttempt(db, id),
						db.bankVersions.where('bankId').equals(id).toArray(),
						activeMember(db)
					])
			);
			const version = bank && versions.find((v) => v.version === bank.activeVersion);
			return { bank, unfinished, questionCount: version?.questionCount ?? 0, member };
		},
		null,
		{ while: () => this.session === null && !this.#starting }
	);

	/** The run on screen; null on the entry screen. */
	session = $state<QuizSession | null>(null);
	error = $state<string | null>(null);

	readonly bank = $derived(this.#info.current?.bank ?? null);
	readonly unfinished = $derived(this.#info.current?.unfinished ?? null);
	readonly questionCount = $derived(this.#info.current?.questionCount ?? 0);
	/** Who a run started here is recorded for: the active profile (undefined before joining). */
	readonly member = $derived(this.#info.current?.member);
	readonly stage = $derived(
		!this.#info.loaded || !this.#info.current
			? 'loading'
			: this.bank || this.unfinished
				? 'ready'
				: 'missing'
	);
	/** A run is in play (not finished): app updates must wait (see appUpdate.holdWhile). */
	readonly quizOpen = $derived(this.session !== null && this.session.phase !== 'finished');

	constructor(bankId: () => string, loadScreen: () => Promise<unknown> = () => Promise.resolve()) {
		this.#bankId = bankId;
		this.#loadScreen = loadScreen;
	}

	/**
	 * Load the quiz's code ahead of the press when the app is installed: its service worker holds
	 * the code, so this costs no download (and no first-visit weight: a first visit has no
	 * controller yet), and 「10 题」 then waits only for the database (offline cold start, #14).
	 */
	warmUpWhenInstalled(): void {
		if (typeof navigator === 'undefined' || !navigator.serviceWorker?.controller) return;
		// After the database's open, in a task of its own: starting the imports adds a link to
		// the page for every file they need, work that lengthened the page's first render and,
		// while the open's answer waited for the main thread, held back the page's first reads.
		void appDbOpened()
			.then(nextTask)
			.then(() => this.#quiz())
			.catch(() => {
				// Not fatal: the press loads it again and shows the error there.
			});
	}

	/** Start a new run (dropping the unfinished one, which the screen offered to resume). */
	async begin(options: BeginOptions): Promise<void> {
		this.error = null;
		this.#starting = true;
		try {
			const QuizSession = await this.#quiz();
			const db = appDb();
			if (this.unfinished) {
				// The attempt store comes with the quiz's code (loaded just above), not with the page.
				const { abandonAttempt } = await import('$lib/client/attempt-store');
				await abandonAttempt(db, this.unfinished.id);
			}
			this.session = await QuizSession.begin(
				db,
				this.#bankId(),
				options,
				this.#info.current
					? { member: this.member, activeVersion: this.bank?.activeVersion }
					: undefined
			);
		} catch (e) {
			this.error = e instanceof Error ? e.message : '无法开始答题';
		} finally {
			this.#starting = false;
		}
	}

	/** Pick the unfinished run up where it stopped. */
	async resume(): Promise<void> {
		const unfinished = this.unfinished;
		if (!unfinished) return;
		let session: QuizSession;
		this.#starting = true;
		try {
			const QuizSession = await this.#quiz();
			session = await QuizSession.resume(appDb(), unfinished);
			this.session = session;
		} finally {
			this.#starting = false;
		}
		if (session.phase === 'feedback' && session.isLast) await session.finish();
	}

	/** Back to the entry screen. */
	restart(): void {
		this.session = null;
	}

	async #quiz() {
		const [{ QuizSession }] = await Promise.all([
			import('./quiz-session.svelte'),
			this.#loadScreen()
		]);
		return QuizSession;
	}
}
