/**
 * How many results wait for upload, for every screen that says so (the status chip, 今日, 我的):
 * one live reading of the outbox (client/outbox.ts), so no two screens can count differently.
 */
import { appDb } from '$lib/client/app-db';
import {
	outboxCounts,
	outboxRowLabel,
	readUploadHistory,
	rejectedRows,
	retryRejected,
	type OutboxCounts,
	type UploadHistory
} from '$lib/client/outbox';
import { LiveQuery } from './live-query.svelte';

const NONE: OutboxCounts = { pending: 0, rejected: 0, checkins: 0, unclaimed: 0 };

export interface RejectedEntry {
	id: string;
	label: string;
	createdAt: number;
	reason: string;
}

class OutboxStatus {
	#counts = new LiveQuery(() => outboxCounts(appDb()), NONE);
	#rejected = new LiveQuery(
		async () =>
			(await rejectedRows(appDb())).map((row): RejectedEntry => ({
				id: row.id,
				label: outboxRowLabel(row),
				createdAt: row.createdAt,
				reason: row.lastError ?? '服务器拒收'
			})),
		[] as RejectedEntry[]
	);
	#history = new LiveQuery<UploadHistory | null>(() => readUploadHistory(appDb()), null);

	/** Results and check-ins not yet on the server: waiting, or refused and kept with a reason. */
	get waiting(): number {
		const c = this.#counts.current;
		return c.pending + c.rejected + c.checkins;
	}

	/** Results played before joining a group: they upload once a member claims them. */
	get waitingForJoin(): number {
		return this.#counts.current.unclaimed;
	}

	/** Refused results with the server's reason, newest first. */
	get rejected(): RejectedEntry[] {
		return this.#rejected.current;
	}

	get lastSuccessAt(): number | null {
		return this.#history.current?.lastSuccessAt ?? null;
	}

	/** Queue the refused results again (the upload itself is the upload service's). */
	retryRejected(): Promise<number> {
		return retryRejected(appDb());
	}
}

export const outboxStatus = new OutboxStatus();
