import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { E2E_DATABASE } from '../../playwright.config';
import { firstVisit, openMoreModes, playToResult, stopClock } from './helpers';
import { joinBranch, serverAttempts, waitForOutbox } from './sync-helpers';

test('组织 shows the 限时赛 board from server-scored points, with "you" marked', async ({
	page
}) => {
	await firstVisit(page);
	const memberId = await joinBranch(page, '限时赛选手');
	await openMoreModes(page);
	// Stopped: every answer takes no time, and none runs out on a busy machine.
	await stopClock(page);
	await page.getByRole('button', { name: '限时赛', exact: true }).click();
	await playToResult(page);
	await expect(page.getByRole('heading', { name: '限时赛完成' })).toBeVisible();
	await waitForOutbox(page, 'sent', 1);
	// 组织 loads through liveQuery, which needs time to run.
	await page.clock.resume();
	expect(serverAttempts(memberId)).toHaveLength(1);
	const sqlite = new Database(E2E_DATABASE, { readonly: true, fileMustExist: true });
	const stored = sqlite.prepare('select points from attempt where member_id = ?').get(memberId) as {
		points: number | null;
	};
	sqlite.close();
	expect(stored.points).not.toBeNull();

	await page.goto('/group');
	const board = page.locator('section').filter({ hasText: '限时赛积分榜' });
	await expect(board.getByRole('heading', { name: '限时赛积分榜' })).toBeVisible();
	const you = board.locator('tr.you');
	await expect(you).toContainText('限时赛选手');
	// One round played: its points, as the server scored them, are this player's best.
	await expect(you.locator('td').nth(2)).toHaveText(String(stored.points));
	await expect(you.locator('td').nth(3)).toHaveText('1');
});
