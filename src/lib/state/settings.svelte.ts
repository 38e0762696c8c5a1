/**
 * Display settings. Kept in localStorage rather than IndexedDB because they must apply before
 * the first paint (a projector should not flash small text) and are not worth syncing. Large
 * text is put on <html> by a one-line inline script at the top of app.html, before the parser
 * reaches the prerendered 今日 (it must use this KEY and shape too; svelte.config.js allows it
 * by its hash), and again as the root layout is created, which is what keeps it here. A file
 * script did it once: fetched through the service worker, it held every cold start's parser back.
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

	/**
	 * Read the stored settings and apply them to the page: the root layout calls this as it is
	 * created, before it draws anything. Not when this module loads: on a first visit that is
	 * the task that runs every module of the app's first files, already the visit's longest,
	 * and localStorage's first read is a blocking call to the browser (issue #14).
	 */
	applyToPage(): void {
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
