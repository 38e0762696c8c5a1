/**
 * The upload protocol between the device's outbox and POST /api/sync. At-least-once delivery
 * from the device plus an idempotent server (the attempt id is the key) gives effectively once.
 */
import type { CheckinResult } from './checkin';

/** At most this many attempts in one request, and this many bytes of body. */
export const SYNC_MAX_ITEMS = 50;
export const SYNC_MAX_BYTES = 512 * 1024;

export type SyncItemStatus = 'accepted' | 'duplicate' | 'rejected';

export interface SyncItemResult {
	id: string;
	status: SyncItemStatus;
	/** Why an item was rejected, in words a member can read. */
	reason?: string;
	/** The server's own score (it re-scores; the device's claim is not trusted). */
	correct?: number;
	total?: number;
}

export interface SyncResponse {
	results: SyncItemResult[];
	/**
	 * One answer per uploaded check-in, present when the request carried `checkins`
	 * (core/checkin-sync.ts; read it with `parseCheckinResults`).
	 */
	checkins?: CheckinResult[];
}

/** What the device does with a whole response that is not a per-item answer. */
export type SyncFailure = 'retry' | 'unauthorized' | 'bad-request';

/**
 * How the device treats an HTTP status (the sync contract): network trouble and overload are
 * retried with backoff; 401 keeps the queue and asks the member to re-join; other 4xx keep the
 * items and show the reason.
 *
 * @example classifyStatus(503) // → 'retry'
 */
export function classifyStatus(status: number): SyncFailure | 'ok' {
	if (status >= 200 && status < 300) return 'ok';
	if (status === 401 || status === 403) return 'unauthorized';
	if (status === 408 || status === 429 || status >= 500) return 'retry';
	return 'bad-request';
}

/**
 * Exponential backoff with full jitter, capped: attempt 0 waits up to `baseMs`, each failure
 * doubles the ceiling, never above `capMs` (15 minutes by default).
 *
 * @example backoffDelay(3, () => 0.5) // → 8000 (half of 2000 × 2³)
 */
export function backoffDelay(
	failures: number,
	random: () => number,
	baseMs = 2000,
	capMs = 15 * 60 * 1000
): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failures));
	return Math.round(ceiling * random());
}

/** Parse a server response defensively: anything unexpected is treated as a failed request. */
export function parseSyncResponse(input: unknown): SyncResponse | null {
	if (typeof input !== 'object' || input === null) return null;
	const results = (input as { results?: unknown }).results;
	if (!Array.isArray(results)) return null;
	const out: SyncItemResult[] = [];
	for (const r of results) {
		if (typeof r !== 'object' || r === null) return null;
		const { id, status, reason, correct, total } = r as Record<string, unknown>;
		if (typeof id !== 'string') return null;
		if (status !== 'accepted' && status !== 'duplicate' && status !== 'rejected') return null;
		out.push({
			id,
			status,
			reason: typeof reason === 'string' ? reason : undefined,
			correct: typeof correct === 'number' ? correct : undefined,
			total: typeof total === 'number' ? total : undefined
		});
	}
	return { results: out };
}
