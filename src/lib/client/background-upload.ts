/**
 * The service worker's Background Sync upload: the outbox flushed with the page's own uploader,
 * under the same Web Lock, so a tab and the worker never send at once.
 *
 * It is not in the service worker's own script. Dexie, the uploader and the response schemas are
 * five sixths of that code, and a phone starts its stopped worker for every navigation, where
 * only the precache answers (issue #14: a worker script of 150 KB made an offline cold start
 * 20–30 ms slower than one of 25 KB). So src/service-worker-upload.ts builds this into a classic
 * script of its own (scripts/lib/service-worker-upload.ts), which the worker imports while it
 * installs and again when a `sync` event comes (service workers cannot `import()`).
 */
import { UPLOAD_TIMEOUT_MS } from '$lib/core/sync/protocol';
import { openPocketDb } from './db';
import { flushOutbox } from './uploader';

/**
 * Send what the outbox holds. Rejects when the upload should be tried again later (network,
 * overload): the worker hands the rejection to the `sync` event, and the browser retries with
 * its own backoff.
 */
export async function uploadInBackground(locks: LockManager): Promise<void> {
	const db = openPocketDb();
	// A newer version of the app upgrading the database must not wait for this connection.
	db.on('versionchange', () => {
		db.close();
		return false;
	});
	try {
		const report = await flushOutbox({
			db,
			fetch: (input, init) => fetch(input, init),
			now: () => Date.now(),
			timeoutMs: UPLOAD_TIMEOUT_MS,
			locks
		});
		if (report.outcome === 'retry') throw new Error(report.error ?? 'upload failed');
	} finally {
		db.close();
	}
}
