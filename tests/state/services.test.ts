import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appUpdate } from '../../src/lib/state/app-update.svelte';
import { bankUpdates } from '../../src/lib/state/bank-updates.svelte';
import { startServices } from '../../src/lib/state/services';

describe('startServices (the service worker’s registration and the bank check)', () => {
	let started: ReturnType<typeof vi.spyOn>;
	let checked: ReturnType<typeof vi.spyOn>;
	beforeEach(() => {
		vi.useFakeTimers();
		started = vi.spyOn(appUpdate, 'start').mockImplementation(() => {});
		checked = vi.spyOn(bankUpdates, 'retry').mockResolvedValue();
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.restoreAllMocks();
	});

	it('waits for the database’s open, then for the main thread', async () => {
		let open = () => {};
		startServices(new Promise<void>((resolve) => (open = resolve)), false);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(started).not.toHaveBeenCalled();
		open();
		await vi.advanceTimersByTimeAsync(10);
		expect(started).toHaveBeenCalledOnce();
		expect(checked).toHaveBeenCalledOnce();
	});

	it('an installed app’s cold start keeps them back two seconds', async () => {
		startServices(Promise.resolve(), true);
		await vi.advanceTimersByTimeAsync(1_990);
		expect(started).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(20);
		expect(started).toHaveBeenCalledOnce();
		expect(checked).toHaveBeenCalledOnce();
	});

	it('called off before they start, they never do', async () => {
		const stop = startServices(Promise.resolve(), true);
		await vi.advanceTimersByTimeAsync(1_000);
		stop();
		await vi.advanceTimersByTimeAsync(10_000);
		expect(started).not.toHaveBeenCalled();
		expect(checked).not.toHaveBeenCalled();
	});
});
