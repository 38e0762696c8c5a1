/**
 * Check-ins (打卡) in the upload protocol. A device sends them next to its attempts in the same
 * POST /api/sync batch (`{ items, checkins }`) and gets one answer per check-in, keyed by day and
 * kind. The server keeps check-ins as a set keyed by (member, day, kind), so a resend or a second
 * device answers `duplicate` and merging never depends on the order devices sync in.
 */
import type { CheckinKind } from '../checkin/streak';
import type { SyncItemStatus } from './protocol';

/** At most this many check-ins in one request (about two months of all three kinds). */
export const CHECKIN_MAX_ITEMS = 200;

/** What the device uploads for one check-in. */
export interface CheckinUpload {
	/** The org's study day the device computed, 'YYYY-MM-DD'. */
	day: string;
	kind: CheckinKind;
	/** Device time of the check-in (ms since epoch); the server also stores its own receive time. */
	at: number;
	/** The lecture code given out at the session: required for 'jiang', absent otherwise. */
	code?: string;
}

export interface CheckinResult {
	/** `checkinUploadKey` of the upload, or `#index` when it had no readable day and kind. */
	key: string;
	status: SyncItemStatus;
	/** Why it was rejected, in words a member can read. */
	reason?: string;
}

/**
 * The key a check-in's answer comes back under: its day and kind, which is also its identity
 * on the server (for one member).
 *
 * @example checkinUploadKey({ day: '2026-11-28', kind: 'yun', at: 0 }) // → '2026-11-28/yun'
 */
export function checkinUploadKey(c: Pick<CheckinUpload, 'day' | 'kind'>): string {
	return `${c.day}/${c.kind}`;
}

/**
 * Parse a check-in answer list from a server response defensively: anything unexpected gives
 * null, which the device treats like a failed request and retries.
 *
 * @example parseCheckinResults([{ key: '2026-11-28/yun', status: 'accepted' }]) // → the same list
 */
export function parseCheckinResults(input: unknown): CheckinResult[] | null {
	if (!Array.isArray(input)) return null;
	const out: CheckinResult[] = [];
	for (const r of input) {
		if (typeof r !== 'object' || r === null) return null;
		const { key, status, reason } = r as Record<string, unknown>;
		if (typeof key !== 'string') return null;
		if (status !== 'accepted' && status !== 'duplicate' && status !== 'rejected') return null;
		out.push(typeof reason === 'string' ? { key, status, reason } : { key, status });
	}
	return out;
}
