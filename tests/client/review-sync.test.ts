import { describe, expect, it } from 'vitest';
import { freshDb } from './helpers';
import { recordReview } from '../../src/lib/client/review-store';
import {
	mergeReviewEvents,
	REVIEW_SYNC_OVERLAP_MS,
	syncReviewHistory
} from '../../src/lib/client/review-sync';
import type { AttemptRow } from '../../src/lib/client/db';
import { saveJoinedMember } from '../../src/lib/client/profiles';
import { pullReviewsAfter } from '../../src/lib/client/uploader';
import { modeRules } from '../../src/lib/core/play/modes';
import { rebuildDeck, type ReviewEvent } from '../../src/lib/core/play/review';
import {
	formatReviewCursor,
	parseReviewCursor,
	type ReviewHistoryPage
} from '../../src/lib/core/play/review-history';

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;
const member = { id: 'm1', token: 'secret-token' };

function event(attemptId: string, questionId: string, correct: boolean, at: number): ReviewEvent {
	return { memberKey: 'm1', bankId: 'demo-bank', questionId, attemptId, correct, at };
}

/** Events as the server keeps them: attempts in receive order, each with its receive time. */
function fakeServer(attempts: { receivedAt: number; events: ReviewEvent[] }[], pageSize = 2) {
	const requests: string[] = [];
	const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const url = new URL(String(input), 'http://device');
		requests.push(url.pathname + url.search);
		if (new Headers(init?.headers).get('authorization') !== `Bearer ${member.token}`) {
			return new Response('{}', { status: 401 });
		}
		const raw = url.searchParams.get('after');
		const after = raw === null ? { receivedAt: 0, attemptId: '' } : parseReviewCursor(raw);
		if (!after) return new Response('{}', { status: 422 });
		const rest = attempts
			.map((a) => ({ ...a, id: a.events[0]?.attemptId ?? '' }))
			.filter(
				(a) =>
					a.receivedAt > after.receivedAt ||
					(a.receivedAt === after.receivedAt && a.id > after.attemptId)
			);
		const page = rest.slice(0, pageSize);
		const last = page.at(-1);
		const body: ReviewHistoryPage = {
			events: page.flatMap((a) => a.events),
			cursor: formatReviewCursor(
				last ? { receivedAt: last.receivedAt, attemptId: last.id } : after
			),
			more: rest.length > pageSize
		};
		return Response.json(body);
	};
	return { fetch: fetch as typeof globalThis.fetch, requests };
}

describe('错题本 history from the server', () => {
	it('a new device gets the deck its member built elsewhere, identical to folding the history', async () => {
		const history = [
			{ receivedAt: T0, events: [event('a1', 'q1', false, T0), event('a1', 'q2', true, T0 + 1)] },
			{ receivedAt: T0 + DAY, events: [event('a2', 'q2', false, T0 + DAY)] },
			{ receivedAt: T0 + 2 * DAY, events: [event('a3', 'q1', true, T0 + 2 * DAY)] },
			{ receivedAt: T0 + 3 * DAY, events: [event('a4', 'q1', false, T0 + 3 * DAY)] }
		];
		const db = freshDb();
		const server = fakeServer(history);
		const report = await syncReviewHistory({ db, fetch: server.fetch, member });
		expect(report).toMatchObject({ ok: true, events: 5 });
		expect(server.requests).toHaveLength(2);
		const expected = rebuildDeck(history.flatMap((a) => a.events));
		expect(
			(await db.deck.toArray()).sort((a, b) => a.questionId.localeCompare(b.questionId))
		).toEqual([...expected.values()].sort((a, b) => a.questionId.localeCompare(b.questionId)));
		expect((await db.deck.get(['m1', 'demo-bank', 'q1']))?.forgotten).toBe(2);
	});

	it('is idempotent: a second run and overlapping pages change nothing', async () => {
		const history = [
			{ receivedAt: T0, events: [event('a1', 'q1', false, T0)] },
			{ receivedAt: T0 + 1000, events: [event('a2', 'q1', true, T0 + DAY)] }
		];
		const db = freshDb();
		const server = fakeServer(history);
		await syncReviewHistory({ db, fetch: server.fetch, member });
		const deck = await db.deck.toArray();
		const log = await db.reviewLog.toArray();
		const again = await syncReviewHistory({ db, fetch: server.fetch, member });
		// It starts a little before where it stopped, so the last attempts come again, and merge as no-ops.
		expect(server.requests.at(-1)).toBe(
			`/api/review-history?after=${T0 + 1000 - REVIEW_SYNC_OVERLAP_MS}`
		);
		expect(again).toMatchObject({ ok: true, events: 2, changed: 0 });
		expect(await db.deck.toArray()).toEqual(deck);
		expect(await db.reviewLog.toArray()).toEqual(log);
	});

	it('merges with answers made on this device, whatever order they arrive in', async () => {
		const db = freshDb();
		const attempt = { id: 'local', bankId: 'demo-bank', memberId: 'm1' } as AttemptRow;
		// This device missed q1 on day 2; another device missed it on day 1 and got it right on day 3.
		await recordReview(
			db,
			attempt,
			{
				questionId: 'q1',
				response: 'A',
				correct: false,
				elapsedMs: 900,
				answeredAt: T0 + DAY
			},
			modeRules('practice')
		);
		const remote = [event('r1', 'q1', false, T0), event('r2', 'q1', true, T0 + 2 * DAY)];
		await mergeReviewEvents(db, remote);
		const all = [event('local', 'q1', false, T0 + DAY), ...remote];
		expect(await db.deck.get(['m1', 'demo-bank', 'q1'])).toEqual(
			rebuildDeck(all).values().next().value
		);
		expect(await db.reviewLog.count()).toBe(3);
	});

	it('an answer played before joining moves to the member, taking its card along', async () => {
		const db = freshDb();
		const before = { id: 'early', bankId: 'demo-bank', memberId: null } as AttemptRow;
		await recordReview(
			db,
			before,
			{ questionId: 'q9', response: 'A', correct: false, elapsedMs: 900, answeredAt: T0 },
			modeRules('practice')
		);
		expect(await db.deck.get(['', 'demo-bank', 'q9'])).toBeTruthy();
		await mergeReviewEvents(db, [event('early', 'q9', false, T0)]);
		expect(await db.deck.get(['', 'demo-bank', 'q9'])).toBeUndefined();
		expect(await db.deck.get(['m1', 'demo-bank', 'q9'])).toMatchObject({ forgotten: 1 });
	});

	it('the server’s judgement replaces the device’s claim for the same answer', async () => {
		const db = freshDb();
		await mergeReviewEvents(db, [event('a1', 'q1', false, T0)]);
		expect(await db.deck.count()).toBe(1);
		// Re-scored as right (and never missed otherwise): the card goes.
		await mergeReviewEvents(db, [event('a1', 'q1', true, T0)]);
		expect(await db.deck.count()).toBe(0);
	});

	it('a refused token or no network keeps what is stored and reports it', async () => {
		const db = freshDb();
		await mergeReviewEvents(db, [event('a1', 'q1', false, T0)]);
		const server = fakeServer([]);
		expect(
			await syncReviewHistory({ db, fetch: server.fetch, member: { id: 'm1', token: 'old' } })
		).toEqual({ ok: false, status: 401 });
		const offline = (async () => {
			throw new TypeError('Failed to fetch');
		}) as typeof globalThis.fetch;
		expect(await syncReviewHistory({ db, fetch: offline, member })).toEqual({
			ok: false,
			status: 0
		});
		expect(await db.deck.count()).toBe(1);
	});

	it('after an upload, the active member’s history is pulled only when the server took results', async () => {
		const db = freshDb();
		await saveJoinedMember(
			db,
			{
				memberId: 'm1',
				displayName: '张三',
				groupId: 'g1',
				groupName: '机关支部',
				groupKind: 'branch',
				token: member.token,
				recoveryCode: null
			},
			T0
		);
		const server = fakeServer([{ receivedAt: T0, events: [event('a1', 'q1', false, T0)] }]);
		const report = {
			outcome: 'done' as const,
			accepted: 0,
			duplicate: 0,
			rejected: 1,
			checkinsSent: 0,
			checkinsRejected: 0
		};
		await pullReviewsAfter(report, db, server.fetch);
		expect(server.requests).toEqual([]);
		await pullReviewsAfter({ ...report, accepted: 1 }, db, server.fetch);
		expect(server.requests).toEqual(['/api/review-history']);
		expect(await db.deck.get(['m1', 'demo-bank', 'q1'])).toMatchObject({ forgotten: 1 });
	});
});
