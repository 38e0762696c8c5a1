import { afterEach, describe, expect, it, vi } from 'vitest';
import { switchMember } from '../../src/lib/client/profiles';
import type { DeckCard } from '../../src/lib/core/play/review';
import { MyDevice } from '../../src/lib/state/my-device.svelte';
import { dueCount } from '../../src/lib/state/play-records.svelte';
import { emptyAppDb } from './db';
import { memberRow } from './fixtures';
import { watch } from './watch.svelte';

const card = (memberKey: string, questionId: string, due: number): DeckCard => ({
	memberKey,
	bankId: 'b1',
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
	forgotten: 1,
	hard: false
});

describe('错题复习: how many are due (dueCount)', () => {
	it('counts the active player’s due cards of the bank and follows a profile switch', async () => {
		const db = await emptyAppDb();
		await db.members.put(memberRow('m1', '甲'));
		const past = Date.now() - 1000;
		await db.deck.bulkPut([
			card('', 'q1', past),
			card('m1', 'q1', past),
			card('m1', 'q2', past),
			card('m1', 'q3', Date.now() + 86_400_000),
			{ ...card('m1', 'q4', past), bankId: 'other' }
		]);
		const due = dueCount(() => 'b1');
		const shown = watch(() => due.current);
		await shown.until((n) => n === 1, 'the pre-join player’s one card');
		await switchMember(db, 'm1');
		await shown.until((n) => n === 2, '甲’s two due cards of b1');
		shown.stop();
	});
});

describe('我的 → 本机数据 (MyDevice)', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('counts finished runs and shows the storage estimate in MB', async () => {
		const db = await emptyAppDb();
		vi.stubGlobal('navigator', {
			...navigator,
			storage: { estimate: () => Promise.resolve({ usage: 3.5 * 1024 * 1024 }) }
		});
		const base = {
			mode: 'practice' as const,
			bankId: 'b1',
			bankVersion: '1.0.0',
			questionIds: ['q1'],
			seed: 's',
			startedAt: 1,
			updatedAt: 1
		};
		await db.attempts.bulkPut([
			{ ...base, id: 'a1', status: 'finished', finishedAt: 2 },
			{ ...base, id: 'a2', status: 'active' }
		]);
		const device = new MyDevice();
		const shown = watch(() => ({ finished: device.finished, storage: device.storage }));
		await shown.until((v) => v.finished === 1 && v.storage !== '', 'the counts');
		expect(shown.value).toEqual({ finished: 1, storage: '3.5 MB' });
		shown.stop();
	});
});
