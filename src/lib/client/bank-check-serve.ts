/**
 * The worker's side of a bank check (bank-install.worker.ts runs it; tests run it in-process):
 * run the installer on the worker's own database connection, the town's banks and then the
 * branches' of the profiles here (branch-banks.ts), and report everything back as messages.
 * Always ends with exactly one 'done' or 'failed' message, and closes the connection.
 */
import { updateAllBanks } from './branch-banks';
import {
	plainError,
	plainResult,
	type UpdateRequest,
	type WorkerMessage
} from './bank-worker-protocol';
import type { PocketDb } from './db';

export async function serveBankCheck(
	request: UpdateRequest,
	openDb: () => PocketDb,
	post: (message: WorkerMessage) => void,
	fetcher: typeof fetch = (input, init) => fetch(input, init)
): Promise<void> {
	const db = openDb();
	try {
		const result = await updateAllBanks({
			db,
			fetch: fetcher,
			now: () => Date.now(),
			indexUrl: request.indexUrl,
			onProgress: (progress) => post({ type: 'progress', progress }),
			mark: (name) => post({ type: 'mark', name })
		});
		post({ type: 'done', result: plainResult(result) });
	} catch (e) {
		post({ type: 'failed', error: plainError(e) });
	} finally {
		db.close();
	}
}
