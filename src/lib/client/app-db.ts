/**
 * The one database handle the app uses in the browser. Opened lazily, so nothing touches
 * IndexedDB while SvelteKit prerenders or the server imports a module.
 */
import { openPocketDb, type PocketDb } from './db';

/**
 * Why the database had to close under this page: another tab opens a newer schema (`upgrade`),
 * or this page's newer schema waits on a tab still holding an older one open (`blocked`).
 */
export type DbClosedReason = 'upgrade' | 'blocked';

let db: PocketDb | undefined;
const closedListeners = new Set<(reason: DbClosedReason) => void>();

function closeFor(reason: DbClosedReason) {
	db?.close();
	for (const listener of closedListeners) listener(reason);
}

export function appDb(): PocketDb {
	if (!db) {
		db = openPocketDb();
		// Another tab is opening a newer schema. Every answer is already committed (IndexedDB lets
		// running transactions finish before the connection closes), so closing is safe; the page
		// says so and asks for a reload instead of silently failing later.
		db.on('versionchange', () => {
			closeFor('upgrade');
			return false;
		});
		// This page brings a newer schema, and a tab on an older version of the app keeps the
		// database open without giving way. Waiting would hang every read and write here with no
		// word; instead stop opening (pending reads and writes fail with an error the screens
		// show, and nothing half-written is kept) and ask for that tab to be closed and a reload.
		db.on('blocked', () => closeFor('blocked'));
	}
	return db;
}

/** Be told when the database had to close (see DbClosedReason). */
export function onDbClosed(listener: (reason: DbClosedReason) => void): () => void {
	closedListeners.add(listener);
	return () => closedListeners.delete(listener);
}
