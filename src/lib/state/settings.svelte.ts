/**
 * Display settings. Kept in localStorage rather than IndexedDB because they must apply before
 * the first paint (a projector should not flash small text) and are not worth syncing.
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
		if (typeof localStorage !== 'undefined') this.#largeText = read().largeText;
	}

	get largeText() {
		return this.#largeText;
	}

	set largeText(value: boolean) {
		this.#largeText = value;
		try {
			localStorage.setItem(KEY, JSON.stringify({ largeText: value } satisfies StoredSettings));
		} catch {
			// Private mode or full storage: the setting still applies for this visit.
		}
	}
}

export const settings = new Settings();
