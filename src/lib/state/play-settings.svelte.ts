/**
 * Play settings (timers, speed scoring, pupils' mode and its grade band). Apart from the display settings, which every page loads
 * before its first paint, because only the quiz screens and 我的 read these. localStorage, like
 * the display settings: per device, not worth syncing.
 */
import { isGradeBand, type GradeBand } from '$lib/core/play/grade-band';

const KEY = 'pocket-classroom:play';

interface StoredPlaySettings {
	/** Per-question timers in 挑战答题 and 限时赛. */
	timers: boolean;
	/** Faster right answers earn more in 限时赛; unfair to slow readers, so it can be turned off. */
	speedScoring: boolean;
	/** 少儿模式: pinyin, read-aloud, big targets, gentle words, no timers, no individual ranking. */
	pupil: boolean;
	/** Timers in pupils' mode: off unless the teacher turns them on. */
	pupilTimers: boolean;
	/** The class's grade band in pupils' mode: the day's 云学 draws that band's questions. */
	gradeBand: GradeBand | null;
}

const DEFAULTS: StoredPlaySettings = {
	timers: true,
	speedScoring: true,
	pupil: false,
	pupilTimers: false,
	gradeBand: null
};

function read(): StoredPlaySettings {
	try {
		const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<StoredPlaySettings>;
		return {
			timers: raw.timers !== false,
			speedScoring: raw.speedScoring !== false,
			pupil: raw.pupil === true,
			pupilTimers: raw.pupilTimers === true,
			gradeBand: isGradeBand(raw.gradeBand) ? raw.gradeBand : null
		};
	} catch {
		return { ...DEFAULTS };
	}
}

class PlaySettings {
	#stored = $state.raw<StoredPlaySettings>({ ...DEFAULTS });

	constructor() {
		if (typeof localStorage !== 'undefined') this.#stored = read();
	}

	get timers() {
		return this.#stored.timers;
	}
	/** Whether a run starts with timers, pupils' mode considered. */
	get timersInPlay() {
		return this.#stored.pupil ? this.#stored.pupilTimers : this.#stored.timers;
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

	get pupil() {
		return this.#stored.pupil;
	}
	set pupil(value: boolean) {
		this.#save({ pupil: value });
	}

	get pupilTimers() {
		return this.#stored.pupilTimers;
	}
	set pupilTimers(value: boolean) {
		this.#save({ pupilTimers: value });
	}

	get gradeBand(): GradeBand | null {
		return this.#stored.gradeBand;
	}
	set gradeBand(value: GradeBand | null) {
		this.#save({ gradeBand: isGradeBand(value) ? value : null });
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
