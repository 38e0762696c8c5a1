/**
 * Play settings (timers, speed scoring). Apart from the display settings, which every page loads
 * before its first paint, because only the quiz screens and 我的 read these. localStorage, like
 * the display settings: per device, not worth syncing.
 */
const KEY = 'pocket-classroom:play';

interface StoredPlaySettings {
	/** Per-question timers in 挑战答题 and 限时赛. */
	timers: boolean;
	/** Faster right answers earn more in 限时赛; unfair to slow readers, so it can be turned off. */
	speedScoring: boolean;
}

function read(): StoredPlaySettings {
	try {
		const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<StoredPlaySettings>;
		return { timers: raw.timers !== false, speedScoring: raw.speedScoring !== false };
	} catch {
		return { timers: true, speedScoring: true };
	}
}

class PlaySettings {
	#stored = $state.raw<StoredPlaySettings>({ timers: true, speedScoring: true });

	constructor() {
		if (typeof localStorage !== 'undefined') this.#stored = read();
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

	#save(change: Partial<StoredPlaySettings>) {
		this.#stored = { ...this.#stored, ...change };
		try {
			localStorage.setItem(KEY, JSON.stringify(this.#stored));
		} catch {
			// Private mode or full storage: the setting still applies for this visit.
		}
	}
}

export const playSettings = new PlaySettings();
