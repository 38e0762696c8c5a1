import { expect, test, type Page } from '@playwright/test';
import {
	answerCurrent,
	firstVisit,
	openMoreModes,
	pressSpace,
	stopClock,
	stopClockAgain
} from './helpers';

interface StoredTimer {
	clock?: { questionId: string; spentMs: number; pauses: number };
	answers: { elapsedMs: number; pauses?: number; response: unknown }[];
}

/** The unfinished attempt's saved timer and its answers, straight from IndexedDB. */
async function stored(page: Page): Promise<StoredTimer> {
	return page.evaluate(async () => {
		const open = indexedDB.open('pocket-classroom');
		const db = await new Promise<IDBDatabase>(
			(resolve) => (open.onsuccess = () => resolve(open.result))
		);
		const all = <T>(store: string) =>
			new Promise<T[]>((resolve) => {
				const r = db.transaction(store).objectStore(store).getAll();
				r.onsuccess = () => resolve(r.result as T[]);
			});
		type Row = { id: string; status: string; clock?: StoredTimer['clock'] };
		const attempt = (await all<Row>('attempts')).find((a) => a.status === 'active');
		const answers = (
			await all<StoredTimer['answers'][number] & { attemptId: string }>('answers')
		).filter((a) => a.attemptId === attempt?.id);
		db.close();
		return { clock: attempt?.clock, answers };
	});
}

const paused = (page: Page) => page.getByRole('status').filter({ hasText: '已暂停' });

test('Space pauses and restarts the question timer; paused time is not counted', async ({
	page
}) => {
	await firstVisit(page);
	await openMoreModes(page);
	await stopClock(page);
	await page.getByRole('button', { name: '限时赛', exact: true }).click();
	await expect(page.getByText(/^第 1\/10 题/)).toBeVisible();
	// Whatever the question's type, its first answer control.
	const control = page
		.getByRole('group', { name: '选项' })
		.getByRole('button')
		.or(page.getByLabel('填写答案'))
		.or(page.getByRole('group', { name: '待排序的事件' }).getByRole('button'))
		.first();

	await page.clock.runFor(5_000);
	await pressSpace(page);
	await expect(paused(page)).toContainText('已暂停 · 剩 15 秒');
	// Nothing is hidden while paused; answering waits until the timer runs again.
	await expect(page.locator('#stem')).toBeVisible();
	await expect(control).toBeDisabled();
	await page.clock.runFor(60_000);
	await expect(page.getByText(/时间到/)).toHaveCount(0);

	await pressSpace(page);
	await expect(paused(page)).toHaveCount(0);
	await page.clock.runFor(14_000);
	await expect(page.getByText(/时间到/)).toHaveCount(0);
	await page.clock.runFor(1_500);
	await expect(page.getByText(/✗ 时间到/)).toBeVisible();
	const [answer] = (await stored(page)).answers;
	// 5 s + 15 s of running timer; the minute of pause is not in it, and the pause is recorded.
	expect(answer?.pauses).toBe(1);
	expect(answer?.elapsedMs).toBe(20_000);

	// The 「暂停」 button does the same for touch.
	await page.getByRole('button', { name: '下一题' }).click();
	await page.getByRole('button', { name: '暂停', exact: true }).click();
	await expect(paused(page)).toBeVisible();
	await page.getByRole('button', { name: '继续', exact: true }).click();
	await expect(paused(page)).toHaveCount(0);
});

test('a timed question reopened after a reload keeps the time it had left', async ({ page }) => {
	await firstVisit(page);
	await openMoreModes(page);
	await stopClock(page);
	await page.getByRole('button', { name: '限时赛', exact: true }).click();
	await expect(page.getByText(/^第 1\/10 题/)).toBeVisible();
	// The timer is saved every second while it runs.
	await page.clock.runFor(4_000);
	await expect.poll(async () => (await stored(page)).clock?.spentMs).toBe(4_000);
	// The clock stays stopped through the reload, so the tab goes at exactly 4 s; the page reads
	// IndexedDB through liveQuery, which needs the clock running to load.
	await page.reload();
	await page.clock.resume();
	await page.getByRole('button', { name: '继续答题' }).click();
	await expect(page.getByText(/^第 1\/10 题/)).toBeVisible();
	// Back paused, with what was left when the tab went (not a fresh 20 s), until the player
	// starts it again.
	await expect(paused(page)).toContainText('已暂停 · 剩 16 秒');
	await stopClockAgain(page);
	expect((await stored(page)).clock?.spentMs).toBe(4_000);
	await pressSpace(page);
	await expect(paused(page)).toHaveCount(0);
	await page.clock.runFor(2_000);
	await answerCurrent(page);
	const [answer] = (await stored(page)).answers;
	expect(answer?.pauses).toBe(1);
	expect(answer?.elapsedMs).toBe(6_000);
});
