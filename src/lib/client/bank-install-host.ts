/**
 * Runs a bank check from the page: in a Web Worker where the browser has one (the install's
 * script work then never blocks taps and scrolling), on the main thread where it has not (old
 * WeChat browsers) or where the worker cannot start. Either way the caller gets the same progress
 * reports and the same BankUpdateResult, or the same BankInstallError when the check failed.
 *
 * Falling back after a worker that died half-way is safe: the install is all-or-nothing (rows in
 * one transaction, the switch in another), so the main thread starts that bank again or only
 * switches to it.
 */
import type { InstallProgress } from './bank-download';
import type { BankUpdateResult } from './bank-installer';
import { installError, updateResult, type WorkerMessage } from './bank-worker-protocol';
import type { PocketDb } from './db';

export interface BankCheckOptions {
	indexUrl: string;
	/** The page's database, for the main-thread path only. */
	db: () => PocketDb;
	onProgress?: (p: InstallProgress) => void;
	/** How to start the worker; null where there is none. Tests pass their own. */
	startWorker?: () => Worker | null;
	/** The main-thread path's fetch (tests); the browser's by default. */
	fetch?: typeof fetch;
}

/** Vite bundles the worker and its imports as a file of its own (precached for offline use). */
function defaultWorker(): Worker | null {
	if (typeof Worker === 'undefined') return null;
	return new Worker(new URL('./bank-install.worker.ts', import.meta.url), { type: 'module' });
}

/** The installer on the page itself (the town's banks, then the branches'). */
async function onMainThread(options: BankCheckOptions): Promise<BankUpdateResult> {
	const { updateAllBanks } = await import('./branch-banks');
	return updateAllBanks({
		db: options.db(),
		fetch: options.fetch ?? ((input, init) => fetch(input, init)),
		now: () => Date.now(),
		indexUrl: options.indexUrl,
		...(options.onProgress ? { onProgress: options.onProgress } : {})
	});
}

/** Check the index and install what changed; see the module comment for where it runs. */
export async function runBankCheck(options: BankCheckOptions): Promise<BankUpdateResult> {
	let worker: Worker | null;
	try {
		worker = (options.startWorker ?? defaultWorker)();
	} catch {
		worker = null;
	}
	if (!worker) return onMainThread(options);
	const running = worker;
	const settled = await new Promise<
		{ ok: true; result: BankUpdateResult } | { ok: false; error: Error } | null
	>((resolve) => {
		running.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
			const message = event.data;
			switch (message.type) {
				case 'progress':
					options.onProgress?.(message.progress);
					break;
				case 'mark':
					performance.mark(message.name);
					break;
				case 'done':
					resolve({ ok: true, result: updateResult(message.result) });
					break;
				case 'failed':
					resolve({ ok: false, error: installError(message.error) });
					break;
			}
		});
		// The script did not load or run (no module workers, a broken cache): null → main thread.
		running.addEventListener('error', (event) => {
			event.preventDefault();
			resolve(null);
		});
		running.addEventListener('messageerror', () => resolve(null));
		running.postMessage({ type: 'update', indexUrl: options.indexUrl });
	});
	running.terminate();
	if (settled === null) return onMainThread(options);
	if (!settled.ok) throw settled.error;
	return settled.result;
}
