import { appDb } from '../../src/lib/client/app-db';

/** The app's own database (fake-indexeddb), emptied: the state classes all read `appDb()`. */
export async function emptyAppDb() {
	const db = appDb();
	await db.open();
	await Promise.all(db.tables.map((t) => t.clear()));
	return db;
}
