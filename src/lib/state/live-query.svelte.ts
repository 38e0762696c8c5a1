import { liveQuery, type Subscription } from 'dexie';
import { untrack } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import { appDbOpened } from '$lib/client/app-db';
import { nextTask, whenIdle } from '$lib/client/main-thread';

export interface LiveQueryOptions {
	/**
	 * Keep the query live only while this (reactive) condition holds; otherwise `current` keeps
	 * its last value and the rows' changes are not read. When it holds again, the query reads
	 * afresh. For a screen hidden behind another that writes the rows it watches.
	 */
	while?: () => boolean;
	/**
	 * Not what a screen is opened for (the status chip's counts): the first reading waits for the
	 * main thread's first idle moment after the open instead of the next task, so on a cold start
	 * the page's own first reads go ahead of it. Each reading is a transaction, and on a cheap
	 * phone each costs its 30–40 ms of main thread in turn (issue #14).
	 */
	background?: boolean;
}

/** The longest a background reading waits for an idle moment. */
const IDLE_TIMEOUT_MS = 1000;

/**
 * A Dexie query as a reactive value: `current` re-renders whatever reads it when the rows behind
 * it change, in this tab or another. The subscription lives only while something reads it (and,
 * with `while`, only while that holds).
 */
export class LiveQuery<T> {
	#value: T;
	#loaded = false;
	#subscribe: () => void;

	constructor(querier: () => Promise<T> | T, initial: T, options: LiveQueryOptions = {}) {
		this.#value = initial;
		this.#subscribe = createSubscriber((update) => {
			// The first reading waits for the database to be open and then for a task of its own:
			// a page's dozen queries then run one per task, not all in the task that renders the
			// page or in the one that opens the database (long tasks on a cheap phone, issue #14).
			// Until then `current` is the initial value and `loaded` false, as before.
			let subscription: Subscription | undefined;
			let stopped = false;
			let stopWatching = () => {};
			const listen = () => {
				subscription ??= liveQuery(querier).subscribe({
					next: (value) => {
						this.#value = value;
						this.#loaded = true;
						update();
					},
					error: (error: unknown) => console.error('live query failed', error)
				});
			};
			const pause = () => {
				subscription?.unsubscribe();
				subscription = undefined;
			};
			void appDbOpened()
				.then(() => (options.background ? whenIdle(IDLE_TIMEOUT_MS) : nextTask()))
				.then(() => {
					if (stopped) return;
					const active = options.while;
					if (!active) return listen();
					stopWatching = $effect.root(() => {
						$effect(() => {
							if (active()) untrack(listen);
							else pause();
						});
					});
				});
			return () => {
				stopped = true;
				stopWatching();
				pause();
			};
		});
	}

	get current(): T {
		this.#subscribe();
		return this.#value;
	}

	/** False until the first result arrived: lets a page tell "empty" from "not read yet". */
	get loaded(): boolean {
		this.#subscribe();
		return this.#loaded;
	}
}
