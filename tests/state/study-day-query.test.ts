import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { switchMember } from '../../src/lib/client/profiles';
import { profiles } from '../../src/lib/state/profiles.svelte';
import { StudyDayQuery } from '../../src/lib/state/study-day-query.svelte';
import { emptyAppDb } from './db';
import { memberRow } from './fixtures';
import { watch } from './watch.svelte';

// 2026-03-01 03:58 in Beijing (UTC+8): two minutes before the study day turns at 04:00.
const BEFORE_FOUR = Date.UTC(2026, 1, 28, 19, 58);

describe('StudyDayQuery: the day turns at 04:00 in the org’s zone', () => {
	beforeEach(async () => {
		await emptyAppDb();
		// The minute clock and the wall clock are fake; IndexedDB keeps its real callbacks.
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
		vi.setSystemTime(BEFORE_FOUR);
	});
	afterEach(() => vi.useRealTimers());

	it('a page left open overnight is remade for the new day, once', async () => {
		const made: string[] = [];
		const query = new StudyDayQuery(async () => {
			const day = new Date(Date.now()).toISOString();
			made.push(day);
			return { madeAt: Date.now() };
		}, null);
		const view = watch(() => ({ day: query.day, madeAt: query.current?.madeAt ?? null }));
		await view.until((v) => v.madeAt !== null, 'the first read');
		expect(view.value.day).toBe('2026-02-28');

		vi.advanceTimersByTime(60_000); // 03:59: the same study day, no new query
		expect(view.value.day).toBe('2026-02-28');
		vi.advanceTimersByTime(60_000); // 04:00
		// (Waiting moves the fake clock on by a few milliseconds.)
		await view.until((v) => v.day === '2026-03-01' && (v.madeAt ?? 0) >= BEFORE_FOUR + 120_000);
		vi.advanceTimersByTime(5 * 60_000);
		expect(view.value.day).toBe('2026-03-01');
		expect(made).toHaveLength(2);
		view.stop();
	});

	it('uses the active member’s org clock, not the device’s zone', async () => {
		const db = await emptyAppDb();
		// An org in Ürümqi (UTC+6) whose day starts at 05:00: 03:58 in Beijing is 01:58 there, and
		// Beijing's 04:00 turns nothing.
		await db.members.put(memberRow('m1', '阿依', { timeZone: 'Asia/Urumqi', startHour: 5 }));
		await switchMember(db, 'm1');
		const query = new StudyDayQuery(async () => 0, null);
		const view = watch(() => ({ member: profiles.active.current?.id, day: query.day }));
		await view.until((v) => v.member === 'm1', 'the member’s profile');
		expect(view.value.day).toBe('2026-02-28');
		vi.advanceTimersByTime(3 * 60 * 60_000); // 06:58 in Beijing, 04:58 in Ürümqi
		expect(view.value.day).toBe('2026-02-28');
		vi.advanceTimersByTime(2 * 60_000); // 05:00 in Ürümqi
		expect(view.value.day).toBe('2026-03-01');
		view.stop();
	});
});
