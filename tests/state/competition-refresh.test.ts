import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemberRow, PocketDb } from '../../src/lib/client/db';
import { switchMember } from '../../src/lib/client/profiles';
import { watchMemberCompetitions } from '../../src/lib/state/competition-refresh.svelte';
import { profiles } from '../../src/lib/state/profiles.svelte';
import { emptyAppDb } from './db';
import { memberRow, setOnline } from './fixtures';
import { watch, type Watched } from './watch.svelte';

const ada = memberRow('m-ada', '阿达');
const bo = memberRow('m-bo', '小波');

describe('watchMemberCompetitions (when the layout refreshes 知识竞赛)', () => {
	let db: PocketDb;
	let refreshes: number;
	let stop = () => {};
	/** The active member as the screens see it: each change below is waited for through it. */
	let active: Watched<MemberRow | null>;

	beforeEach(async () => {
		db = await emptyAppDb();
		await db.members.bulkPut([ada, bo]);
		await switchMember(db, ada.id);
		refreshes = 0;
		// Started once the active member reads 阿达 (the query is one for the whole module: it may
		// still hold the last test's member until it reads again).
		active = watch(() => profiles.active.current);
		await active.until((m) => m?.id === ada.id, '阿达 active');
		stop = watchMemberCompetitions(() => (refreshes += 1));
	});
	afterEach(() => {
		stop();
		active.stop();
		setOnline(true);
	});

	it('refreshes once for the member, not again when their row changes for something else', async () => {
		expect(refreshes).toBe(1);
		// What the streak pull writes.
		await db.members.update(ada.id, { timeZone: 'Asia/Shanghai', startHour: 4 });
		await active.until((m) => m?.timeZone === 'Asia/Shanghai', 'the new time zone read');
		expect(refreshes).toBe(1);
	});

	it('refreshes again for another member, a new token, and the connection coming back', async () => {
		await switchMember(db, bo.id);
		await active.until((m) => m?.id === bo.id, '小波 active');
		expect(refreshes).toBe(2);
		await db.members.update(bo.id, { token: 'token-after-rejoin' });
		await active.until((m) => m?.token === 'token-after-rejoin', 'the new token read');
		expect(refreshes).toBe(3);
		setOnline(false);
		expect(refreshes).toBe(3);
		setOnline(true);
		flushSync();
		expect(refreshes).toBe(4);
	});

	it('asks nothing for a member who must join again, nor offline', async () => {
		await db.members.update(ada.id, { needsRejoin: true });
		await active.until((m) => m?.needsRejoin === true, 'the refused token read');
		setOnline(false);
		await db.members.update(ada.id, { needsRejoin: false, token: 'token-new' });
		await active.until((m) => m?.token === 'token-new', 'the new token read');
		expect(refreshes).toBe(1);
		setOnline(true);
		flushSync();
		expect(refreshes).toBe(2);
	});
});
