/**
 * Display settings. Kept in localStorage rather than IndexedDB because they must apply before
 * the first paint (a projector should not flash small text) and are not worth syncing. Large
 * text is read from storage once, by the one-line inline script at the top of app.html, which
 * puts the class on <html> before the parser reaches any of the page (the prerendered 今日 too;
 * svelte.config.js allows the script by its hash). It reads this KEY and shape: keep them
 * together. This module takes the setting from <html> and writes it back when it changes. (A
 * file script did it once: fetched through the service worker, it held every cold start's
 * parser back.)
 */
const KEY = 'pocket-classroom:settings';

interface StoredSettings {
	largeText: boolean;
}

class Settings {
	/** Set on this page; until then, what app.html's script found in storage. */
	#largeText = $state<boolean | null>(null);

	get largeText(): boolean {
		if (this.#largeText !== null) return this.#largeText;
		return (
			typeof document !== 'undefined' && document.documentElement.classList.contains('large-text')
		);
	}

	set largeText(value: boolean) {
		this.#largeText = value;
		document.documentElement.classList.toggle('large-text', value);
		try {
			localStorage.setItem(KEY, JSON.stringify({ largeText: value } satisfies StoredSettings));
		} catch {
			// Private mode or full storage: the setting still applies for this visit.
		}
	}
}

export const settings = new Settings();
