/**
 * Whether the browser says it is online, as a reactive value: `online.current`. The same as
 * Svelte's `online` from svelte/reactivity/window, which cannot be imported alone: that module
 * builds its nine window values (scroll, sizes, pixel ratio…) when it loads, and every page's
 * first load carried them for this one (issue #14, the practice page's 70 KiB).
 */
import { createSubscriber } from 'svelte/reactivity';

class Online {
	#subscribe = createSubscriber((update) => {
		window.addEventListener('online', update);
		window.addEventListener('offline', update);
		return () => {
			window.removeEventListener('online', update);
			window.removeEventListener('offline', update);
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
