/**
 * The service worker and its updates. A new version waits until the member accepts it
 * (「立即更新」), and the offer is held back while a quiz is open so nothing reloads mid-question.
 * Registration is done here with the plain API rather than workbox-window: the same behaviour
 * in 30 lines instead of 2 KiB on every first visit.
 */
class AppUpdate {
	needRefresh = $state(false);
	/** What each open quiz screen says about itself: true while a run is in play. */
	#quizzes = $state.raw<readonly (() => boolean)[]>([]);
	/** True while a quiz is in play on a screen; the update offer waits until it ends. */
	readonly quizOpen = $derived(this.#quizzes.some((inPlay) => inPlay()));
	/** The browser cannot run the service worker (e.g. WeChat on iOS): the app works online only. */
	unsupported = $state(false);

	readonly offerUpdate = $derived(this.needRefresh && !this.quizOpen);

	#registration: ServiceWorkerRegistration | undefined;

	/**
	 * A quiz screen hands over how to tell whether its run is in play (read when the offer is
	 * decided, so it is never a stale copy); the returned function takes it back when the screen
	 * goes away.
	 */
	holdWhile(inPlay: () => boolean): () => void {
		this.#quizzes = [...this.#quizzes, inPlay];
		return () => (this.#quizzes = this.#quizzes.filter((q) => q !== inPlay));
	}

	start(): void {
		const wechatIos =
			/MicroMessenger/i.test(navigator.userAgent) && /iPhone|iPad|iPod/.test(navigator.userAgent);
		if (!('serviceWorker' in navigator) || wechatIos) this.unsupported = true;
		if (!('serviceWorker' in navigator)) return;
		navigator.serviceWorker
			.register('/service-worker.js', { scope: '/' })
			.then((registration) => {
				this.#registration = registration;
				// A worker already waiting from an earlier visit, or one that finishes installing
				// while a controller exists, is a new version.
				if (registration.waiting && navigator.serviceWorker.controller) this.needRefresh = true;
				registration.addEventListener('updatefound', () => {
					const installing = registration.installing;
					installing?.addEventListener('statechange', () => {
						if (installing.state === 'installed' && navigator.serviceWorker.controller) {
							this.needRefresh = true;
						}
					});
				});
			})
			.catch(() => (this.unsupported = true));
	}

	/** 「立即更新」: let the waiting worker take over, then reload once it controls the page. */
	async apply(): Promise<void> {
		const waiting = this.#registration?.waiting;
		if (this.quizOpen || !waiting) return;
		navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), {
			once: true
		});
		waiting.postMessage({ type: 'SKIP_WAITING' });
	}

	/** 「检查更新」: ask the server for a newer service worker now. */
	async check(): Promise<void> {
		await this.#registration?.update();
	}
}

export const appUpdate = new AppUpdate();
