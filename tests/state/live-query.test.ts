import { describe, expect, it } from 'vitest';
import { appDb } from '../../src/lib/client/app-db';
import { LiveQuery } from '../../src/lib/state/live-query.svelte';
import { emptyAppDb } from './db';
import { watch } from './watch.svelte';

describe('LiveQuery', () => {
	it('a background reading starts after the readings a screen opened with, whatever their order', async () => {
		await emptyAppDb();
		const order: string[] = [];
		const reading = (name: string) => async () => {
			order.push(name);
			return appDb().banks.count();
		};
		// The layout's status chip subscribes before the page's own content.
		const chip = new LiveQuery(reading('chip'), -1, { background: true });
		const page = new LiveQuery(reading('page'), -1);
		const view = watch(() => [chip.current, page.current]);
		await view.until(([c, p]) => c === 0 && p === 0, 'both readings');
		expect(order).toEqual(['page', 'chip']);
		view.stop();
	});
});
