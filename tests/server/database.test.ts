import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../src/lib/server/database';

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
});
