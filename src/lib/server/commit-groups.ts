/**
 * Group commit for SQLite uploads. SQLite has one writer and Kysely one connection; each upload
 * committed on its own, and a commit (the WAL frames of every page the upload touched, the
 * WAL index) was the largest single cost of an upload under load (issue #14: a sixth of the
 * server's time). Uploads that arrive while a transaction is running wait for the connection
 * anyway; here they wait in a queue instead, and the next transaction runs all of them, each
 * in a savepoint of its own, with one commit.
 *
 * Nothing changes for a single upload: alone in the queue it gets a plain transaction. In a
 * group each upload still sees every row stored before it (the uploads run one after the other
 * on the one connection, as before), an upload that throws rolls back only its own savepoint
 * and gets its own error, and every answer waits for the commit of the rows it reports. If the
 * commit itself fails, every upload of the group gets that error and nothing of them is stored
 * (each device sends again; uploads are idempotent).
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';

/** The most uploads one transaction carries: a group never holds the connection for long. */
export const MAX_GROUP = 32;

interface Job<DB> {
	work: (trx: Transaction<DB>) => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

// Fixed text, compiled once (two of them run for every upload in a group).
const SAVEPOINT = CompiledQuery.raw('savepoint upload');
const RELEASE = CompiledQuery.raw('release upload');
const ROLLBACK_TO = CompiledQuery.raw('rollback to upload');

export class CommitGroups<DB> {
	#queue: Job<DB>[] = [];
	#running = false;
	/** Transactions run and uploads they carried (for tests and benchmarks). */
	readonly stats = { transactions: 0, uploads: 0 };

	constructor(readonly db: Kysely<DB>) {}

	/** Run `work` in a transaction, with whatever other work is waiting for one. */
	run<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
			if (this.#running) return;
			this.#running = true;
			// Not now, but once the event loop has read what else has arrived: better-sqlite3
			// answers within the same turn (no I/O between a transaction's statements), so
			// without the wait no other upload could ever join a group.
			setImmediate(() => void this.#drain());
		});
	}

	async #drain(): Promise<void> {
		try {
			while (this.#queue.length) await this.#runGroup(this.#queue.splice(0, MAX_GROUP));
		} finally {
			this.#running = false;
		}
	}

	async #runGroup(jobs: Job<DB>[]): Promise<void> {
		this.stats.transactions += 1;
		this.stats.uploads += jobs.length;
		const [only] = jobs;
		if (only && jobs.length === 1) {
			await this.db.transaction().execute(only.work).then(only.resolve, only.reject);
			return;
		}
		let outcomes: Outcome[];
		try {
			outcomes = await this.db.transaction().execute(async (trx) => {
				const done: Outcome[] = [];
				for (const job of jobs) {
					await trx.executeQuery(SAVEPOINT);
					try {
						const value = await job.work(trx);
						await trx.executeQuery(RELEASE);
						done.push({ ok: true, value });
					} catch (error) {
						// A failed rollback to the savepoint fails the whole transaction, below.
						await trx.executeQuery(ROLLBACK_TO);
						await trx.executeQuery(RELEASE);
						done.push({ ok: false, error });
					}
				}
				return done;
			});
		} catch (error) {
			for (const job of jobs) job.reject(error);
			return;
		}
		jobs.forEach((job, i) => {
			const outcome = outcomes[i];
			if (outcome?.ok) job.resolve(outcome.value);
			else job.reject(outcome?.error);
		});
	}
}
