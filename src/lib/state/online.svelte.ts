/**
 * Whether the browser says it is online, as a reactive value: `online.current`. The same as
 * Svelte's `online` from svelte/reactivity/window, which cannot be imported alone: that module
 * builds its nine window values (scroll, sizes, pixel ratio…) when it loads, and every page's
 * first load carried them for this one (issue #14, the practice page's 70 KiB).
 */
import { createSubscriber } from 'svelte/reactivity';

class Online {
	// Readers re-run only when the answer changes: an 'online' event that finds the browser online
	// as before (one fired by hand, or a second one) re-ran every effect that reads this, and each
	// of those that fetches (the competitions' refresh, the admin pages' loads) asked again for
	// what it had, in the middle of an upload (issue #14's drain).
	#subscribe = createSubscriber((update) => {
		let last = navigator.onLine;
		const changed = () => {
			if (navigator.onLine === last) return;
			last = navigator.onLine;
			update();
		};
		window.addEventListener('online', changed);
		window.addEventListener('offline', changed);
		return () => {
			window.removeEventListener('online', changed);
			window.removeEventListener('offline', changed);
		};
	});

	/** `navigator.onLine`, re-read by whatever shows it when the browser goes on or off line. */
	get current(): boolean {
		// Prerendering 今日 (routes/today/+page.ts): no browser to ask; hydration brings the answer.
		if (typeof navigator === 'undefined') return true;
		this.#subscribe();
		return navigator.onLine;
	}
}

export const online = new Online();
