import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bankUpdates } from '../../src/lib/state/bank-updates.svelte';
import { online } from '../../src/lib/state/online.svelte';
import { siteFetch } from '../client/helpers';
import { emptyAppDb } from './db';
import { deferred, setOnline } from './fixtures';
import { watch } from './watch.svelte';

/**
 * What an 'online' event sets off: only what its news changes. A device back on line retries
 * what failed, but work already running online is not asked for again (issue #14: every such
 * event started a second bank check and a second competitions refresh beside the uploads).
 */

describe('online.current', () => {
	afterEach(() => setOnline(true));

	it('re-runs its readers when the answer changes, not for an event that changes nothing', () => {
		let runs = 0;
		const seen = watch(() => {
			runs += 1;
			return online.current;
		});
		expect([seen.value, runs]).toEqual([true, 1]);
		window.dispatchEvent(new Event('online'));
		window.dispatchEvent(new Event('online'));
		expect([seen.value, runs]).toEqual([true, 1]);
		setOnline(false);
		expect([seen.value, runs]).toEqual([false, 2]);
		window.dispatchEvent(new Event('offline'));
		expect([seen.value, runs]).toEqual([false, 2]);
		setOnline(true);
		expect([seen.value, runs]).toEqual([true, 3]);
		seen.stop();
	});
});

describe('bankUpdates.retry (the connection came back, or the timer)', () => {
	/** The bank index's requests, each held until the test answers it. */
	let held: { path: string; answer: (r: Response) => void }[];
	const site = siteFetch([]);

	beforeEach(async () => {
		await emptyAppDb();
		held = [];
		vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
			const path = String(input);
			const { promise, resolve } = deferred<Response>();
			held.push({ path, answer: resolve });
			return promise;
		});
	});
	afterEach(async () => {
		// A check a failing test left running is answered to its end: the next test starts idle.
		while (bankUpdates.busy || held.length) await answer(true);
		vi.unstubAllGlobals();
	});

	/** Answer the oldest held request: the real index, or a server error. */
	async function answer(ok: boolean) {
		await vi.waitFor(() => expect(held.length).toBeGreaterThan(0));
		const next = held.shift();
		next?.answer(ok ? await site.fetch(next.path) : new Response('busy', { status: 503 }));
	}

	const indexRequests = () => held.filter((h) => h.path === '/banks/index.json').length;
	/** The checks asked for so far have all ended (none running, none started after). */
	const settled = () => vi.waitFor(() => expect(bankUpdates.busy).toBe(false));

	it('checks at once when no check runs', async () => {
		const done = bankUpdates.retry();
		expect(bankUpdates.busy).toBe(true);
		await answer(true);
		await done;
		expect(bankUpdates.status).toBe('done');
	});

	it('asked while a check runs, does not check again when that one succeeds', async () => {
		const first = bankUpdates.run();
		await vi.waitFor(() => expect(indexRequests()).toBe(1));
		await bankUpdates.retry();
		await answer(true);
		await settled();
		await first;
		expect(bankUpdates.status).toBe('done');
		expect(held).toEqual([]);
	});

	it('asked while a check runs, checks once more when that one fails', async () => {
		const first = bankUpdates.run();
		await vi.waitFor(() => expect(indexRequests()).toBe(1));
		await bankUpdates.retry();
		await bankUpdates.retry();
		await answer(false);
		// The second check asks for the index again: answered, it ends the run.
		await vi.waitFor(() => expect(indexRequests()).toBe(1));
		await answer(true);
		await settled();
		await first;
		expect(bankUpdates.status).toBe('done');
		expect(held).toEqual([]);
	});

	it('a check asked for while one runs (a member joined a branch) still follows it', async () => {
		const first = bankUpdates.run();
		await vi.waitFor(() => expect(indexRequests()).toBe(1));
		await bankUpdates.run();
		await answer(true);
		await vi.waitFor(() => expect(indexRequests()).toBe(1));
		await answer(true);
		await settled();
		await first;
		expect(bankUpdates.status).toBe('done');
	});
});
