import { afterEach, expect, it, vi } from 'vitest';
import {
	appDb,
	BLOCKED_GRACE_MS,
	onDbClosed,
	type DbClosedReason
} from '../../src/lib/client/app-db';
import { DB_NAME } from '../../src/lib/client/db';

afterEach(() => vi.useRealTimers());

it('a tab that gives way a moment later (a write finishing) does not stop this page', async () => {
	const old = await new Promise<IDBDatabase>((resolve, reject) => {
		const request = indexedDB.open(DB_NAME, 10);
		request.onupgradeneeded = () => request.result.createObjectStore('banks', { keyPath: 'id' });
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
	// It closes 200 ms after being asked, as a tab finishing a transaction would.
	old.onversionchange = () => setTimeout(() => old.close(), 200);
	const reasons: DbClosedReason[] = [];
	const stop = onDbClosed((reason) => reasons.push(reason));

	const read = appDb().members.count();
	for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
	vi.advanceTimersByTime(200);
	expect(await read).toBe(0);
	vi.advanceTimersByTime(BLOCKED_GRACE_MS);
	expect(appDb().isOpen()).toBe(true);
	expect(reasons).toEqual([]);
	stop();
});
