import { beforeEach, describe, expect, it } from 'vitest';
import { putCheckin } from '../../src/lib/client/checkin-store';
import type { PocketDb } from '../../src/lib/client/db';
import { startAttempt, recordAnswer } from '../../src/lib/client/attempt-store';
import { CheckinView } from '../../src/lib/state/checkin-view.svelte';
import { ReadingView } from '../../src/lib/state/reading-view.svelte';
import { TodayView } from '../../src/lib/state/today.svelte';
import { emptyAppDb } from './db';
import { watch } from './watch.svelte';

describe('打卡 (CheckinView)', () => {
	let db: PocketDb;
	beforeEach(async () => {
		db = await emptyAppDb();
	});

	it('reading the view never writes; a check-in without its card gets one when asked, once', async () => {
		// The tab closed between the check-in and its card.
		await putCheckin(db, null, { kind: 'yue' });
		const view = new CheckinView();
		const shown = watch(() => view.current);
		const first = await shown.until((v) => v !== null, 'the first read');
		expect(first?.status.streak.todayDone).toBe(true);
		expect(first?.status.card).toBeUndefined();
		expect(await db.dayCards.count()).toBe(0);

		await view.ensureTodayCard();
		await view.ensureTodayCard();
		const withCard = await shown.until((v) => v?.status.card !== undefined, 'the card');
		expect(withCard?.status.card?.content.streak).toBe(1);
		expect(await db.dayCards.count()).toBe(1);
		// Today's card is not among the past days' gallery.
		expect(view.past).toEqual([]);
		shown.stop();
	});

	it('makes no card for a day without a check-in', async () => {
		const view = new CheckinView();
		await view.ensureTodayCard();
		expect(await db.dayCards.count()).toBe(0);
	});
});

describe('悦读 (ReadingView)', () => {
	beforeEach(async () => {
		await emptyAppDb();
	});

	it('a refused entry keeps what was typed and says why; a saved one is the day’s 悦读', async () => {
		const view = new ReadingView();
		const shown = watch(() => ({
			done: view.done,
			books: view.books,
			n: view.current?.readings.length
		}));
		await shown.until((v) => v.n === 0, 'the first read');

		expect(await view.saveReading({ book: '  ', chapter: '第一章' })).toBe(false);
		expect(view.error).toBe('请填写书名');
		expect(shown.value.done).toBe(false);

		expect(await view.saveReading({ book: '红星照耀中国', chapter: '第一章' })).toBe(true);
		expect(await view.saveReading({ book: '红星照耀中国', chapter: '第二章' })).toBe(true);
		expect(view.error).toBeNull();
		expect(view.saved).toBe('已记录《红星照耀中国》第二章。');
		const after = await shown.until((v) => v.n === 2, 'two readings');
		expect(after).toEqual({ done: true, books: ['红星照耀中国'], n: 2 });
		shown.stop();
	});

	it('「读完了，打卡」 records the day’s 悦读', async () => {
		const view = new ReadingView();
		const shown = watch(() => ({ loaded: view.current !== null, done: view.done }));
		await shown.until((v) => v.loaded);
		await view.finishCard();
		expect(view.saved).toBe('悦读打卡成功！');
		await shown.until((v) => v.done, 'done');
		shown.stop();
	});
});

describe('今日 (TodayView)', () => {
	it('offers the run left unfinished, with how far it got', async () => {
		const db = await emptyAppDb();
		const attempt = await startAttempt(db, {
			mode: 'practice',
			bankId: 'no-longer-installed',
			bankVersion: '1.0.0',
			questionIds: ['q1', 'q2', 'q3'],
			seed: 's'
		});
		await recordAnswer(db, attempt.id, {
			questionId: 'q1',
			response: 'A',
			correct: true,
			elapsedMs: 900,
			answeredAt: Date.now()
		});
		const view = new TodayView();
		const shown = watch(() => view.unfinished.current);
		const u = await shown.until((v) => v !== null, 'the unfinished run');
		// Its bank's title when installed, else its id.
		expect({ title: u?.title, answered: u?.answered }).toEqual({
			title: 'no-longer-installed',
			answered: 1
		});
		expect(view.titleOf('no-longer-installed')).toBe('no-longer-installed');
		shown.stop();
	});
});
