import { expect, test, type Page } from '@playwright/test';
import { firstVisit } from './helpers';
import { joinBranch, playQuiz, waitForOutbox } from './sync-helpers';

/** The question ids in the active member's 错题本 on this device. */
async function deckOf(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const open = indexedDB.open('pocket-classroom');
		const db = await new Promise<IDBDatabase>(
			(resolve) => (open.onsuccess = () => resolve(open.result))
		);
		const read = <T>(store: string, key?: IDBValidKey) =>
			new Promise<T>((resolve) => {
				const s = db.transaction(store).objectStore(store);
				const r = key === undefined ? s.getAll() : s.get(key);
				r.onsuccess = () => resolve(r.result as T);
			});
		const active = await read<{ value: string } | undefined>('settings', 'activeMemberId');
		const deck = await read<{ memberKey: string; questionId: string }[]>('deck');
		return deck
			.filter((c) => c.memberKey === (active?.value ?? ''))
			.map((c) => c.questionId)
			.sort();
	});
}

test('错题本 follows the member to a new device: misses on A are due on B after recovering', async ({
	browser,
	page
}) => {
	// Device A: join, play a round with first-choice answers (some are wrong), upload.
	await firstVisit(page);
	await joinBranch(page, '换手机的人');
	const recoveryCode = (await page.locator('.code').textContent())?.trim() ?? '';
	expect(recoveryCode).not.toBe('');
	await playQuiz(page);
	await waitForOutbox(page, 'sent', 1);
	const missed = await deckOf(page);
	expect(missed.length).toBeGreaterThan(0);

	// Device B: a fresh browser an hour later (the misses' first review step has passed).
	const other = await browser.newContext();
	const b = await other.newPage();
	await b.clock.install({ time: Date.now() + 60 * 60 * 1000 });
	await b.clock.resume();
	await firstVisit(b);
	await b.goto('/join');
	await b.getByText('换了手机，或身份失效？用恢复码').click();
	await b.getByLabel('恢复码').fill(recoveryCode);
	await b.getByRole('button', { name: '恢复身份' }).click();
	await expect(b.getByRole('heading', { name: '已加入「测试支部」' })).toBeVisible();
	await expect.poll(() => deckOf(b)).toEqual(missed);

	await b.goto('/');
	await expect(b.getByText(`${missed.length} 道错题到了复习的时候。`)).toBeVisible();
	await b.goto('/review');
	await expect(b.locator('ul.cards > li')).toHaveCount(missed.length);
	await other.close();
});
