/**
 * Display and play settings. Kept in localStorage rather than IndexedDB because they must apply
 * before the first paint (a projector should not flash small text) and are not worth syncing.
 */
const KEY = 'pocket-classroom:settings';

interface StoredSettings {
	largeText: boolean;
	/** Per-question timers in 挑战答题 and 限时赛. */
	timers: boolean;
	/** Faster right answers earn more in 限时赛; unfair to slow readers, so it can be turned off. */
	speedScoring: boolean;
}

const DEFAULTS: StoredSettings = { largeText: false, timers: true, speedScoring: true };

function read(): StoredSettings {
	try {
		const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<StoredSettings>;
		return {
			largeText: raw.largeText === true,
			timers: raw.timers !== false,
			speedScoring: raw.speedScoring !== false
		};
	} catch {
		return { ...DEFAULTS };
	}
}

class Settings {
	#stored = $state<StoredSettings>({ ...DEFAULTS });

	constructor() {
		if (typeof localStorage !== 'undefined') this.#stored = read();
	}

	get largeText() {
		return this.#stored.largeText;
	}
	set largeText(value: boolean) {
		this.#save({ largeText: value });
	}

	get timers() {
		return this.#stored.timers;
	}
	set timers(value: boolean) {
		this.#save({ timers: value });
	}

	get speedScoring() {
		return this.#stored.speedScoring;
	}
	set speedScoring(value: boolean) {
		this.#save({ speedScoring: value });
	}

	#save(change: Partial<StoredSettings>) {
		this.#stored = { ...this.#stored, ...change };
		try {
			localStorage.setItem(KEY, JSON.stringify(this.#stored));
		} catch {
			// Private mode or full storage: the setting still applies for this visit.
		}
	}
}

export const settings = new Settings();
