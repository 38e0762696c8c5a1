/**
 * The upload protocol between the device's outbox and POST /api/sync: its limits, names and the
 * device's retry rules. At-least-once delivery from the device plus an idempotent server (every
 * record's id is its key) gives effectively once. Plain constants and functions: the page, the
 * service worker and the server import them without loading a validator. The shapes on the wire
 * are the valibot schemas in envelope.ts and the record modules beside it.
 */

/** Version of an attempt payload (`protocol` in every attempt). */
export const SYNC_PROTOCOL_VERSION = 1;

/**
 * At most this many records (attempts and other kinds together) in one request. 100 since issue
 * #14 (50 before): the server stores a batch of attempts with one INSERT, so fewer, larger
 * requests drain a backlog faster; 100 attempts of 20 answers are about 250 KB, inside the byte
 * limit below, and a server never sees more from an older device.
 */
export const SYNC_MAX_ITEMS = 100;
/** At most this many check-ins in one request (about two months of all three kinds). */
export const CHECKIN_MAX_ITEMS = 200;
/** At most this many bytes of request body. */
export const SYNC_MAX_BYTES = 512 * 1024;

/**
 * The Web Lock that makes one upload at a time per device (tabs and the service worker share it),
 * and the Background Sync tag the page registers and the service worker answers: one name, so the
 * two can never drift apart.
 */
export const UPLOAD_LOCK = 'pocket-classroom-upload';
export const BACKGROUND_SYNC_TAG = 'pocket-classroom-upload';
/**
 * Where the service worker's upload script (src/service-worker-upload.ts, imported with
 * importScripts) leaves its upload function for the worker to call.
 */
export const BACKGROUND_UPLOAD_GLOBAL = 'pocketClassroomUploadInBackground';
/** An upload request that takes longer is abandoned and retried later (page and worker alike). */
export const UPLOAD_TIMEOUT_MS = 15_000;

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
