/**
 * What 我的 says about uploads beyond the count (state/outbox.svelte.ts): the results the server
 * refused, with its reason, and when an upload last succeeded. Only 我的 loads it.
 */
import { appDb } from '$lib/client/app-db';
import {
	outboxRowLabel,
	readUploadHistory,
	rejectedRows,
	retryRejected,
	type UploadHistory
} from '$lib/client/outbox';
import { LiveQuery } from './live-query.svelte';

export interface RejectedEntry {
	id: string;
	label: string;
	createdAt: number;
	reason: string;
}

class UploadReport {
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

export const uploadReport = new UploadReport();
