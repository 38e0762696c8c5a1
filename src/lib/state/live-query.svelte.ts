import { liveQuery } from 'dexie';
import { createSubscriber } from 'svelte/reactivity';

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
			const subscription = liveQuery(querier).subscribe({
				next: (value) => {
					this.#value = value;
					this.#loaded = true;
					update();
				},
				error: (error: unknown) => console.error('live query failed', error)
			});
			return () => subscription.unsubscribe();
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
