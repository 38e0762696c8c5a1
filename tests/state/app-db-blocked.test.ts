import { describe, expect, it } from 'vitest';
import { appDb, onDbClosed, type DbClosedReason } from '../../src/lib/client/app-db';
import { DB_NAME } from '../../src/lib/client/db';

/** A raw connection, as another tab running some version of the app holds it. */
function otherTab(version: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(DB_NAME, version);
		request.onupgradeneeded = () => upgrade?.(request.result);
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

/** Settles with what the promise did, or 'still waiting' after `ms` (a hang, for the test). */
function within<T>(promise: Promise<T>, ms: number) {
	return Promise.race([
		promise.then(
			(value) => ({ settled: 'resolved' as const, value }),
			(error: unknown) => ({ settled: 'rejected' as const, error })
		),
		new Promise<{ settled: 'still waiting' }>((r) =>
			setTimeout(() => r({ settled: 'still waiting' }), ms)
		)
	]);
}

// One test per file: the app's database handle is one per page (module), as in the app.
describe('the app database and another tab on an older version', () => {
	it('a tab on an older version that never gives way: this page stops waiting and says why', async () => {
		// The older app's tab: schema version 1 (Dexie's native 10), no versionchange handler.
		const old = await otherTab(10, (db) => db.createObjectStore('banks', { keyPath: 'id' }));
		const reasons: DbClosedReason[] = [];
		const stop = onDbClosed((reason) => reasons.push(reason));

		const read = within(appDb().members.count(), 2_000);
		const outcome = await read;
		expect(outcome.settled).toBe('rejected');
		expect(reasons).toEqual(['blocked']);
		stop();
		old.close();
	});
});
