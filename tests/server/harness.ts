/**
 * Runs a server test suite against every database we support: SQLite always, PostgreSQL when
 * TEST_DATABASE_URL points at a server (CI starts one). Each suite gets a fresh database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import {
	closeDatabase,
	openPostgresDatabase,
	openSqliteDatabase,
	type OpenedDatabase
} from '../../src/lib/server/database';

export const DATABASES = [
	'sqlite',
	...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])
] as const;

export function describeEachDatabase(name: string, suite: (get: () => OpenedDatabase) => void) {
	for (const kind of DATABASES) {
		describe(`${name} [${kind}]`, () => {
			let opened: OpenedDatabase | undefined;
			let cleanup: () => Promise<void> = async () => {};
			beforeAll(async () => {
				if (kind === 'sqlite') {
					const dir = mkdtempSync(join(tmpdir(), 'pocket-server-'));
					opened = await openSqliteDatabase(join(dir, 'test.sqlite'));
					cleanup = async () => {
						if (opened) await closeDatabase(opened.db);
						rmSync(dir, { recursive: true, force: true });
					};
				} else {
					const admin = new URL(process.env.TEST_DATABASE_URL ?? '');
					const dbName = `pocket_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
					const client = new pg.Client({ connectionString: admin.toString() });
					await client.connect();
					await client.query(`create database ${dbName}`);
					await client.end();
					const url = new URL(admin);
					url.pathname = `/${dbName}`;
					opened = await openPostgresDatabase(url.toString());
					cleanup = async () => {
						await opened?.db.destroy();
						const c = new pg.Client({ connectionString: admin.toString() });
						await c.connect();
						await c.query(`drop database if exists ${dbName}`);
						await c.end();
					};
				}
			});
			afterAll(() => cleanup());
			suite(() => {
				if (!opened) throw new Error('database not opened');
				return opened;
			});
		});
	}
}
