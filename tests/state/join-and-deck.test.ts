import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JoinedMember } from '../../src/lib/core/api-types';
import type { DeckCard } from '../../src/lib/core/play/review';
import { updateBanks } from '../../src/lib/client/bank-installer';
import { switchMember } from '../../src/lib/client/profiles';
import { JoinFlow } from '../../src/lib/state/join-flow.svelte';
import { profiles } from '../../src/lib/state/profiles.svelte';
import { ReviewDeck } from '../../src/lib/state/review-deck.svelte';
import { judge, meta, multiple, single } from '../fixtures/questions';
import { serveBank, siteFetch } from '../client/helpers';
import { emptyAppDb } from './db';
import { memberRow } from './fixtures';
import { watch } from './watch.svelte';

describe('joining (JoinFlow)', () => {
	const requests: { path: string; body: unknown }[] = [];
	const joined: JoinedMember = {
		memberId: 'm-new',
		displayName: '王芳',
		groupId: 'g1',
		groupName: '第一支部',
		groupKind: 'branch',
		token: 'secret',
		recoveryCode: 'ABCD-EFGH'
	};
	beforeEach(async () => {
		await emptyAppDb();
		requests.length = 0;
		vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
			requests.push({ path, body: init.body ? JSON.parse(String(init.body)) : undefined });
			if (path.startsWith('/api/join/')) {
				return Response.json({
					group: { name: '第一支部', kind: 'branch', orgName: '金河镇' },
					roster: []
				});
			}
			if (path === '/api/join') {
				const body = JSON.parse(String(init.body)) as { displayName?: string };
				return body.displayName === '重名'
					? Response.json({ error: { message: '这个名字已经有人用了' } }, { status: 409 })
					: Response.json(joined, { status: 201 });
			}
			return new Response(null, { status: 404 });
		});
	});
	afterEach(() => vi.unstubAllGlobals());

	it('a code that cannot be one is refused before asking the server', async () => {
		const flow = new JoinFlow();
		flow.code = '12';
		await flow.lookUp();
		expect(flow.error).toBe('加入码是 6 位字母和数字，请核对后再试');
		expect(requests).toEqual([]);
	});

	it('looks the group up, joins, and makes the new member the active profile', async () => {
		const active = watch(() => profiles.active.current?.id ?? null);
		const flow = new JoinFlow();
		await flow.startWith(' k7m-xq4 ');
		expect(flow.code).toBe('K7MXQ4');
		expect(flow.preview?.group.name).toBe('第一支部');

		await flow.join({ displayName: '重名' });
		expect(flow.error).toBe('这个名字已经有人用了');
		expect(flow.joined).toBeNull();

		await flow.join({ displayName: '王芳' });
		expect(flow.error).toBeNull();
		expect(flow.joined).toEqual(joined);
		expect(requests.at(-1)).toEqual({
			path: '/api/join',
			body: { code: 'K7MXQ4', displayName: '王芳' }
		});
		await active.until((id) => id === 'm-new', 'the new profile');
		active.stop();
	});
});

describe('错题本 (ReviewDeck)', () => {
	const card = (questionId: string, due: number, hard = false): DeckCard => ({
		memberKey: 'm1',
		bankId: meta.id,
		questionId,
		due,
		stability: 1,
		difficulty: 5,
		scheduledDays: 1,
		learningSteps: 0,
		reps: 1,
		lapses: 1,
		state: 1,
		lastReview: 0,
		forgotten: hard ? 8 : 1,
		hard
	});

	it('the active member’s cards with their stems, soonest first, filtered by due, all or hard', async () => {
		const db = await emptyAppDb();
		await updateBanks({
			db,
			fetch: siteFetch([serveBank(meta, [single, multiple, judge])]).fetch,
			now: () => Date.now(),
			indexUrl: '/banks/index.json'
		});
		await db.members.put(memberRow('m1', '甲'));
		await switchMember(db, 'm1');
		const now = Date.now();
		await db.deck.bulkPut([
			card(judge.id, now + 86_400_000, true),
			card(single.id, now - 1000),
			// Someone else's card on the same device is not shown.
			{ ...card(multiple.id, now - 1000), memberKey: '' }
		]);
		const deck = new ReviewDeck(now);
		const shown = watch(() => deck.shown.map((c) => [c.questionId, c.stem]));
		await shown.until((rows) => rows.length > 0, 'the deck');
		expect(shown.value).toEqual([[single.id, single.stem]]);
		deck.filter = 'all';
		expect(shown.value).toEqual([
			[single.id, single.stem],
			[judge.id, judge.stem]
		]);
		deck.filter = 'hard';
		expect(shown.value).toEqual([[judge.id, judge.stem]]);
		shown.stop();
	});
});
