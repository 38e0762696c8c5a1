/**
 * The bank installer off the main thread: downloading, hashing, parsing, validating and writing a
 * bank take hundreds of milliseconds of script on a cheap phone, which on the page would freeze
 * scrolling and taps on a first visit. Here they run in a dedicated worker with its own Dexie
 * connection (IndexedDB works in workers, and Dexie tells the page's live queries what changed);
 * the page only receives progress and the result (bank-install-host.ts). One worker per check: the
 * page ends it when the check is over, so it never holds the database open against a newer schema.
 */
import { serveBankCheck } from './bank-check-serve';
import type { UpdateRequest, WorkerMessage } from './bank-worker-protocol';
import { openPocketDb } from './db';

self.addEventListener('message', (event: MessageEvent<UpdateRequest>) => {
	if (event.data?.type !== 'update') return;
	void serveBankCheck(event.data, openPocketDb, (message: WorkerMessage) =>
		self.postMessage(message)
	);
});
