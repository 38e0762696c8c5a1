/**
 * Schema migrations, in code so they ship inside the server bundle. Append new entries; never
 * edit one that has run. Each is written with Kysely's schema builder so the same list runs on
 * SQLite and PostgreSQL.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
	'2026-11-29-001-app-meta': {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('app_meta')
				.addColumn('key', 'text', (c) => c.primaryKey())
				.addColumn('value', 'text', (c) => c.notNull())
				.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
				.execute();
		}
	}
};
