import { expect, test, type Page } from '@playwright/test';
import { BASICS, servedBankVersion } from './helpers';

/** Scripts the page itself loads (not the worker's), with their text. */
function pageScripts(page: Page): Promise<string>[] {
	const texts: Promise<string>[] = [];
	page.on('response', (r) => {
		if (r.request().resourceType() !== 'script' || r.url().includes('/_app/immutable/workers/'))
			return;
		texts.push(r.text());
	});
	return texts;
}

test('a first visit installs the banks in a Web Worker while the page keeps answering taps', async ({
	page,
	context
}) => {
	const workers: string[] = [];
	page.on('worker', (w) => workers.push(w.url()));
	const scripts = pageScripts(page);
	// Hold one bank's download until the page has shown it can be used meanwhile.
	let release = () => {};
	const held = new Promise<void>((r) => (release = r));
	await context.route(`**/banks/${BASICS}/*.json`, async (route) => {
		await held;
		await route.fallback();
	});

	await page.goto('/study');
	const progress = page.getByRole('progressbar', { name: '题库下载进度' });
	await expect(progress).toBeVisible();
	// The install is under way (its download is held) and the page still navigates and renders.
	await page.getByRole('link', { name: '今日', exact: true }).click();
	await expect(page.getByRole('heading', { name: '今日学习' })).toBeVisible();
	await expect(page.getByRole('list', { name: '今日学习任务' })).toBeVisible();
	await expect(progress).toBeVisible();

	release();
	await page.getByRole('link', { name: '学习', exact: true }).click();
	await expect(page.getByRole('heading', { name: '党史基础知识' })).toBeVisible();
	await expect(progress).toBeHidden();

	expect(workers.some((url) => url.includes('bank-install.worker'))).toBe(true);
	// The installer (whose code sets the install marks) never ran on the page: only the worker
	// has it; the marks reached the page through messages.
	expect((await Promise.all(scripts)).some((text) => text.includes('bank-install-start'))).toBe(
		false
	);
	expect(
		await page.evaluate(
			(key) => performance.getEntriesByName(`bank-install-done:${key}`).length,
			`${BASICS}@${servedBankVersion(BASICS)}`
		)
	).toBe(1);
});

test('without Web Workers (old WeChat) the page installs the banks itself', async ({ page }) => {
	await page.addInitScript(() => {
		// @ts-expect-error -- a browser without dedicated workers
		delete window.Worker;
	});
	const workers: string[] = [];
	page.on('worker', (w) => workers.push(w.url()));
	const scripts = pageScripts(page);
	await page.goto('/study');
	await expect(page.getByRole('heading', { name: '党史基础知识' })).toBeVisible();
	await page.goto(`/practice/${BASICS}`);
	await expect(page.getByRole('button', { name: '10 题', exact: true })).toBeVisible();
	expect(workers).toEqual([]);
	expect((await Promise.all(scripts)).some((text) => text.includes('bank-install-start'))).toBe(
		true
	);
});
