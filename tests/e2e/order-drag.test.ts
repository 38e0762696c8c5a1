import { expect, test, type Page } from '@playwright/test';
import { answerCurrent, BASICS, firstVisit, seriousViolations } from './helpers';

/** Start a practice round of the whole bank and answer until an order question shows. */
async function reachOrderQuestion(page: Page): Promise<void> {
	await page.goto(`/practice/${BASICS}`);
	await page.getByRole('button', { name: /^全部 \d+ 题$/ }).click();
	const pool = page.getByRole('group', { name: '待排序的事件' });
	for (let i = 0; ; i++) {
		await expect(page.getByText(new RegExp(`^第 ${i + 1}/\\d+ 题`))).toBeVisible();
		const choice = page.getByRole('group', { name: '选项' }).getByRole('button').first();
		await expect(pool.or(page.getByLabel('填写答案')).or(choice)).toBeVisible();
		if (await pool.isVisible()) return;
		await answerCurrent(page);
		await page.getByRole('button', { name: '下一题' }).click();
	}
}

const rows = (page: Page) => page.getByRole('list', { name: '我的排序' }).getByRole('listitem');
const texts = (page: Page) =>
	rows(page)
		.locator('button.text')
		.evaluateAll((buttons) => buttons.map((b) => b.textContent?.trim() ?? ''));

/** Drag a row by its handle to the middle-top of another row, with mouse or touch. */
async function drag(page: Page, from: number, to: number, touch = false): Promise<void> {
	// The question drawn decides how tall the stem is: bring the whole list on screen first, or
	// the pointer would be pressed below the viewport and reach nothing.
	await page
		.getByRole('list', { name: '我的排序' })
		.evaluate((list) => list.scrollIntoView({ block: 'center' }));
	// Pressed where the handle is once it holds still and nothing covers it (Playwright's hover
	// waits for both): on a busy machine a late part of the page could still move the list.
	const handleButton = rows(page).nth(from).getByRole('button', { name: /^拖动/ });
	await handleButton.hover();
	const handle = await handleButton.boundingBox();
	const target = await rows(page).nth(to).boundingBox();
	if (!handle || !target) throw new Error('rows not on screen');
	const start = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
	const end = { x: start.x, y: to < from ? target.y + 4 : target.y + target.height - 4 };
	if (!touch) {
		await page.mouse.move(start.x, start.y);
		await page.mouse.down();
		await page.mouse.move(end.x, end.y, { steps: 12 });
		await page.mouse.up();
		return;
	}
	// A finger: Chromium turns these touch events into pointer events, as on a phone.
	const cdp = await page.context().newCDPSession(page);
	const point = (p: { x: number; y: number }) => [{ x: p.x, y: p.y, id: 1 }];
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(start) });
	for (let i = 1; i <= 12; i++) {
		const y = start.y + ((end.y - start.y) * i) / 12;
		await cdp.send('Input.dispatchTouchEvent', {
			type: 'touchMove',
			touchPoints: point({ x: start.x, y })
		});
	}
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await cdp.detach();
}

test('order questions: drag handles reorder by mouse and by touch, and by arrow keys', async ({
	page
}) => {
	await firstVisit(page);
	await reachOrderQuestion(page);
	const pool = page.getByRole('group', { name: '待排序的事件' });
	while ((await pool.getByRole('button').count()) > 0)
		await pool.getByRole('button').first().click();
	const start = await texts(page);
	expect(start.length).toBeGreaterThanOrEqual(3);
	expect(await seriousViolations(page)).toEqual([]);
	const last = start.length - 1;

	// Mouse: the last row to the top.
	await drag(page, last, 0);
	const afterMouse = [start[last], ...start.slice(0, last)];
	await expect.poll(() => texts(page)).toEqual(afterMouse);
	await expect(page.getByText(`「${start[last]}」移到第 1 位`)).toBeAttached();

	// Touch: the (new) first row back to the bottom.
	await drag(page, 0, last, true);
	await expect.poll(() => texts(page)).toEqual(start);

	// Keyboard: the handle of the first row, ArrowDown twice; the focus stays with it.
	await rows(page).first().getByRole('button', { name: /^拖动/ }).focus();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	await expect.poll(() => texts(page)).toEqual([start[1], start[2], start[0], ...start.slice(3)]);
	await expect(page.locator(':focus')).toHaveAccessibleName(
		`拖动 ${start[0]} 调整顺序（也可用上下方向键）`
	);

	await page.getByRole('button', { name: '确认排序' }).click();
	await expect(page.getByText(/回答正确|回答错误/)).toBeVisible();
});
