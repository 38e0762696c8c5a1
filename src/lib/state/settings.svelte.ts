/**
 * Display settings. Kept in localStorage rather than IndexedDB because they must apply before
 * the first paint (a projector should not flash small text) and are not worth syncing. Large
 * text is set on <html> when this module loads, before the layout draws anything (a blocking
 * script in the page's head did it before: fetched through the service worker, it held every
 * cold start's parser back).
 */
const KEY = 'pocket-classroom:settings';

interface StoredSettings {
	largeText: boolean;
}

function read(): StoredSettings {
	try {
		const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<StoredSettings>;
		return { largeText: raw.largeText === true };
	} catch {
		return { largeText: false };
	}
}

class Settings {
	#largeText = $state(false);

	constructor() {
		if (typeof localStorage === 'undefined') return;
		this.#largeText = read().largeText;
		this.#apply();
	}

	#apply() {
		document.documentElement.classList.toggle('large-text', this.#largeText);
	}

	get largeText() {
		return this.#largeText;
	}

	set largeText(value: boolean) {
		this.#largeText = value;
		this.#apply();
		try {
			localStorage.setItem(KEY, JSON.stringify({ largeText: value } satisfies StoredSettings));
		} catch {
			// Private mode or full storage: the setting still applies for this visit.
		}
	}
}

export const settings = new Settings();
