/**
 * The state of bringing banks up to date, for the screens: what is downloading, how far it got,
 * and what failed (with the previous version still playable).
 */
import { appDb } from '$lib/client/app-db';
import { runBankCheck } from '$lib/client/bank-install-host';
import type { BankUpdateResult, InstallProgress } from '$lib/client/bank-installer';

export const BANK_INDEX_URL = '/banks/index.json';

class BankUpdates {
	status = $state<'idle' | 'checking' | 'installing' | 'done' | 'failed'>('idle');
	progress = $state.raw<InstallProgress | null>(null);
	result = $state.raw<BankUpdateResult | null>(null);
	/** Why the last check could not run at all (offline, index broken). */
	error = $state<string | null>(null);

	readonly busy = $derived(this.status === 'checking' || this.status === 'installing');

	/** A check was asked for while one ran (a member just joined a branch): run once more after. */
	#again = false;
	/** A retry was asked for while one ran: run once more after only if that one failed. */
	#againIfFailed = false;

	/** Check now; asked while a check runs, check once more after it (something changed). */
	async run(): Promise<void> {
		if (this.busy) {
			this.#again = true;
			return;
		}
		this.#again = false;
		this.#againIfFailed = false;
		// Offline is normal, not an error: the status chip already says so, and the 'online'
		// event brings us back here.
		if (navigator.onLine === false) return;
		this.status = 'checking';
		this.error = null;
		this.progress = null;
		try {
			const onProgress = (p: InstallProgress) => {
				this.status = 'installing';
				this.progress = p;
			};
			// The installer itself (bank schema, delta code, validator) runs in a worker and loads on
			// the page only where there is none; the host that starts it is small and part of the
			// shell (a chunk of its own cost more gzip than its code). The worker installs the town's
			// banks and then those of the branches this device's members joined (支部题库).
			this.result = await runBankCheck({
				db: appDb,
				indexUrl: BANK_INDEX_URL,
				onProgress
			});
			this.status = this.result.failed.length ? 'failed' : 'done';
		} catch (e) {
			this.error =
				e instanceof Error && e.name === 'BankInstallError'
					? e.message
					: '题库检查失败，稍后会重试';
			this.status = 'failed';
		} finally {
			this.progress = null;
			// For the bench (bench/first-visit.ts): when a check, and any install it ran, ended.
			performance.mark('bank-update-done');
		}
		if (this.#again || (this.#againIfFailed && this.status === 'failed')) await this.run();
	}

	/**
	 * Check again because the connection came back or time passed: now when no check runs; while
	 * one runs, once more after it only if it fails. A check running is already online, and the
	 * second one that followed every 'online' event downloaded the index again and started the
	 * install worker again beside a returning device's uploads (issue #14's drain).
	 */
	retry(): Promise<void> {
		if (!this.busy) return this.run();
		this.#againIfFailed = true;
		return Promise.resolve();
	}
}

export const bankUpdates = new BankUpdates();
