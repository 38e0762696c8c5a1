import {
	closeSync,
	copyFileSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readSync,
	rmSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	closeDatabase,
	FALLBACK_AUTOCHECKPOINT_PAGES,
	finishCheckpoint,
	openSqliteDatabase
} from '../../src/lib/server/database';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('embedded SQLite database', () => {
	it('creates the file, its folder and the schema, in WAL mode with foreign keys on', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'pocket-db-'));
		dirs.push(dir);
		const { db, location } = await openSqliteDatabase(join(dir, 'nested', 'app.sqlite'));
		expect(location).toBe(join(dir, 'nested', 'app.sqlite'));
		const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
		expect(mode.rows[0]?.journal_mode).toBe('wal');
		const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
		expect(fk.rows[0]?.foreign_keys).toBe(1);
		await db.insertInto('app_meta').values({ key: 'k', value: 'v', updated_at: 'now' }).execute();
		await closeDatabase(db);

		// Opening again runs no migration twice and keeps the data.
		const again = await openSqliteDatabase(join(dir, 'nested', 'app.sqlite'));
		const rows = await again.db.selectFrom('app_meta').selectAll().execute();
		expect(rows.map((r) => r.key)).toEqual(['k']);
		await closeDatabase(again.db);
	});

	it('closeDatabase returns once no connection holds the files (the checkpointer too)', async () => {
		// Several at once, as test suites open them: each checkpointer's thread is then still
		// starting or stopping when the request connection closes, and held (or created) the WAL
		// and its index after Kysely's destroy(). Deleting the folder then failed (ENOTEMPTY, CI).
		const folders = Array.from({ length: 8 }, () => mkdtempSync(join(tmpdir(), 'pocket-db-')));
		dirs.push(...folders);
		const opened = await Promise.all(
			folders.map((dir) => openSqliteDatabase(join(dir, 'app.sqlite')))
		);
		await Promise.all(opened.map(({ db }) => closeDatabase(db)));
		// A connection that reads and closes is then the last one to the file, so SQLite removes
		// the WAL and its index as it closes: with another connection still open, both stay.
		for (const dir of folders) {
			const last = new SQLite(join(dir, 'app.sqlite'));
			last.prepare('select count(*) from app_meta').get();
			last.close();
		}
		expect(folders.map((dir) => readdirSync(dir))).toEqual(folders.map(() => ['app.sqlite']));
	});

	it('copies the WAL into the database file on a thread of its own, not in a commit', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'pocket-db-'));
		dirs.push(dir);
		const file = join(dir, 'app.sqlite');
		const { db } = await openSqliteDatabase(file);
		try {
			// The request thread's own checkpoint waits until the WAL is far larger than this.
			const auto = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
			expect(auto.rows[0]?.wal_autocheckpoint).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
			for (let i = 0; i < 20; i++) {
				await db
					.insertInto('app_meta')
					.values({ key: `k${i}`, value: 'v'.repeat(2000), updated_at: 'now' })
					.execute();
			}
			// The database file alone (without its WAL) holds the rows once a checkpoint ran: poll
			// a copy of it until it does.
			const inFile = () => {
				const copy = join(dir, `copy-${Math.random()}.sqlite`);
				copyFileSync(file, copy);
				try {
					const reader = new SQLite(copy, { readonly: true });
					try {
						return (reader.prepare('select count(*) as n from app_meta').get() as { n: number }).n;
					} finally {
						reader.close();
					}
				} catch {
					return -1; // copied halfway through a checkpoint's writes, or before the table
				}
			};
			let seen = inFile();
			for (let tries = 0; seen !== 20 && tries < 200; tries++) {
				await new Promise((r) => setTimeout(r, 50));
				seen = inFile();
			}
			expect(seen).toBe(20);
		} finally {
			await closeDatabase(db);
		}
	});

	it('finishCheckpoint copies what is left of the WAL so the next commit starts it over', () => {
		// The WAL starts over only at a commit that finds all of it copied into the database. A
		// background checkpoint copies what was committed when it began, and under steady uploads
		// another commit has always come since, so the WAL was never started over until the
		// request thread's fallback checkpoint at FALLBACK_AUTOCHECKPOINT_PAGES, a stall of 50–150
		// ms at full load. When the worker reports a large WAL copied, the request thread runs
		// finishCheckpoint between transactions (startCheckpointer); here on a bare connection.
		const dir = mkdtempSync(join(tmpdir(), 'pocket-db-'));
		dirs.push(dir);
		const file = join(dir, 'app.sqlite');
		const requests = new SQLite(file);
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		requests.pragma('journal_mode = WAL');
		requests.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
		// The checkpoint sequence number in the WAL's header (bytes 12–15): one more at each start over.
		const walSequence = () => {
			const header = Buffer.alloc(16);
			const fd = openSync(`${file}-wal`, 'r');
			try {
				readSync(fd, header, 0, 16, 0);
			} finally {
				closeSync(fd);
			}
			return header.readUInt32BE(12);
		};
		try {
			requests.exec('create table t (v text)');
			const insert = requests.prepare('insert into t (v) values (?)');
			const commit = () => insert.run('v'.repeat(3000));
			for (let i = 0; i < 50; i++) commit();
			const first = walSequence();
			commit();
			expect(walSequence()).toBe(first);

			// Inside a transaction it leaves the WAL alone (SQLite would refuse: no error logged).
			requests.transaction(() => {
				commit();
				finishCheckpoint(requests);
			})();
			commit();
			expect(walSequence()).toBe(first);
			expect(logged).not.toHaveBeenCalled();

			// Between transactions it copies the rest, and the next commit starts the WAL over.
			finishCheckpoint(requests);
			commit();
			expect(walSequence()).toBe(first + 1);
			expect(logged).not.toHaveBeenCalled();
			expect(requests.prepare('select count(*) as n from t').get()).toEqual({ n: 54 });
		} finally {
			logged.mockRestore();
			requests.close();
		}
	});
});
