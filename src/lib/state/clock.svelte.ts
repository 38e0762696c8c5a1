import { createSubscriber } from 'svelte/reactivity';

/**
 * The time as a reactive value that moves on every `everyMs`, for labels that change with it
 * (a lecture going from 未开始 to 进行中). The timer runs only while something reads `now`.
 */
export class Clock {
	#subscribe: () => void;

	constructor(everyMs = 30_000) {
		this.#subscribe = createSubscriber((update) => {
			const timer = setInterval(update, everyMs);
			return () => clearInterval(timer);
		});
	}

	get now(): number {
		this.#subscribe();
		return Date.now();
	}
}
