/**
 * The server's database. The embedded default is a SQLite file under data/ (WAL, foreign keys
 * on); with DATABASE_URL set it is PostgreSQL, through the same Kysely queries and migrations.
 * Opened lazily: `vite build` imports server modules and must not create files.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import {
	Kysely,
	Migrator,
	PostgresDialect,
	SqliteDialect,
	type Generated,
	type MigrationProvider,
	type SqliteDatabase,
	type Transaction
} from 'kysely';
import pg from 'pg';
import { CommitGroups } from './commit-groups';
import { migrations } from './migrations';

export interface Database {
	app_meta: { key: string; value: string; updated_at: Generated<string> };
	org: {
		id: string;
		name: string;
		time_zone: string;
		start_hour: Generated<number>;
		created_at: number;
	};
	admin: {
		id: string;
		org_id: string;
		username: string;
		password_hash: string;
		scope: 'org' | 'group';
		created_at: number;
	};
	admin_session: { token_hash: string; admin_id: string; created_at: number; expires_at: number };
	admin_group: { admin_id: string; group_id: string };
	study_group: {
		id: string;
		org_id: string;
		kind: 'branch' | 'class';
		name: string;
		join_code: string;
		created_at: number;
		/** 低年级 or 高年级 for a class that chose one (migration 013), else null. */
		grade_band: '低年级' | '高年级' | null;
	};
	member: {
		id: string;
		group_id: string;
		display_name: string;
		on_roster: number;
		recovery_hash: string | null;
		created_at: number;
		/** When an admin removed the member (or merged them into another); null while a member. */
		removed_at: number | null;
		/** The member this one was merged into (same person), if any. */
		merged_into: string | null;
	};
	member_token: {
		token_hash: string;
		member_id: string;
		created_at: number;
		revoked_at: number | null;
		/** The last POST /api/sync with this token that carried all the device's check-ins. */
		last_sync_at: number | null;
	};
	attempt: {
		id: string;
		member_id: string;
		group_id: string;
		bank_id: string;
		bank_version: string;
		mode: string;
		competition_id: string | null;
		device_started_at: number;
		device_finished_at: number;
		received_at: number;
		correct: number;
		total: number;
		answering_ms: number;
		payload: string;
		/** Null for attempts stored before migration 004 until fillAttemptPoints scores them. */
		points: number | null;
		/** SHA-256 of the payload without its id (migration 007); null for older rows. */
		payload_hash: string | null;
		/** 0: stored but over the daily cap of what the boards count (migration 007). */
		ranked: Generated<number>;
	};
	competition: {
		id: string;
		org_id: string;
		title: string;
		bank_id: string;
		bank_version: string;
		opens_at: number;
		closes_at: number;
		grace_ms: number;
		tries: number;
		try_rule: 'best' | 'first';
		release: 'after-submit' | 'after-window';
		question_count: number;
		/** JSON: { paper, timeLimit, awards } (core/competition/types.ts). */
		rules: string;
		created_by: string;
		created_at: number;
		updated_at: number;
		published_at: number | null;
	};
	competition_group: { competition_id: string; group_id: string };
	competition_paper: { competition_id: string; member_id: string; served_at: number };
	competition_entry: {
		id: string;
		competition_id: string;
		member_id: string;
		group_id: string;
		device_started_at: number;
		device_finished_at: number;
		started_at: number;
		finished_at: number;
		received_at: number;
		score: number;
		total: number;
		answering_ms: number;
		too_fast: number;
		payload_hash: string;
		marks: string;
		try_no: number;
	};
	competition_answers: { entry_id: string; answers: string };
	lecture_session: {
		id: string;
		group_id: string;
		title: string;
		code: string;
		starts_at: number;
		ends_at: number;
		created_by: string;
		created_at: number;
	};
	login_throttle: {
		username: string;
		failures: number;
		next_at: number;
		locked_until: number;
		updated_at: number;
	};
	lecture_code_tries: { member_id: string; day: string; tries: number };
	stage_contest: {
		id: string;
		group_id: string;
		member_id: string;
		kind: string;
		title: string;
		/** JSON: each team's name, colour, score, rank, right, wrong, fouls, adjusted (server's fold). */
		teams: string;
		question_count: number;
		device_started_at: number;
		device_finished_at: number;
		received_at: number;
		payload: string;
	};
	question_report: {
		id: string;
		member_id: string;
		group_id: string;
		bank_id: string;
		bank_version: string;
		question_id: string;
		reason: string;
		note: string;
		device_at: number;
		received_at: number;
	};
	branch_bank: {
		id: string;
		group_id: string;
		title: string;
		audience: 'pupil' | 'member' | 'all';
		last_report: string | null;
		created_at: number;
		updated_at: number;
	};
	branch_bank_item: {
		bank_id: string;
		id: string;
		position: number;
		question: string;
		draft: string | null;
		updated_at: number;
	};
	branch_bank_version: {
		bank_id: string;
		version: string;
		bundle: string;
		sha256: string;
		bytes: number;
		question_count: number;
		notes: string;
		published_at: number;
		published_by: string;
	};
	checkin: {
		member_id: string;
		day: string;
		kind: string;
		group_id: string;
		lecture_id: string | null;
		device_at: number;
		received_at: number;
	};
}

export type Db = Kysely<Database>;

export const DEFAULT_DATABASE_PATH = 'data/pocket-classroom.sqlite';

export interface OpenedDatabase {
	db: Db;
	kind: 'sqlite' | 'postgres';
	location: string;
}

/** Open a SQLite database file and bring its schema up to date. */
export async function openSqliteDatabase(path: string): Promise<OpenedDatabase> {
	const location = path === ':memory:' ? path : resolve(path);
	if (location !== ':memory:') mkdirSync(dirname(location), { recursive: true });
	const sqlite = new SQLite(location);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// WAL makes NORMAL durable against process crashes; only a power cut can lose the last commit.
	sqlite.pragma('synchronous = NORMAL');
	// 64 MB of page cache (the default is 2 MB): the attempt indexes of a busy day stay in memory.
	sqlite.pragma('cache_size = -65536');
	// Several server processes on one file (SERVER_PROCESSES, scripts/serve.mjs): the primary
	// process checkpoints for all; the others keep only the fallback.
	const checkpointer =
		location === ':memory:'
			? null
			: process.env.SQLITE_CHECKPOINTER === 'elsewhere'
				? fallbackCheckpointsOnly(sqlite)
				: startCheckpointer(sqlite, location);
	const db = new Kysely<Database>({
		dialect: new SqliteDialect({
			database: withStatementCache(sqlite, 500, () => checkpointer?.stop())
		})
	});
	await migrate(db);
	commitGroups.set(db, new CommitGroups(db));
	if (checkpointer) checkpointerEnded.set(db, checkpointer.ended);
	return { db, kind: 'sqlite', location };
}

/** When the background checkpointer of each SQLite database opened here has closed its file. */
const checkpointerEnded = new WeakMap<Db, Promise<void>>();

/**
 * Close a database and wait until nothing in this process holds its files. Kysely's `destroy()`
 * closes the request connection only; SQLite's background checkpointer closes its own on its
 * thread a moment later, and a test that deleted the directory at once raced it (ENOTEMPTY in
 * CI). PostgreSQL and in-memory SQLite: just `destroy()`.
 */
export async function closeDatabase(db: Db): Promise<void> {
	await db.destroy();
	await checkpointerEnded.get(db);
}

/** The commit groups of each SQLite database (one connection each); none for PostgreSQL. */
const commitGroups = new WeakMap<Db, CommitGroups<Database>>();

/** The commit groups of a SQLite database opened here, if any (tests and benchmarks read stats). */
export function commitGroupsOf(db: Db): CommitGroups<Database> | undefined {
	return commitGroups.get(db);
}

/**
 * How many WAL pages may pile up before the request thread checkpoints them itself: only when
 * the background checkpointer cannot keep up (or could not start). About 80 MB of WAL.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;
/** How often the background checkpointer copies the WAL into the database file. */
export const CHECKPOINT_INTERVAL_MS = 250;
/**
 * From how many WAL pages on the request thread finishes a background checkpoint so that the
 * next commit starts the WAL over (see startCheckpointer). About 16 MB of WAL.
 */
export const WAL_RESTART_PAGES = 4_000;

// The checkpointer's code, run in a worker thread (CommonJS, given the driver's path).
const CHECKPOINTER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
	try {
		const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
		if (log >= workerData.restartPages && checkpointed === log) {
			parentPort.postMessage({ copiedPages: log });
		}
	} catch (e) {
		parentPort.postMessage(String(e));
	}
}, workerData.intervalMs);
parentPort.on('message', () => {
	clearInterval(timer);
	db.close();
	parentPort.close();
});
`;

/**
 * WAL checkpoints on a thread of their own. SQLite's automatic checkpoint runs inside the commit
 * that crosses 1,000 WAL pages, on the request thread: every ~125th upload waited 5–100 ms
 * (copying pages and two fsyncs) while every other request queued behind it, which was most of
 * the ingest p99 (issue #14). A PASSIVE checkpoint from a second connection copies what it can
 * without blocking writers; durability is unchanged (commits are in the WAL either way, and the
 * checkpoint fsyncs as before). If the worker cannot start, the request thread checkpoints as
 * SQLite always did.
 *
 * Under steady writes that is not enough: the WAL starts over only at a commit that finds every
 * page of it copied, and a background checkpoint never catches the commits made while it ran, so
 * the WAL grew until the request thread's fallback checkpoint at FALLBACK_AUTOCHECKPOINT_PAGES,
 * which waited 50–150 ms for the disk every second or two at full ingest load (traced: the
 * request thread in fsync, issue #14's twelfth round). So when a background checkpoint has copied
 * a WAL of WAL_RESTART_PAGES or more completely, it tells the request thread, which checkpoints
 * between two transactions: only the pages committed since are left to copy and sync, and the
 * next commit starts the WAL over.
 */
function startCheckpointer(
	sqlite: SQLite.Database,
	file: string
): { stop: () => void; ended: Promise<void> } {
	const driver = createRequire(import.meta.url).resolve('better-sqlite3');
	const worker = new Worker(CHECKPOINTER_SOURCE, {
		eval: true,
		workerData: {
			driver,
			file,
			intervalMs: CHECKPOINT_INTERVAL_MS,
			restartPages: WAL_RESTART_PAGES
		}
	});
	worker.unref();
	// The thread ends once stopped (its connection closed), or if it could not start.
	const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
	sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
	let stopped = false;
	// The worker says a checkpoint failed (a string) or that it copied a large WAL completely.
	worker.on('message', (message: string | { copiedPages: number }) => {
		if (typeof message === 'string') console.error(`background checkpoint failed: ${message}`);
		else finishCheckpoint(sqlite);
	});
	worker.on('error', (e) => {
		// Closed before the thread got going (a test's short-lived database): nothing is lost.
		if (stopped || !sqlite.open) return;
		console.error('background checkpointer stopped; checkpointing on commit', e);
		sqlite.pragma('wal_autocheckpoint = 1000');
	});
	return {
		stop() {
			stopped = true;
			worker.postMessage('stop');
		},
		ended
	};
}

/**
 * The request thread's share of a WAL restart (see startCheckpointer): a PASSIVE checkpoint, which
 * never waits for a lock, run in a task of its own (the worker's message) when no transaction is
 * open on the connection; one that awaits other I/O spans tasks, and then the next message does it.
 */
export function finishCheckpoint(sqlite: SQLite.Database): void {
	if (!sqlite.open || sqlite.inTransaction) return;
	try {
		sqlite.pragma('wal_checkpoint(PASSIVE)');
	} catch (e) {
		// An I/O error: the fallback checkpoint and the next background one still run.
		console.error('checkpoint on the request thread failed', e);
	}
}

/** No checkpointer here (another process runs it): the request thread's own fallback only. */
function fallbackCheckpointsOnly(sqlite: SQLite.Database): null {
	sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
	return null;
}

/**
 * better-sqlite3 as Kysely's SQLite dialect sees it, with each statement prepared once: Kysely
 * asks for a fresh prepare on every query, which was 7 % of an upload's CPU time (issue #14). The
 * cache is keyed by the SQL text (values are bound parameters, so the texts repeat) and keeps
 * the most recently used few hundred. Safe to share: Kysely runs one query at a time on the one
 * connection, and SQLite re-prepares a statement itself when a migration changes the schema.
 */
export function withStatementCache(
	sqlite: SQLite.Database,
	size = 500,
	onClose: () => void = () => {}
): SqliteDatabase {
	const statements = new Map<string, SQLite.Statement>();
	return {
		close: () => {
			onClose();
			sqlite.close();
		},
		prepare(text) {
			// Transactions take the write lock when they begin (IMMEDIATE), not at their first
			// write: with several server processes on one file, a transaction that read first and
			// then found another process writing could only fail (SQLITE_BUSY_SNAPSHOT), where one
			// that waits for the lock at BEGIN gets busy_timeout's wait. One process: the same.
			const sql = text === 'begin' ? 'begin immediate' : text;
			let statement = statements.get(sql);
			if (statement) {
				// Most recently used last, so the first key is the one to drop.
				statements.delete(sql);
			} else {
				statement = sqlite.prepare(sql);
				if (statements.size >= size) {
					const oldest = statements.keys().next().value;
					if (oldest !== undefined) statements.delete(oldest);
				}
			}
			statements.set(sql, statement);
			return statement;
		}
	};
}

/**
 * Run `work` in a transaction: the one already open when `db` is a transaction (POST /api/sync
 * stores a whole batch in one), else a new one. Kysely cannot nest transactions.
 */
export function inTransaction<T>(
	db: Db,
	work: (trx: Transaction<Database>) => Promise<T>
): Promise<T> {
	return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}

/**
 * inTransaction for uploads (POST /api/sync): on SQLite, uploads waiting for the one connection
 * share a transaction and its commit, each in a savepoint (commit-groups.ts); on PostgreSQL,
 * whose pool runs uploads side by side, and inside a transaction already open, as inTransaction.
 */
export function inUploadTransaction<T>(
	db: Db,
	work: (trx: Transaction<Database>) => Promise<T>
): Promise<T> {
	const groups = db.isTransaction ? undefined : commitGroups.get(db);
	return groups ? groups.run(work) : inTransaction(db, work);
}

// PostgreSQL returns bigint (int8) as a string by default; our bigints are epoch milliseconds,
// well inside Number's exact range.
pg.types.setTypeParser(20, (value) => Number(value));

/** Open a PostgreSQL database (several app servers can share one) and migrate it. */
export async function openPostgresDatabase(url: string): Promise<OpenedDatabase> {
	const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL ?? 10) });
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	await migrate(db);
	return { db, kind: 'postgres', location: new URL(url).host + new URL(url).pathname };
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Bring the schema up to date. Kysely's migrator takes a lock, so several servers starting at
 * once against one PostgreSQL migrate it once.
 */
export async function migrate(db: Db): Promise<void> {
	const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
	for (const r of results ?? []) {
		if (r.status === 'Error') console.error(`migration ${r.migrationName} failed`);
	}
	if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** Open from the environment: DATABASE_URL (PostgreSQL) or DATABASE_PATH / the default file. */
export function openFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<OpenedDatabase> {
	if (env.DATABASE_URL) return openPostgresDatabase(env.DATABASE_URL);
	return openSqliteDatabase(env.DATABASE_PATH ?? DEFAULT_DATABASE_PATH);
}

let opened: Promise<OpenedDatabase> | undefined;

/** The process's database, opened on first call. */
export function database(): Promise<OpenedDatabase> {
	opened ??= openFromEnv();
	return opened;
}
