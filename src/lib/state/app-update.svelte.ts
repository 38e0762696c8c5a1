/**
 * The service worker and its updates. A new version waits ('prompt' strategy) until the member
 * accepts it, and the offer is held back while a quiz is open so nothing reloads mid-question.
 */
import { registerSW } from 'virtual:pwa-register';

class AppUpdate {
	needRefresh = $state(false);
	offlineReady = $state(false);
	/** True while a quiz screen is open; the update offer waits until it closes. */
	quizOpen = $state(false);
	/** The browser has no service worker (e.g. WeChat on iOS): the app works only online. */
	unsupported = $state(false);

	readonly offerUpdate = $derived(this.needRefresh && !this.quizOpen);

	#apply: ((reload?: boolean) => Promise<void>) | null = null;
	#registration: ServiceWorkerRegistration | undefined;

	start(): void {
		// WeChat's browser on iOS has no service worker: the app works online only there.
		const wechatIos =
			/MicroMessenger/i.test(navigator.userAgent) && /iPhone|iPad|iPod/.test(navigator.userAgent);
		if (!('serviceWorker' in navigator) || wechatIos) {
			this.unsupported = true;
			if (!('serviceWorker' in navigator)) return;
		}
		this.#apply = registerSW({
			immediate: true,
			onNeedRefresh: () => (this.needRefresh = true),
			onOfflineReady: () => (this.offlineReady = true),
			onRegisteredSW: (_url, registration) => (this.#registration = registration),
			onRegisterError: () => (this.unsupported = true)
		});
	}

	async apply(): Promise<void> {
		if (this.quizOpen) return;
		await this.#apply?.(true);
	}

	/** 「检查更新」: ask the server for a newer service worker now. */
	async check(): Promise<void> {
		await this.#registration?.update();
	}
}

export const appUpdate = new AppUpdate();
