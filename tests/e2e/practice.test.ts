import { expect, test } from '@playwright/test';
import {
	answerCurrent,
	BASICS,
	firstVisit,
	servedBankVersion,
	setOffline,
	startPractice
} from './helpers';

test('a full practice quiz offline, then the result with every question', async ({
	page,
	context
}) => {
	await firstVisit(page);
	await setOffline(context, true);
	await startPractice(page, 10);

	for (let i = 1; i <= 10; i++) {
		await expect(page.getByText(`第 ${i}/10 题`)).toBeVisible();
		await answerCurrent(page);
		await expect(page.getByText('出处：')).toBeVisible();
		await page.getByRole('button', { name: i === 10 ? '查看结果' : '下一题' }).click();
	}

	await expect(page.getByRole('heading', { name: '练习完成' })).toBeVisible();
	await expect(page.getByText(/^\d+ \/ 10$/)).toBeVisible();
	await expect(page.locator('.review > li')).toHaveCount(10);
	await expect(page.getByRole('status').filter({ hasText: '1 条待上传' })).toBeVisible();

	const outbox = await page.evaluate(async () => {
		const open = indexedDB.open('pocket-classroom');
		const db = await new Promise<IDBDatabase>(
			(resolve) => (open.onsuccess = () => resolve(open.result))
		);
		const r = db.transaction('outbox').objectStore('outbox').getAll();
		return new Promise<{ payload: { answers: unknown[]; bankVersion: string } }[]>(
			(resolve) => (r.onsuccess = () => resolve(r.result))
		);
	});
	expect(outbox).toHaveLength(1);
	expect(outbox[0]?.payload.answers).toHaveLength(10);
	expect(outbox[0]?.payload.bankVersion).toBe(servedBankVersion(BASICS));
});

test('closing the tab mid-quiz and reopening resumes exactly where it stopped', async ({
	page,
	context
}) => {
	await firstVisit(page);
	await startPractice(page, 10);
	const stems: string[] = [];
	for (let i = 0; i < 3; i++) {
		stems.push((await page.locator('#stem').textContent()) ?? '');
		await answerCurrent(page);
		await page.getByRole('button', { name: '下一题' }).click();
	}
	const fourth = (await page.locator('#stem').textContent()) ?? '';
	await page.close();

	const reopened = await context.newPage();
	await setOffline(context, true);
	await reopened.goto('/');
	await expect(reopened.getByText('已答 3/10 题')).toBeVisible();
	await reopened.getByRole('link', { name: '继续答题' }).click();
	await reopened.getByRole('button', { name: '继续答题' }).click();
	await expect(reopened.getByText('第 4/10 题')).toBeVisible();
	await expect(reopened.locator('#stem')).toHaveText(fourth);
	expect(stems).not.toContain(fourth);
});

test('keyboard only: every question type can be answered, Enter goes on', async ({ page }) => {
	await firstVisit(page);
	await page.goto('/practice/party-history-basics');
	await page.getByRole('button', { name: '20 题' }).focus();
	await page.keyboard.press('Enter');
	const seen = new Set<string>();
	for (let i = 1; i <= 20; i++) {
		await expect(page.getByText(`第 ${i}/20 题`)).toBeVisible();
		const fill = page.getByLabel('填写答案');
		const pool = page.getByRole('group', { name: '待排序的事件' });
		const choice = page.getByRole('group', { name: '选项' }).getByRole('button').first();
		await expect(fill.or(pool).or(choice)).toBeVisible();
		if (await fill.isVisible()) {
			seen.add('fill');
			// The input has focus; Enter submits once composition is over.
			await page.keyboard.type('1921');
			await page.keyboard.press('Enter');
		} else if (await pool.isVisible()) {
			seen.add('order');
			while ((await pool.getByRole('button').count()) > 0) {
				await pool.getByRole('button').first().focus();
				await page.keyboard.press('Enter');
			}
			await page.getByRole('button', { name: '确认排序' }).focus();
			await page.keyboard.press('Enter');
		} else {
			seen.add('choice');
			await page.keyboard.press('1');
			if (await page.getByRole('button', { name: '确认', exact: true }).isVisible())
				await page.keyboard.press('Enter');
		}
		await expect(page.getByText(/回答正确|回答错误/)).toBeVisible();
		await page.keyboard.press('Enter');
	}
	await expect(page.getByRole('heading', { name: '练习完成' })).toBeVisible();
	expect(seen.has('choice')).toBe(true);
});

test('options are shuffled per attempt: a letter picks what is shown under it, the bank key is stored, a reload keeps the order', async ({
	page
}) => {
	await firstVisit(page);
	await startPractice(page, 50);
	// Play on to the first single-choice question.
	const singleChoice = page.getByText(/^第 \d+\/50 题 · 单选题/);
	for (let i = 1; i <= 50; i++) {
		await expect(page.getByText(new RegExp(`^第 ${i}/50 题`))).toBeVisible();
		if (await singleChoice.isVisible()) break;
		await answerCurrent(page);
		await page.getByRole('button', { name: '下一题' }).click();
	}
	await expect(singleChoice).toBeVisible();
	const shown = page.getByRole('group', { name: '选项' }).locator('.choice .text');
	const before = await shown.allTextContents();
	expect(before.length).toBeGreaterThanOrEqual(2);

	await page.reload();
	await page.getByRole('button', { name: '继续答题' }).click();
	await expect(singleChoice).toBeVisible();
	expect(await shown.allTextContents()).toEqual(before);

	await page.keyboard.press('B');
	await expect(page.getByText(/回答正确|回答错误/)).toBeVisible();
	// What IndexedDB holds for the answer is the bank's key of the option shown second.
	const stored = await page.evaluate(async () => {
		const open = indexedDB.open('pocket-classroom');
		const db = await new Promise<IDBDatabase>(
			(resolve) => (open.onsuccess = () => resolve(open.result))
		);
		const all = <T>(store: string) =>
			new Promise<T[]>((resolve) => {
				const r = db.transaction(store).objectStore(store).getAll();
				r.onsuccess = () => resolve(r.result as T[]);
			});
		const answers = await all<{ questionId: string; response: string; answeredAt: number }>(
			'answers'
		);
		const last = answers.sort((a, b) => b.answeredAt - a.answeredAt)[0];
		const questions = await all<{ id: string; options: { key: string; text: string }[] }>(
			'questions'
		);
		const question = questions.find((q) => q.id === last?.questionId);
		return { response: last?.response, options: question?.options ?? [] };
	});
	const option = stored.options.find((o) => o.key === stored.response);
	expect(option?.text).toBe(before[1]);
	// Feedback names options by the letters on screen: the right one's letter is where it stands.
	const verdict = (await page.locator('.verdict').textContent()) ?? '';
	const right = /正确答案：([A-F])\. (.+)$/.exec(verdict.trim());
	if (right) expect(before[(right[1]?.charCodeAt(0) ?? 0) - 65]).toBe(right[2]);
	else expect(verdict).toContain('回答正确');
});
