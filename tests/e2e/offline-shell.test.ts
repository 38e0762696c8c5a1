import { expect, test } from '@playwright/test';
import { failedRequests, firstVisit, setOffline } from './helpers';

test('the first visit installs the bank into IndexedDB and shows it', async ({ page }) => {
	await page.goto('/');
	await page.goto('/study');
	await expect(page.getByRole('heading', { name: '党史基础知识' })).toBeVisible();
	// Installable: the web app manifest is linked (the layout writes the link itself).
	await expect(page.locator('link[rel="manifest"]')).toHaveAttribute(
		'href',
		'/manifest.webmanifest'
	);
	expect((await page.request.get('/manifest.webmanifest')).ok()).toBe(true);
	await expect(page.getByText(/v1\.0\.1 · \d+ 题/).first()).toBeVisible();
	const stored = await page.evaluate(async () => {
		const open = indexedDB.open('pocket-classroom');
		const db = await new Promise<IDBDatabase>(
			(resolve) => (open.onsuccess = () => resolve(open.result))
		);
		const tx = db.transaction(['banks', 'questions']);
		const count = (store: string) =>
			new Promise<number>((resolve) => {
				const r = tx.objectStore(store).count();
				r.onsuccess = () => resolve(r.result);
			});
		return { banks: await count('banks'), questions: await count('questions') };
	});
	expect(stored.banks).toBeGreaterThanOrEqual(1);
	expect(stored.questions).toBeGreaterThanOrEqual(60);
});

test('offline: reloads and deep links render from the service worker', async ({
	page,
	context
}) => {
	await firstVisit(page);
	// The practice page's own shell, as the server prerendered it (straight from the server).
	const practiceShell = await (await page.request.get('/practice/_')).text();
	const homeShell = await (await page.request.get('/')).text();
	const today = await (await page.request.get('/today')).text();
	expect(practiceShell).not.toBe(homeShell);
	// 今日 for the service worker is prerendered with its content: the day's task list, marked
	// busy until the device's own day is read. The server's `/` (a first visit) is a
	// client-rendered shell with no content of its own, like every other page.
	expect(today).toMatch(/<section class="card today[^"]*"[^>]*aria-busy="true"/);
	expect(today).toContain('今日学习任务');
	expect(homeShell).not.toContain('<main');
	const failed = failedRequests(context);
	await setOffline(context, true);

	const study = await page.reload();
	expect(study?.fromServiceWorker()).toBe(true);
	await expect(page.getByRole('heading', { name: '党史基础知识' })).toBeVisible();
	await expect(page.getByText('网络未连接')).toHaveCount(0);

	const home = await page.goto('/');
	expect(home?.fromServiceWorker()).toBe(true);
	expect(await home?.text()).toBe(today);
	await expect(page).toHaveURL('/');
	await expect(page.getByRole('heading', { name: '今日学习' })).toBeVisible();
	// The prerendered page came to life: the chip says what the browser says, not the build's 在线.
	await expect(page.getByRole('status').filter({ hasText: '离线' })).toBeVisible();
	await expect(page.locator('section.today')).toHaveAttribute('aria-busy', 'false');
	// The chip follows the connection while the page is open (state/online.svelte.ts).
	await setOffline(context, false);
	await expect(page.getByRole('status').filter({ hasText: '在线' })).toBeVisible();
	await setOffline(context, true);
	await expect(page.getByRole('status').filter({ hasText: '离线' })).toBeVisible();

	const deep = await page.goto('/practice/party-history-basics');
	expect(deep?.fromServiceWorker()).toBe(true);
	// Answered with the practice page's shell (it preloads that page's code), not 今日's.
	expect(await deep?.text()).toBe(practiceShell);
	await expect(page.getByRole('heading', { name: /练习 · 党史基础知识/ })).toBeVisible();
	const daily = await page.goto('/practice/party-history-basics?play=daily');
	expect(await daily?.text()).toBe(practiceShell);
	await expect(page.locator('#stem')).toBeVisible();
	await page.goto('/practice/party-history-basics');
	await page.reload();
	await expect(page.getByRole('heading', { name: /练习 · 党史基础知识/ })).toBeVisible();

	await page.goto('/me');
	await expect(page.getByRole('heading', { name: '我的' })).toBeVisible();
	// A page with no document of its own (a stage, a competition) gets the client-rendered
	// shell, never 今日's prerendered content, and routes on the client.
	const stage = await page.goto('/stage/00000000-0000-4000-8000-000000000000');
	expect(stage?.fromServiceWorker()).toBe(true);
	expect(await stage?.text()).toBe(homeShell);
	await expect(page.getByRole('heading', { name: '找不到这场比赛' })).toBeVisible();

	// The bank check fails offline by design (it says so); nothing the shell needs may fail. A
	// request this test's own navigation cut short (the quiz's code warming up when the next
	// page.goto or reload came; on a busy machine it is still loading) was not refused: it is
	// net::ERR_ABORTED, not the worker's answer.
	const shellFailures = failed.filter(
		(f) => !f.includes('/banks/index.json') && !f.endsWith('(net::ERR_ABORTED)')
	);
	expect(shellFailures).toEqual([]);
});

test('the prerendered 今日 opened by its own address goes to 今日 at /', async ({ page }) => {
	await page.goto('/today');
	await expect(page).toHaveURL('/');
	await expect(page.getByRole('heading', { name: '今日学习' })).toBeVisible();
	await expect(page.getByRole('link', { name: '今日' })).toHaveAttribute('aria-current', 'page');
});

test('offline: /api is never answered by the fallback shell', async ({ page, context }) => {
	await firstVisit(page);
	await setOffline(context, true);
	const response = await page.evaluate(async () => {
		try {
			const r = await fetch('/api/health');
			return { status: r.status, type: r.headers.get('content-type') };
		} catch {
			return 'network-error';
		}
	});
	expect(response).toBe('network-error');
	await setOffline(context, false);
	const navigation = await page.goto('/api/health');
	expect(navigation?.fromServiceWorker()).toBe(false);
	expect(await navigation?.json()).toMatchObject({ ok: true, database: 'sqlite' });
});

test('offline without the bank: the app says what to do instead of breaking', async ({
	page,
	context
}) => {
	await context.route('**/banks/index.json', (route) => route.abort('internetdisconnected'));
	await page.goto('/study');
	await expect(page.getByText('网络未连接，无法下载题库目录')).toBeVisible();
	await expect(page.getByRole('heading', { name: '还没有题库' })).toBeVisible();
});

test('大字模式 is on before the app draws anything, offline too, and off again at once', async ({
	page,
	context
}) => {
	await firstVisit(page);
	const large = () =>
		page.evaluate(() => document.documentElement.classList.contains('large-text'));
	await page.goto('/me');
	await page.getByRole('checkbox', { name: /大字模式/ }).check();
	expect(await large()).toBe(true);

	// Whether <html> had the class when the first element of the app came into the document.
	await page.addInitScript(() => {
		new MutationObserver((_, observer) => {
			if (!document.querySelector('body > div > :not(script)')) return;
			observer.disconnect();
			document.documentElement.dataset.largeAtFirstDraw = String(
				document.documentElement.classList.contains('large-text')
			);
		}).observe(document, { childList: true, subtree: true });
	});
	await setOffline(context, true);
	await page.goto('/practice/party-history-basics');
	await expect(page.getByRole('heading', { name: /练习 · 党史基础知识/ })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('data-large-at-first-draw', 'true');
	// 今日, prerendered: its content is in the document before any of the app's code runs.
	await page.goto('/');
	await expect(page.getByRole('heading', { name: '今日学习' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('data-large-at-first-draw', 'true');

	await page.goto('/me');
	await page.getByRole('checkbox', { name: /大字模式/ }).uncheck();
	expect(await large()).toBe(false);
	await page.reload();
	await expect(page.getByRole('checkbox', { name: /大字模式/ })).not.toBeChecked();
	await expect(page.locator('html')).toHaveAttribute('data-large-at-first-draw', 'false');
});
