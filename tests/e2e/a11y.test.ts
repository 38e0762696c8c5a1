import { expect, test } from '@playwright/test';
import { answerCurrent, firstVisit, seriousViolations } from './helpers';

test('axe: the quiz screen (question, feedback, timer) and its result have no serious violations', async ({
	page
}) => {
	await firstVisit(page);
	await page.goto('/practice/party-history-basics');
	expect(await seriousViolations(page)).toEqual([]);
	await page.getByRole('button', { name: '更多玩法：挑战 · 限时 · 专项 · 错题复习' }).click();
	expect(await seriousViolations(page)).toEqual([]);
	await page.getByRole('button', { name: '限时赛', exact: true }).click();
	await expect(page.locator('#stem')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
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
	await page.goto('/me');
	await page.getByRole('checkbox', { name: /^少儿模式（/ }).check();
	expect(await seriousViolations(page)).toEqual([]);
	await page.goto('/practice/party-history-basics');
	await page.getByRole('button', { name: '10 题' }).click();
	await expect(page.locator('#stem ruby').first()).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});
