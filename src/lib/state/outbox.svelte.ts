/**
 * How many results wait for upload, for every screen that says so (the status chip, 今日, 我的):
 * one live reading of the outbox (client/outbox-counts.ts), so no two screens can count
 * differently. What 我的 adds (refused results, the last upload) is in upload-report.svelte.ts,
 * which only 我的 loads.
 */
import { appDb } from '$lib/client/app-db';
import { outboxCounts, type OutboxCounts } from '$lib/client/outbox-counts';
import { LiveQuery } from './live-query.svelte';

const NONE: OutboxCounts = { pending: 0, rejected: 0, checkins: 0, unclaimed: 0 };

class OutboxStatus {
	// In the background: the chip's count can come a moment after the page's own first reads.
	#counts = new LiveQuery(() => outboxCounts(appDb()), NONE, { background: true });

	/** Results and check-ins not yet on the server: waiting, or refused and kept with a reason. */
	get waiting(): number {
		const c = this.#counts.current;
		return c.pending + c.rejected + c.checkins;
	}

	/** Results played before joining a group: they upload once a member claims them. */
	get waitingForJoin(): number {
		return this.#counts.current.unclaimed;
	}
}

export const outboxStatus = new OutboxStatus();
