import type { Environment } from 'vitest/environments';

/**
 * Node, but with modules transformed for the browser: the rune classes compile to Svelte's client
 * code (effects and subscribers run) and `svelte` resolves to its client runtime. IndexedDB comes
 * from fake-indexeddb (imported by each test, as in tests/client); `window` is the global object
 * with events (`online`/`offline` are dispatched by the tests) and `navigator.onLine` is writable;
 * matchMedia never matches.
 */
export default <Environment>{
	name: 'node-as-client',
	viteEnvironment: 'client',
	setup(global: typeof globalThis & Record<string, unknown>) {
		const events = new EventTarget();
		const added = {
			window: global,
			addEventListener: events.addEventListener.bind(events),
			removeEventListener: events.removeEventListener.bind(events),
			dispatchEvent: events.dispatchEvent.bind(events),
			navigator: { onLine: true, userAgent: 'node' },
			// svelte/reactivity/window makes its devicePixelRatio on import.
			devicePixelRatio: 1,
			matchMedia: () => Object.assign(new EventTarget(), { matches: false })
		};
		const previous = Object.getOwnPropertyDescriptor(global, 'navigator');
		for (const [key, value] of Object.entries(added)) {
			Object.defineProperty(global, key, { value, configurable: true, writable: true });
		}
		return {
			teardown() {
				for (const key of Object.keys(added)) delete global[key];
				if (previous) Object.defineProperty(global, 'navigator', previous);
			}
		};
	}
};
