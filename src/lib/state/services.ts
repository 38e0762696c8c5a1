/**
 * The app's background services: the service worker's registration (new versions) and the bank
 * check. Not what a member waits for, so they start after the first screen (issue #14).
 */
import { whenIdle } from '$lib/client/main-thread';
import { appUpdate } from './app-update.svelte';
import { bankUpdates } from './bank-updates.svelte';

/** The longest the services wait for an idle main thread. */
const IDLE_TIMEOUT_MS = 3000;
/** How long an installed app's cold start keeps its services back (see startServices). */
const INSTALLED_DELAY_MS = 2000;

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Start the services once the database has opened and then the main thread is first idle:
 * started earlier, the service worker's registration and the bank check's worker ran between
 * the open and the page's first reads, and a cold start drew its first screen (and a practice
 * its first question) that much later on a cheap phone. Idle comes once the page has drawn what
 * it read. An installed app's cold start waits 2 s first: its first screen (and a practice's
 * first question after the press) reads the database in short steps with idle moments between
 * them, and the services started in one and made the next late. Nothing waits on them there:
 * the worker already serves the app and the banks are installed; they check for something newer.
 * Returns the way to call them off (the layout unmounted first).
 */
export function startServices(dbOpened: Promise<void>, installed: boolean): () => void {
	let stopped = false;
	void dbOpened
		.then(() => installed && delay(INSTALLED_DELAY_MS))
		.then(() => whenIdle(IDLE_TIMEOUT_MS))
		.then(() => {
			if (stopped) return;
			appUpdate.start();
			// A check already running (the connection came back first) is this one.
			void bankUpdates.retry();
		});
	return () => {
		stopped = true;
	};
}
