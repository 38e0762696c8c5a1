/**
 * The server's database. The embedded default is a SQLite file under data/ (WAL, foreign keys
 * on), created and migrated on first use. Opened lazily: `vite build` imports server modules and
 * must not create files.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { migrations } from './migrations';

export interface AppMetaTable {
	key: string;
	value: string;
	updated_at: string;
}

export interface Database {
	app_meta: AppMetaTable;
}

export const DEFAULT_DATABASE_PATH = 'data/pocket-classroom.sqlite';

export interface OpenedDatabase {
	db: Kysely<Database>;
	kind: 'sqlite';
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
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	await migrate(db);
	return { db, kind: 'sqlite', location };
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrate(db: Kysely<Database>): Promise<void> {
	const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
	for (const r of results ?? []) {
		if (r.status === 'Error') console.error(`migration ${r.migrationName} failed`);
	}
	if (error) throw error instanceof Error ? error : new Error(String(error));
}

let opened: Promise<OpenedDatabase> | undefined;

/** The process's database, opened on first call from DATABASE_PATH (default data/…sqlite). */
export function database(): Promise<OpenedDatabase> {
	opened ??= openSqliteDatabase(process.env.DATABASE_PATH ?? DEFAULT_DATABASE_PATH);
	return opened;
}
