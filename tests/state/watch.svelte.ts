/**
 * Read a rune class the way a component does: inside an effect, so its subscriptions (live
 * queries, listeners) start, and every change re-runs the read.
 */
import { flushSync } from 'svelte';
import { vi } from 'vitest';

export interface Watched<T> {
	/** The latest value the effect read (flushed first). */
	readonly value: T;
	/** Wait until the value passes `test` (Dexie's live queries answer asynchronously). */
	until(test: (value: T) => boolean, what?: string): Promise<T>;
	stop(): void;
}

export function watch<T>(read: () => T): Watched<T> {
	let value = undefined as T;
	const stop = $effect.root(() => {
		$effect(() => {
			value = read();
		});
	});
	flushSync();
	return {
		get value() {
			flushSync();
			return value;
		},
		async until(test, what = 'the expected value') {
			await vi.waitFor(
				() => {
					flushSync();
					if (!test(value))
						throw new Error(`still waiting for ${what}; last read ${JSON.stringify(value)}`);
				},
				{ timeout: 5_000, interval: 5 }
			);
			return value;
		},
		stop
	};
}
