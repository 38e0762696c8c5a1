import { expect, it } from 'vitest';
import { appDb, onDbClosed, type DbClosedReason } from '../../src/lib/client/app-db';
import { DB_NAME } from '../../src/lib/client/db';

it('a newer version opening in another tab: this page closes, and an answer being written is kept', async () => {
	const db = appDb();
	await db.open();
	const reasons: DbClosedReason[] = [];
	const stop = onDbClosed((reason) => reasons.push(reason));
	const answer = {
		attemptId: 'a1',
		questionId: 'q1',
		response: 'B',
		correct: true,
		elapsedMs: 1200,
		answeredAt: 1_700_000_000_000
	};

	// The answer's transaction is running when the newer tab asks for the database.
	const writing = db.transaction('rw', db.answers, async () => {
		await db.answers.put(answer);
	});
	const newer = new Promise<IDBDatabase>((resolve, reject) => {
		// Dexie stores version n as n × 10: one above whatever the app declares now.
		const request = indexedDB.open(DB_NAME, (db.verno + 1) * 10);
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
		request.onblocked = () => reject(new Error('the new version was blocked'));
	});
	await writing;
	const upgraded = await newer;

	expect(reasons).toEqual(['upgrade']);
	expect(db.isOpen()).toBe(false);
	const stored = await new Promise((resolve, reject) => {
		const get = upgraded.transaction('answers').objectStore('answers').get(['a1', 'q1']);
		get.onsuccess = () => resolve(get.result);
		get.onerror = () => reject(get.error);
	});
	expect(stored).toEqual(answer);
	upgraded.close();
	stop();
});
