import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PocketDb } from '../../src/lib/client/db';
import { switchMember } from '../../src/lib/client/profiles';
import { GroupBoard } from '../../src/lib/state/group-board.svelte';
import { profiles } from '../../src/lib/state/profiles.svelte';
import { emptyAppDb } from './db';
import { boardOf, deferred, memberRow, setOnline } from './fixtures';
import { watch } from './watch.svelte';

const ada = memberRow('m-ada', '阿达');
const bo = memberRow('m-bo', '小波');

/** What the page shows: whose page it is and whose board (by the score it carries). */
function shown(group: GroupBoard) {
	return {
		member: group.member?.id ?? null,
		score: group.board?.top[0]?.score ?? null,
		error: group.error
	};
}

describe('GroupBoard (组织)', () => {
	let db: PocketDb;
	beforeEach(async () => {
		db = await emptyAppDb();
		await db.members.bulkPut([ada, bo]);
		await switchMember(db, ada.id);
	});
	afterEach(() => {
		vi.unstubAllGlobals();
		setOnline(true);
	});

	it('after a profile switch offline, shows the new member’s kept board, never the previous one’s', async () => {
		await db.settings.bulkPut([
			{ key: `leaderboard:${ada.id}`, value: boardOf(ada, 11) },
			{ key: `leaderboard:${bo.id}`, value: boardOf(bo, 22) }
		]);
		setOnline(false);
		const fetchSpy = vi.fn(() => Promise.reject(new TypeError('offline')));
		vi.stubGlobal('fetch', fetchSpy);

		const group = new GroupBoard();
		const view = watch(() => shown(group));
		await view.until((v) => v.score === 11, "阿达's board");

		// Another tab (or 我的) switches to 小波 while this page stays open, still offline.
		await switchMember(db, bo.id);
		await view.until((v) => v.member === bo.id, 'the switch');
		expect(view.value).toEqual({ member: bo.id, score: 22, error: null });

		// A profile with nothing kept shows no board rather than someone else's.
		await db.settings.delete(`leaderboard:${ada.id}`);
		await switchMember(db, ada.id);
		await view.until((v) => v.member === ada.id, 'the switch back');
		expect(view.value).toEqual({ member: ada.id, score: null, error: null });
		expect(fetchSpy).not.toHaveBeenCalled();
		view.stop();
	});

	it('a slow answer for the previous profile never shows under the new one, and is kept for its own', async () => {
		const answers = new Map([
			[ada.token, deferred<Response>()],
			[bo.token, deferred<Response>()]
		]);
		const asked: string[] = [];
		vi.stubGlobal('fetch', (_path: string, init: RequestInit) => {
			const token = (init.headers as Record<string, string>).authorization?.slice('Bearer '.length);
			asked.push(token ?? '');
			return answers.get(token ?? '')?.promise ?? Promise.reject(new Error('unknown token'));
		});
		const group = new GroupBoard();
		const view = watch(() => shown(group));
		await view.until((v) => v.member === ada.id, '阿达 active');

		await switchMember(db, bo.id);
		await view.until((v) => v.member === bo.id, 'the switch');
		answers.get(ada.token)?.resolve(Response.json(boardOf(ada, 11)));
		await vi.waitFor(async () =>
			expect((await db.settings.get(`leaderboard:${ada.id}`))?.value).toEqual(boardOf(ada, 11))
		);
		expect(view.value).toEqual({ member: bo.id, score: null, error: null });

		answers.get(bo.token)?.resolve(Response.json(boardOf(bo, 22)));
		await view.until((v) => v.score === 22, "小波's board");
		expect(view.value).toEqual({ member: bo.id, score: 22, error: null });
		// Once per profile: keeping a board (a write to the settings table) fetches nothing again,
		// nor does the profile row being written.
		await db.members.update(bo.id, { displayName: '小波波' });
		const name = watch(() => profiles.active.current?.displayName);
		await name.until((n) => n === '小波波', 'the profile read again');
		name.stop();
		expect(asked).toEqual([ada.token, bo.token]);
		view.stop();
	});

	it('a refusal is shown for the member it was about, over the board kept for them', async () => {
		await db.settings.put({ key: `leaderboard:${ada.id}`, value: boardOf(ada, 11) });
		vi.stubGlobal('fetch', () =>
			Promise.resolve(
				Response.json({ error: { message: '身份已失效，请重新加入' } }, { status: 401 })
			)
		);
		const group = new GroupBoard();
		const view = watch(() => shown(group));
		await view.until((v) => v.error !== null && v.score !== null, 'the refusal');
		expect(view.value).toEqual({ member: ada.id, score: 11, error: '身份已失效，请重新加入' });
		view.stop();
	});
});
