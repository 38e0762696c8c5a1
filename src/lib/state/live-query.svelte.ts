import { liveQuery, type Subscription } from 'dexie';
import { createSubscriber } from 'svelte/reactivity';
import { appDbOpened, nextTask } from '$lib/client/app-db';

/**
 * A Dexie query as a reactive value: `current` re-renders whatever reads it when the rows behind
 * it change, in this tab or another. The subscription lives only while something reads it.
 */
export class LiveQuery<T> {
	#value: T;
	#loaded = false;
	#subscribe: () => void;

	constructor(querier: () => Promise<T> | T, initial: T) {
		this.#value = initial;
		this.#subscribe = createSubscriber((update) => {
			// The first reading waits for the database to be open and then for a task of its own:
			// a page's dozen queries then run one per task, not all in the task that renders the
			// page or in the one that opens the database (long tasks on a cheap phone, issue #14).
			// Until then `current` is the initial value and `loaded` false, as before.
			let subscription: Subscription | undefined;
			let stopped = false;
			void appDbOpened()
				.then(nextTask)
				.then(() => {
					if (stopped) return;
					subscription = liveQuery(querier).subscribe({
						next: (value) => {
							this.#value = value;
							this.#loaded = true;
							update();
						},
						error: (error: unknown) => console.error('live query failed', error)
					});
				});
			return () => {
				stopped = true;
				subscription?.unsubscribe();
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
