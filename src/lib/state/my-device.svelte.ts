/**
 * 我的 → 本机数据: how many runs were finished on this device and how much storage the app uses.
 */
import { createSubscriber } from 'svelte/reactivity';
import { appDb } from '$lib/client/app-db';
import { LiveQuery } from './live-query.svelte';

export class MyDevice {
	readonly #finished = new LiveQuery(
		() => appDb().attempts.where('status').equals('finished').count(),
		0
	);
	#storage = $state('');
	/** Asked once each time something starts reading it (the browser's estimate is slow). */
	readonly #estimate = createSubscriber(() => {
		void navigator.storage?.estimate?.().then(({ usage }) => {
			this.#storage = usage === undefined ? '' : `${(usage / 1024 / 1024).toFixed(1)} MB`;
		});
	});

	get finished(): number {
		return this.#finished.current;
	}

	/** The app's storage in MB, '' where the browser does not say. */
	get storage(): string {
		this.#estimate();
		return this.#storage;
	}
}
