/**
 * The one database handle the app uses in the browser. Opened lazily, so nothing touches
 * IndexedDB while SvelteKit prerenders or the server imports a module.
 */
import { openPocketDb, type PocketDb } from './db';

let db: PocketDb | undefined;
const closedListeners = new Set<() => void>();

export function appDb(): PocketDb {
	if (!db) {
		db = openPocketDb();
		// Another tab is opening a newer schema. Every answer is already committed, so closing is
		// safe; the page says so and asks for a reload instead of silently failing later.
		db.on('versionchange', () => {
			db?.close();
			for (const listener of closedListeners) listener();
			return false;
		});
	}
	return db;
}

/** Be told when the database had to close for a newer version in another tab. */
export function onDbClosedForUpgrade(listener: () => void): () => void {
	closedListeners.add(listener);
	return () => closedListeners.delete(listener);
}
