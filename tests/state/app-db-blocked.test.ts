import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	appDb,
	BLOCKED_GRACE_MS,
	onDbClosed,
	type DbClosedReason
} from '../../src/lib/client/app-db';
import { DB_NAME } from '../../src/lib/client/db';

/** A raw connection, as another tab running an older version of the app holds it. */
function otherTab(version: number): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(DB_NAME, version);
		request.onupgradeneeded = () => request.result.createObjectStore('banks', { keyPath: 'id' });
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

/** Let IndexedDB's (real) callbacks run while the timers stay frozen. */
async function settle() {
	for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
}

// One test per file: the app's database handle is one per page (module), as in the app.
describe('the app database and another tab on an older version', () => {
	afterEach(() => vi.useRealTimers());

	it('a tab that never gives way: after a short grace this page stops waiting and says why', async () => {
		// The older app's tab: schema version 1 (Dexie's native 10), no versionchange handler.
		const old = await otherTab(10);
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		const reasons: DbClosedReason[] = [];
		const stop = onDbClosed((reason) => reasons.push(reason));

		let outcome = 'still waiting';
		const read = appDb()
			.members.count()
			.then(
				() => (outcome = 'read'),
				(e: unknown) => (outcome = `failed: ${(e as Error).name}`)
			);
		await settle();
		vi.advanceTimersByTime(BLOCKED_GRACE_MS - 1);
		await settle();
		expect({ outcome, reasons }).toEqual({ outcome: 'still waiting', reasons: [] });

		vi.advanceTimersByTime(1);
		await read;
		expect(outcome).toMatch(/^failed: /);
		expect(reasons).toEqual(['blocked']);
		stop();
		old.close();
	});
});
