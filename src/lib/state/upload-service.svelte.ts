/**
 * When the outbox is uploaded (the sync contract's triggers): app start, `online`, the tab
 * becoming visible, after each finished attempt, a backoff timer with jitter capped at
 * 15 minutes, the 「立即上传」 button, and Background Sync in the service worker where the
 * browser has it.
 */
import { BACKGROUND_SYNC_TAG, backoffDelay, UPLOAD_TIMEOUT_MS } from '$lib/core/sync/protocol';
import { appDb } from '$lib/client/app-db';
import { hasPendingUploads, readUploadHistory } from '$lib/client/outbox';
import type { FlushReport } from '$lib/client/uploader';

// The uploader loads only once uploads start (a member on this device, or results waiting):
// a first visit never needs it.
const uploader = () => import('$lib/client/uploader');

class UploadService {
	running = $state(false);
	lastReport = $state.raw<FlushReport | null>(null);
	nextRetryAt = $state<number | null>(null);

	#timer: ReturnType<typeof setTimeout> | undefined;
	#started = false;
	#again = false;

	/** Wire the triggers once, from the root layout. */
	start(): () => void {
		if (this.#started) return () => {};
		this.#started = true;
		const kick = () => void this.flush();
		const onVisible = () => {
			if (document.visibilityState === 'visible') kick();
		};
		const kickStreaks = () => void this.pullStreaks(false);
		window.addEventListener('online', kick);
		window.addEventListener('online', kickStreaks);
		document.addEventListener('visibilitychange', onVisible);
		kick();
		kickStreaks();
		return () => {
			window.removeEventListener('online', kick);
			window.removeEventListener('online', kickStreaks);
			document.removeEventListener('visibilitychange', onVisible);
			clearTimeout(this.#timer);
			this.#started = false;
		};
	}

	/** Upload now. Calls while an upload runs are folded into one more pass afterwards. */
	async flush(): Promise<FlushReport | null> {
		if (this.running) {
			this.#again = true;
			return null;
		}
		this.running = true;
		clearTimeout(this.#timer);
		this.nextRetryAt = null;
		try {
			const db = appDb();
			// The uploader's code loads while the outbox is counted (the streak pull loads it anyway
			// on a device with a member); it is awaited only when there is something to send.
			const loading = uploader();
			loading.catch(() => undefined);
			if (!(await hasPendingUploads(db))) return null;
			const { flushOutbox, pullReviewsAfter } = await loading;
			let report: FlushReport;
			do {
				this.#again = false;
				report = await flushOutbox({
					db: appDb(),
					fetch: (input, init) => fetch(input, init),
					now: () => Date.now(),
					timeoutMs: UPLOAD_TIMEOUT_MS,
					locks: navigator.locks
				});
			} while (this.#again && report.outcome === 'done');
			this.lastReport = report;
			if (report.outcome === 'retry' || report.outcome === 'busy') await this.#scheduleRetry();
			else this.#registerBackgroundSync(false);
			if (report.checkinsSent) void this.pullStreaks(true);
			// Accepted results may be review history the deck on this device has not seen.
			pullReviewsAfter(report, db, fetch.bind(window)).catch(console.error);
			return report;
		} finally {
			this.running = false;
		}
	}

	/**
	 * Merge the server's check-ins (other devices of the same member) into this device's streak:
	 * on start, when the connection returns, after check-ins were uploaded, and on the 打卡 page.
	 * Loaded on demand; quiet when offline or when the device has no profile.
	 */
	async pullStreaks(force: boolean): Promise<void> {
		if (navigator.onLine === false || !(await appDb().members.count())) return;
		// Part of the uploader's module, so it loads with it and adds no request of its own.
		const { pullServerStreaks } = await uploader();
		await pullServerStreaks(appDb(), (input, init) => fetch(input, init), { force });
	}

	async #scheduleRetry() {
		const { failures } = await readUploadHistory(appDb());
		const delay = Math.max(1000, backoffDelay(failures, Math.random));
		this.nextRetryAt = Date.now() + delay;
		this.#timer = setTimeout(() => void this.flush(), delay);
		this.#registerBackgroundSync(true);
	}

	/**
	 * Where the browser has Background Sync, the service worker also retries when the connection
	 * returns, even if this page is closed by then. Not awaited: without a service worker (WeChat
	 * on iOS) `ready` never settles.
	 */
	#registerBackgroundSync(needed: boolean) {
		if (!needed || !('serviceWorker' in navigator)) return;
		void navigator.serviceWorker.ready
			.then((registration) => {
				const sync = (
					registration as ServiceWorkerRegistration & {
						sync?: { register(tag: string): Promise<void> };
					}
				).sync;
				return sync?.register(BACKGROUND_SYNC_TAG);
			})
			.catch(() => {
				// Not supported or not allowed: the timer and the 'online' event still run.
			});
	}
}

export const uploadService = new UploadService();
