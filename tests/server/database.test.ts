import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { FALLBACK_AUTOCHECKPOINT_PAGES, openSqliteDatabase } from '../../src/lib/server/database';

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
		await db.destroy();

		// Opening again runs no migration twice and keeps the data.
		const again = await openSqliteDatabase(join(dir, 'nested', 'app.sqlite'));
		const rows = await again.db.selectFrom('app_meta').selectAll().execute();
		expect(rows.map((r) => r.key)).toEqual(['k']);
		await again.db.destroy();
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
			await db.destroy();
		}
	});
});
