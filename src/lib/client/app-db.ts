/**
 * The one database handle the app uses in the browser. Opened lazily, so nothing touches
 * IndexedDB while SvelteKit prerenders or the server imports a module.
 */
import { openPocketDb, type PocketDb } from './db';
import { nextTask } from './main-thread';

/**
 * Why the database had to close under this page: another tab opens a newer schema (`upgrade`),
 * or this page's newer schema waits on a tab still holding an older one open (`blocked`).
 */
export type DbClosedReason = 'upgrade' | 'blocked';

/**
 * How long a newer page waits for an older tab to give way before it stops and asks for a reload:
 * a tab finishing a write closes within moments, one that does not handle versionchange never.
 */
export const BLOCKED_GRACE_MS = 1_000;

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
		db.on('blocked', () => {
			const blocked = db;
			setTimeout(() => {
				if (blocked && !blocked.isOpen()) closeFor('blocked');
			}, BLOCKED_GRACE_MS);
		});
	}
	return db;
}

let opened: Promise<void> | undefined;

/**
 * Resolves once the database is open, having started opening it in a task of its own: not in the
 * task that first renders the page. Dexie's schema set-up, the open and the verification of the
 * stored schema then cost the first render nothing (issue #14: no long task on a cheap phone).
 * Resolves, never rejects: a database that cannot open fails each query with its own error.
 */
export function appDbOpened(): Promise<void> {
	opened ??= nextTask()
		.then(() => appDb().open())
		.then(
			() => undefined,
			() => undefined
		);
	return opened;
}

/** Be told when the database had to close (see DbClosedReason). */
export function onDbClosed(listener: (reason: DbClosedReason) => void): () => void {
	closedListeners.add(listener);
	return () => closedListeners.delete(listener);
}
