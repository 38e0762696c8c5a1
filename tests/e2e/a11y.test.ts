import { expect, test } from '@playwright/test';
import {
	answerCurrent,
	BASICS,
	firstVisit,
	pressSpace,
	MORE_MODES,
	playToResult,
	seriousViolations,
	enablePupilMode,
	openMoreModes,
	stopClock
} from './helpers';
import { joinBranch, waitForOutbox } from './sync-helpers';

test('axe: the quiz screen (question, feedback, timer) and its result have no serious violations', async ({
	page
}) => {
	await firstVisit(page);
	await page.goto(`/practice/${BASICS}`);
	expect(await seriousViolations(page)).toEqual([]);
	await page.getByRole('button', { name: MORE_MODES }).click();
	expect(await seriousViolations(page)).toEqual([]);
	// The real clock runs here: axe itself needs timers, so a stopped fake clock would hang it.
	// Nothing below depends on how much time passes short of the 20 s limit.
	await page.getByRole('button', { name: '限时赛', exact: true }).click();
	await expect(page.locator('#stem')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	// Paused: the live region and the 「继续」 button.
	await pressSpace(page);
	await expect(page.getByRole('status').filter({ hasText: '已暂停' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await pressSpace(page);
	await answerCurrent(page);
	expect(await seriousViolations(page)).toEqual([]);
	for (let i = 2; i <= 10; i++) {
		await page.getByRole('button', { name: '下一题' }).click();
		await answerCurrent(page);
	}
	await page.getByRole('button', { name: '查看结果' }).click();
	await expect(page.getByRole('heading', { name: '限时赛完成' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});

test('axe: the quiz screen in pupils mode and 我的 have no serious violations', async ({
	page
}) => {
	await firstVisit(page);
	await page.goto('/me');
	expect(await seriousViolations(page)).toEqual([]);
	await page.goto('/review');
	await expect(page.getByRole('heading', { name: '错题本' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await enablePupilMode(page);
	expect(await seriousViolations(page)).toEqual([]);
	await page.goto('/practice/party-history-basics');
	await page.getByRole('button', { name: '10 题' }).click();
	await expect(page.locator('#stem ruby').first()).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});

test('axe: 今日, 学习 and 组织 (after joining, with both boards) have no serious violations', async ({
	page
}) => {
	await firstVisit(page);
	await page.goto('/');
	await expect(page.getByRole('heading', { name: '错题本' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await page.goto('/study');
	await expect(page.getByRole('heading', { name: '党史基础知识' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	await joinBranch(page, '无障碍检查');
	await openMoreModes(page);
	await stopClock(page);
	await page.getByRole('button', { name: '限时赛', exact: true }).click();
	await playToResult(page);
	await waitForOutbox(page, 'sent', 1);
	// The timed part is over; the pages below load through liveQuery, which needs time to run.
	await page.clock.resume();
	// 今日 again, now with a profile, misses in the 错题本 and the upload status.
	await page.goto('/');
	await expect(page.getByRole('heading', { name: '错题本' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await page.goto('/group');
	await expect(page.getByRole('heading', { name: '学习积分榜' })).toBeVisible();
	await expect(page.getByRole('heading', { name: '限时赛积分榜' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});
