import { expect, test, type Page } from '@playwright/test';
import {
	adminLogin,
	answerCurrent,
	BASICS,
	firstVisit,
	servedBankVersion,
	seriousViolations,
	setOffline,
	startPractice
} from './helpers';
import { joinBranch, waitForOutbox } from './sync-helpers';

/** The report payloads in this device's outbox. */
async function reportPayloads(page: Page) {
	return page.evaluate(() => {
		const open = indexedDB.open('pocket-classroom');
		return new Promise<{ questionId: string; bankVersion: string; note: string }[]>((resolve) => {
			open.onsuccess = () => {
				const r = open.result.transaction('outbox').objectStore('outbox').getAll();
				r.onsuccess = () =>
					resolve(
						(r.result as { kind: string; payload: never }[])
							.filter((row) => row.kind === 'question-report')
							.map((row) => row.payload)
					);
			};
		});
	});
}

test('纠错: a member reports a question offline, it uploads once online, and the admin sees it', async ({
	page,
	context,
	browser
}) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await firstVisit(page);
	await joinBranch(page, '纠错的党员');

	// Offline: play a question and report it from the feedback screen.
	await setOffline(context, true);
	await startPractice(page, 10);
	await answerCurrent(page);
	await page.getByRole('button', { name: '纠错', exact: true }).click();
	const form = page.getByRole('form', { name: '纠错' });
	await expect(form.getByRole('group', { name: '这道题哪里有问题？' })).toBeVisible();
	// Nothing chosen yet: the form says what is missing and keeps what was typed.
	await form.getByLabel(/补充说明/).fill('e2e：解析里的年份与出处不一致');
	await form.getByRole('button', { name: '提交反馈' }).click();
	await expect(form.getByRole('alert')).toHaveText('请选择哪里有问题');
	await form.getByRole('radio', { name: '解析有误' }).check();
	expect(await seriousViolations(page)).toEqual([]);
	// Enter on the submit button sends the report and does not move on to the next question.
	await form.getByRole('button', { name: '提交反馈' }).press('Enter');
	await expect(page.getByText('谢谢您的反馈！')).toBeVisible();
	await expect(page.getByText('已有 1 人反馈，核实中')).toBeVisible();
	await expect(page.getByText('已保存在本机，联网后自动上传')).toBeVisible();
	await expect(page.getByText(/^第 1\/10 题/)).toBeVisible();

	const [report] = await reportPayloads(page);
	expect(report).toMatchObject({
		note: 'e2e：解析里的年份与出处不一致',
		bankVersion: servedBankVersion(BASICS)
	});
	const questionId = report?.questionId ?? '';
	expect(questionId).toMatch(/^phb-\d{4}$/);
	await waitForOutbox(page, 'pending', 1);

	// Online: the report rides the upload.
	await setOffline(context, false);
	await waitForOutbox(page, 'sent', 1);
	await expect(page.getByText('已保存在本机，联网后自动上传')).toBeHidden();
	await expect(page.getByText('已有 1 人反馈，核实中')).toBeVisible();

	// The admin sees it under its question and bank version, with the note.
	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await adminLogin(admin);
	await admin.getByRole('link', { name: /纠错反馈/ }).click();
	const entry = admin.getByRole('listitem').filter({
		has: admin.getByRole('heading', { name: new RegExp(`党史基础知识 · ${questionId}`) })
	});
	await expect(entry.getByRole('heading')).toContainText(`v${servedBankVersion(BASICS)}`);
	await expect(entry.getByText(/^\d+ 人反馈$/)).toBeVisible();
	await expect(entry.getByText('e2e：解析里的年份与出处不一致')).toBeVisible();
	await expect(entry.getByText('解析有误', { exact: true })).toBeVisible();
	expect(await seriousViolations(admin)).toEqual([]);
	await adminContext.close();
});
