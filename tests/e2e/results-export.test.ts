import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { studyDay } from '../../src/lib/core/calendar/study-day';
import { adminLogin, createBranch, firstVisit, seriousViolations, setOffline } from './helpers';
import { e2eState, playQuiz, waitForOutbox } from './sync-helpers';

test('a secretary exports the results to Excel: the member who played is there, in Chinese', async ({
	page,
	context
}) => {
	await adminLogin(page);
	const group = await createBranch(page, '导出测试支部');
	// A second member who never plays: counted, never named.
	const idle = await page.request.post('/api/join', {
		data: { code: group.joinCode, displayName: '没来的人' }
	});
	expect(idle.ok()).toBe(true);

	// A member joins on this device and plays a round; it uploads.
	await firstVisit(page);
	await page.goto(`/join/${group.joinCode}`);
	await page.getByLabel('您的姓名').fill('欧阳红梅');
	await page.getByRole('button', { name: '加入', exact: true }).click();
	await expect(page.getByRole('heading', { name: '已加入「导出测试支部」' })).toBeVisible();
	await playQuiz(page);
	await waitForOutbox(page, 'sent', 1);

	await page.goto(`/admin/groups/${group.id}`);
	const section = page.getByRole('region', { name: '成绩导出' });
	// The server's study day (not this machine's clock), so the test holds across 04:00.
	const detailResponse = await page.request.get(`/api/admin/groups/${group.id}`);
	const { today } = (await detailResponse.json()) as { today: string };
	expect(today).toBe(studyDay(Date.now()));
	await expect(section.getByLabel('开始日期')).toHaveValue(`${today.slice(0, 8)}01`);
	await expect(section.getByLabel('结束日期')).toHaveValue(today);
	expect(await seriousViolations(page)).toEqual([]);
	// At 360 px the two date fields stack instead of running off the card.
	const card = await section.boundingBox();
	const field = await section.getByLabel('结束日期').boundingBox();
	expect(field && card && field.x + field.width).toBeLessThanOrEqual(
		(card?.x ?? 0) + (card?.width ?? 0)
	);

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		section.getByRole('button', { name: '导出 Excel' }).click()
	]);
	expect(download.suggestedFilename()).toBe(
		`导出测试支部-成绩-${today.slice(0, 8)}01至${today}.xlsx`
	);
	await expect(section.getByRole('status')).toContainText('已生成「导出测试支部-成绩-');
	const book = new ExcelJS.Workbook();
	await book.xlsx.load((await readFile(await download.path())).buffer as ArrayBuffer);
	const people = book.getWorksheet('参与情况');
	const detail = book.getWorksheet('答题明细');
	expect(people?.getCell('A2').text).toContain('参与 1 人（共 2 名成员）');
	expect(people?.getCell('A4').text).toBe('欧阳红梅');
	expect(people?.getCell('B4').value).toBe(1);
	expect(people?.getCell('C4').value).toBe(10);
	expect(detail?.getCell('A2').text).toBe('欧阳红梅');
	expect(detail?.getCell('B2').text).toBe('党史基础知识');
	expect(detail?.getCell('D2').text).toBe('练习');
	expect(detail?.rowCount).toBe(2);
	for (const sheet of [people, detail]) {
		sheet?.eachRow((row) => expect(JSON.stringify(row.values)).not.toContain('没来的人'));
	}

	// Offline the export cannot run: the button says so by being disabled, the dates stay.
	await section.getByLabel('开始日期').fill(`${today.slice(0, 8)}02`);
	await setOffline(context, true);
	await expect(section.getByRole('button', { name: '导出 Excel' })).toBeDisabled();
	// Back online the page reloads the group; the chosen dates survive it.
	const reloaded = page.waitForResponse((r) => r.url().endsWith(`/api/admin/groups/${group.id}`));
	await setOffline(context, false);
	await reloaded;
	await expect(section.getByRole('button', { name: '导出 Excel' })).toBeEnabled();
	await expect(section.getByLabel('开始日期')).toHaveValue(`${today.slice(0, 8)}02`);
});

test.describe("inside WeChat's browser", () => {
	test.use({
		userAgent:
			'Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.50'
	});

	test('the export says to open the page in a browser first', async ({ page }) => {
		await adminLogin(page);
		await page.goto(`/admin/groups/${e2eState().studyBranchId}`);
		await expect(
			page.getByRole('region', { name: '成绩导出' }).getByText('微信内置浏览器不能保存导出的文件')
		).toBeVisible();
	});
});
