/**
 * 错题本 history from the server (GET /api/review-history): a member's review events, re-judged
 * by the server from every attempt they uploaded from any device, merged into this device's
 * history and folded into the deck again. Run after joining or recovering on a device, and after
 * each upload that the server accepted. Loaded on demand: it carries the FSRS scheduler.
 */
import { parseReviewCursor, type ReviewHistoryPage } from '$lib/core/play/review-history';
import { deckKey, type ReviewEvent } from '$lib/core/play/review';
import type { MemberRow, PocketDb } from './db';
import { activeMember } from './profiles';
import { rebuildDeckFromHistory } from './review-store';

/** Re-read this much before the last position: an upload that committed late is not missed. */
export const REVIEW_SYNC_OVERLAP_MS = 10 * 60_000;
/** Pages per run; the next run carries on from the saved position. */
export const REVIEW_SYNC_MAX_PAGES = 40;

const cursorKey = (memberId: string) => `reviewHistoryCursor:${memberId}`;

export interface ReviewSyncDeps {
	db: PocketDb;
	fetch: typeof globalThis.fetch;
	member: Pick<MemberRow, 'id' | 'token'>;
	endpoint?: string;
}

export type ReviewSyncReport =
	{ ok: true; events: number; changed: number; cards: number } | { ok: false; status: number };

const sameEvent = (a: ReviewEvent, b: ReviewEvent) =>
	a.memberKey === b.memberKey &&
	a.bankId === b.bankId &&
	a.questionId === b.questionId &&
	a.correct === b.correct &&
	a.at === b.at;

/**
 * Merge review events into the history, keyed [attemptId+questionId] so a repeat is a no-op,
 * and rebuild the deck cards they touch. The server's judgement replaces the device's for the
 * same answer (it re-scored it), and an answer played before joining (member '') moves to the
 * member, so both cards are rebuilt. Returns how many history rows changed.
 */
export async function mergeReviewEvents(
	db: PocketDb,
	events: readonly ReviewEvent[]
): Promise<{ changed: number; cards: number }> {
	return db.transaction('rw', db.reviewLog, db.deck, async () => {
		const stored = await db.reviewLog.bulkGet(
			events.map((e) => [e.attemptId, e.questionId] as [string, string])
		);
		const touched = new Map<string, ReviewEvent>();
		const changed: ReviewEvent[] = [];
		for (const [i, e] of events.entries()) {
			const old = stored[i];
			if (old && sameEvent(old, e)) continue;
			changed.push(e);
			touched.set(deckKey(e), e);
			if (old) touched.set(deckKey(old), old);
		}
		if (!changed.length) return { changed: 0, cards: 0 };
		await db.reviewLog.bulkPut(changed);
		const cards = await rebuildDeckFromHistory(db, [...touched.values()]);
		return { changed: changed.length, cards };
	});
}

/**
 * Fetch the member's review history from where the last run stopped (less an overlap) and merge
 * it page by page, saving the position after each page. A failure keeps what was merged; the
 * next trigger carries on.
 */
export async function syncReviewHistory(deps: ReviewSyncDeps): Promise<ReviewSyncReport> {
	const { db, member } = deps;
	const saved = (await db.settings.get(cursorKey(member.id)))?.value;
	let after =
		typeof saved === 'number' ? String(Math.max(0, saved - REVIEW_SYNC_OVERLAP_MS)) : null;
	const report = { ok: true as const, events: 0, changed: 0, cards: 0 };
	for (let page = 0; page < REVIEW_SYNC_MAX_PAGES; page++) {
		const url = `${deps.endpoint ?? '/api/review-history'}${after === null ? '' : `?after=${after}`}`;
		let body: ReviewHistoryPage;
		try {
			const response = await deps.fetch(url, {
				headers: { authorization: `Bearer ${member.token}` },
				signal: AbortSignal.timeout(15_000)
			});
			if (!response.ok) return { ok: false, status: response.status };
			body = (await response.json()) as ReviewHistoryPage;
		} catch {
			return { ok: false, status: 0 };
		}
		const merged = await mergeReviewEvents(db, body.events);
		report.events += body.events.length;
		report.changed += merged.changed;
		report.cards += merged.cards;
		after = body.cursor;
		const receivedAt = parseReviewCursor(body.cursor)?.receivedAt ?? 0;
		if (receivedAt > 0) await db.settings.put({ key: cursorKey(member.id), value: receivedAt });
		if (!body.more) break;
	}
	return report;
}

/** The same for the device's active profile; nothing without one, or while it must re-join. */
export async function syncActiveMember(
	db: PocketDb,
	fetch: typeof globalThis.fetch
): Promise<ReviewSyncReport | null> {
	const member = await activeMember(db);
	if (!member || member.needsRejoin) return null;
	return syncReviewHistory({ db, fetch, member });
}
