import { expect, test, type Page } from '@playwright/test';
import {
	answerCurrent,
	firstVisit,
	MORE_MODES,
	openMoreModes,
	playToResult,
	setOffline,
	startMode,
	startPractice,
	stopClock
} from './helpers';

async function outboxModes(page: Page) {
	return page.evaluate(async () => {
		const open = indexedDB.open('pocket-classroom');
		const db = await new Promise<IDBDatabase>(
			(resolve) => (open.onsuccess = () => resolve(open.result))
		);
		type Upload = { mode: string; settings?: object; answers: { elapsedMs: number }[] };
		const r = db.transaction('outbox').objectStore('outbox').getAll();
		return new Promise<Upload[]>(
			(resolve) =>
				(r.onsuccess = () => resolve(r.result.map((o: { payload: Upload }) => o.payload)))
		);
	});
}

test('a full challenge offline: ends at the first miss, keeps the best run', async ({
	page,
	context
}) => {
	await firstVisit(page);
	await setOffline(context, true);
	await openMoreModes(page);
	// Stopped: every answer is given in no time, however long the machine takes to click.
	await stopClock(page);
	await page.getByRole('button', { name: '挑战答题', exact: true }).click();
	await expect(page.getByRole('img', { name: '本题限时 20 秒' })).toBeVisible();
	const answered = await playToResult(page);

	await expect(page.getByRole('heading', { name: '挑战结束' })).toBeVisible();
	const run = Number((await page.getByText(/^连续答对 \d+ 题$/).textContent())?.match(/\d+/)?.[0]);
	expect(run).toBe(answered - 1);
	await expect(page.locator('.review > li')).toHaveCount(answered);

	const [upload] = await outboxModes(page);
	expect(upload?.mode).toBe('challenge');
	expect(upload?.settings).toEqual({ timeLimitMs: 20_000 });
	expect(upload?.answers).toHaveLength(answered);

	await expect(page.getByText(`最佳纪录：连续答对 ${run} 题`)).toBeVisible();
});

test('a full timed round offline: ten questions with speed points', async ({ page, context }) => {
	await firstVisit(page);
	await setOffline(context, true);
	await openMoreModes(page);
	await stopClock(page);
	await page.getByRole('button', { name: '限时赛', exact: true }).click();
	expect(await playToResult(page)).toBe(10);

	await expect(page.getByRole('heading', { name: '限时赛完成' })).toBeVisible();
	await expect(page.getByText(/^得分 \d+$/)).toBeVisible();
	const [upload] = await outboxModes(page);
	expect(upload?.mode).toBe('timed');
	expect(upload?.settings).toEqual({ timeLimitMs: 20_000, speedScoring: true });
	// The clock stood still: every answer took no time, so each right one earned full points.
	expect(upload?.answers.map((a) => a.elapsedMs)).toEqual(Array(10).fill(0));
});

test('a full topic practice offline: only the chosen tag', async ({ page, context }) => {
	await firstVisit(page);
	await setOffline(context, true);
	await startMode(page, '专项练习');
	const tag = page.getByRole('group', { name: '专题' }).getByRole('button', { name: /^长征（/ });
	const tagged = Number((await tag.textContent())?.match(/（(\d+) 题）/)?.[1]);
	await tag.click();
	// Of two questions where one prints the other's answer, a run holds only one (bank.yaml
	// conflicts), so the whole topic can be a few questions short.
	const progress = page.getByText(/^第 1\/\d+ 题/);
	await expect(progress).toBeVisible();
	const count = Number((await progress.textContent())?.match(/^第 1\/(\d+) 题/)?.[1]);
	expect(count).toBeGreaterThan(tagged / 2);
	expect(count).toBeLessThanOrEqual(tagged);
	expect(await playToResult(page)).toBe(count);

	await expect(page.getByRole('heading', { name: '专项练习完成' })).toBeVisible();
	const [upload] = await outboxModes(page);
	expect(upload?.mode).toBe('topic');
	expect(upload?.answers).toHaveLength(count);
});

test('with timers switched off in 我的, the challenge has no timer', async ({ page }) => {
	await firstVisit(page);
	await page.goto('/me');
	await page.getByLabel('挑战答题和限时赛每题计时').uncheck();
	await openMoreModes(page);
	await expect(page.getByRole('button', { name: '限时赛', exact: true })).toBeDisabled();
	await expect(page.getByText('限时赛需要计时')).toBeVisible();
	await page.getByRole('button', { name: '挑战答题', exact: true }).click();
	await expect(page.getByText(/^第 1\/\d+ 题/)).toBeVisible();
	await expect(page.getByRole('img', { name: /本题限时/ })).toHaveCount(0);
});

test('when the timer runs out the answer is recorded as 时间到', async ({ page }) => {
	await firstVisit(page);
	await openMoreModes(page);
	await stopClock(page);
	await page.getByRole('button', { name: '限时赛', exact: true }).click();
	await expect(page.getByText(/^第 1\/10 题/)).toBeVisible();
	await page.clock.runFor(19_999);
	await expect(page.getByText(/时间到/)).toHaveCount(0);
	await page.clock.runFor(1);
	await expect(page.getByText(/✗ 时间到，正确答案/)).toBeVisible();
	await expect(page.getByText(/· 0 分/)).toBeVisible();
});

test('错题本: misses come due on the home screen and a review session plays them offline', async ({
	page,
	context
}) => {
	await firstVisit(page);
	await page.clock.install();
	await setOffline(context, true);
	await startPractice(page, 10);
	await playToResult(page);
	await expect(page.getByRole('heading', { name: '练习完成' })).toBeVisible();
	await expect(page.locator('.review > li')).toHaveCount(10);
	const wrong = await page.locator('.review > li.wrong').count();
	// Answering the first choice of ten random questions misses at least one (all ten right by
	// chance is under one in a thousand): the review deck has something to show.
	expect(wrong).toBeGreaterThan(0);

	await page.clock.fastForward('24:00:00');
	await page.goto('/');
	await expect(page.getByText(`${wrong} 道错题到了复习的时候。`)).toBeVisible();
	await page.getByRole('link', { name: '查看错题本' }).click();
	await expect(page.getByRole('heading', { name: '错题本' })).toBeVisible();
	await expect(page.locator('.cards > li')).toHaveCount(wrong);
	await expect(page.getByText('答错 1 次').first()).toBeVisible();
	await page.goto('/');
	await page.getByRole('link', { name: new RegExp(`复习「党史基础知识」${wrong} 题`) }).click();
	await page.getByRole('button', { name: MORE_MODES }).click();
	await page.getByRole('button', { name: '错题复习' }).click();
	await expect(page.getByText(new RegExp(`^第 1/${wrong} 题`))).toBeVisible();
	expect(await playToResult(page)).toBe(wrong);
	await expect(page.getByRole('heading', { name: '错题复习完成' })).toBeVisible();
	const uploads = await outboxModes(page);
	expect(uploads.map((u) => u.mode).sort()).toEqual(['practice', 'review']);
});

test('错题重练 from a result plays exactly the missed questions again', async ({
	page,
	context
}) => {
	await firstVisit(page);
	await setOffline(context, true);
	await startPractice(page, 10);
	await playToResult(page);
	await expect(page.locator('.review > li')).toHaveCount(10);
	const missed = await page.locator('.review > li.wrong .stem').allTextContents();
	expect(missed.length).toBeGreaterThan(0);

	await page.getByRole('button', { name: `错题重练（${missed.length} 题）` }).click();
	const seen: string[] = [];
	for (let i = 1; i <= missed.length; i++) {
		await expect(page.getByText(new RegExp(`^第 ${i}/${missed.length} 题`))).toBeVisible();
		seen.push((await page.locator('#stem').textContent()) ?? '');
		await answerCurrent(page);
		await page.getByRole('button', { name: i === missed.length ? '查看结果' : '下一题' }).click();
	}
	expect(seen.sort()).toEqual([...missed].sort());
	await expect(page.getByRole('heading', { name: '练习完成' })).toBeVisible();
});
