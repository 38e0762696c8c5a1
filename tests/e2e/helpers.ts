import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { expect, type BrowserContext, type Page, type Route } from '@playwright/test';

/** Wait until the service worker controls the page, so going offline is a real test of it. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (navigator.serviceWorker.controller) return;
		await new Promise<void>((resolve) =>
			navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true })
		);
	});
}

/** Requests a service worker makes to the API while the test has the device offline. */
const swApiWhileOffline = new WeakMap<BrowserContext, (route: Route) => Promise<void>>();

/**
 * Take the device off the network, or bring it back: the page and its service worker. Chromium
 * fires Background Sync by the machine's real connection, and once in CI the worker's upload
 * reached the server although `setOffline(true)` was in force for the context; another time a
 * page's own upload did (a POST the service worker passed on to the network, answered 200
 * while the context was offline). So while offline every API request is failed at the route, as
 * a cut cable would; a route the test adds later (a 401, a 5xx) still answers first.
 */
export async function setOffline(context: BrowserContext, offline: boolean): Promise<void> {
	const existing = swApiWhileOffline.get(context);
	if (offline && !existing) {
		const handler = (route: Route) => route.abort('internetdisconnected');
		swApiWhileOffline.set(context, handler);
		await context.route('**/api/**', handler);
	} else if (!offline && existing) {
		swApiWhileOffline.delete(context);
		await context.unroute('**/api/**', existing);
	}
	await context.setOffline(offline);
}

/** Sign in to /admin as the org admin that global setup created. */
export async function adminLogin(page: Page): Promise<void> {
	await page.goto('/admin');
	await page.getByLabel('用户名').fill('admin');
	await page.getByLabel('密码').fill('e2e-admin-pass');
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('heading', { name: '支部和班级' })).toBeVisible();
}

/** A new branch made through the admin API (the page must be signed in as admin). */
export async function createBranch(
	page: Page,
	name: string
): Promise<{ id: string; joinCode: string }> {
	const created = await page.request.post('/api/admin/groups', { data: { kind: 'branch', name } });
	expect(created.status()).toBe(201);
	return ((await created.json()) as { group: { id: string; joinCode: string } }).group;
}

/** The fake clock's starting time in timing tests: a Friday morning in 金河镇. */
export const FAKE_START = new Date('2026-11-20T09:00:00+08:00').getTime();

/**
 * Give the page a fake clock and stop it: from here only `page.clock.runFor` / `fastForward` move
 * time, so no real second (a busy machine has many) leaks into what a timer shows or stores.
 * Call it once a page that reads IndexedDB has loaded: Dexie's liveQuery runs its first query on
 * a zero-delay timer, which a stopped clock never fires. Pausing jumps a minute ahead (far enough
 * that the real time between the two calls never overtakes it), so no question timer may be
 * running yet.
 */
export async function stopClock(page: Page, start = FAKE_START): Promise<void> {
	await page.clock.install({ time: start });
	await page.clock.pauseAt(start + 60_000);
}

/**
 * Stop an installed fake clock again after it was let run (a page load, `page.clock.resume()`).
 * The clock jumps `aheadMs` forward as it stops (it cannot stop in the past, and real time moves
 * on between reading the page's time and stopping it): a minute by default, which must not
 * cross any timer the test cares about; pass less while one runs (an upload's 15 s timeout).
 */
export async function stopClockAgain(page: Page, aheadMs = 60_000): Promise<void> {
	for (;;) {
		const now = await page.evaluate(() => Date.now());
		try {
			await page.clock.pauseAt(now + aheadMs);
			return;
		} catch (e) {
			// Real time overtook the mark on a busy machine: read the time again.
			if (!String(e).includes('Cannot fast-forward to the past')) throw e;
		}
	}
}

/** First visit: open the app and wait until the first bank is installed and playable. */
export async function firstVisit(page: Page): Promise<void> {
	await page.goto('/');
	await waitForServiceWorker(page);
	await page.goto('/study');
	await expect(page.getByRole('heading', { name: '党史基础知识' })).toBeVisible();
}

/** Record every request that failed, to assert that the offline shell needed none of them. */
export function failedRequests(context: BrowserContext): string[] {
	const failed: string[] = [];
	context.on('requestfailed', (r) => failed.push(`${r.url()} (${r.failure()?.errorText})`));
	context.on('response', (r) => {
		if (r.status() >= 400) failed.push(`${r.url()} (${r.status()})`);
	});
	return failed;
}

/** Answer the question on screen, whatever its type: the first choice, a typed guess, or the
 * order in which the events are listed. */
export async function answerCurrent(page: Page): Promise<void> {
	const fill = page.getByLabel('填写答案');
	const pool = page.getByRole('group', { name: '待排序的事件' });
	const choice = page.getByRole('group', { name: '选项' }).getByRole('button').first();
	// Fill and order inputs load on demand: wait until this question's input is there.
	await expect(fill.or(pool).or(choice)).toBeVisible();
	if (await fill.isVisible()) {
		await fill.fill('1921');
		await fill.press('Enter');
	} else if (await pool.isVisible()) {
		while ((await pool.getByRole('button').count()) > 0)
			await pool.getByRole('button').first().click();
		await page.getByRole('button', { name: '确认排序' }).click();
	} else {
		const choices = page.getByRole('group', { name: '选项' }).getByRole('button');
		await choices.first().click();
		const confirm = page.getByRole('button', { name: '确认', exact: true });
		if (await confirm.isVisible()) await confirm.click();
	}
	// Pupils' mode words its feedback gently (答对了 / 再想一想).
	await expect(page.getByText(/回答正确|回答错误|答对了|再想一想/)).toBeVisible();
}

export const BASICS = 'party-history-basics';

/**
 * The version of a bank the built app serves (build/client/banks/index.json), so tests follow
 * the banks' releases instead of naming a version that the next release makes stale.
 */
export function servedBankVersion(bankId: string): string {
	const index = JSON.parse(readFileSync('build/client/banks/index.json', 'utf8')) as {
		banks: { id: string; version: string }[];
	};
	const bank = index.banks.find((b) => b.id === bankId);
	if (!bank) throw new Error(`the build serves no bank ${bankId}`);
	return bank.version;
}
/** The practice page's button that unfolds the other modes. */
export const MORE_MODES = '更多玩法：挑战 · 限时 · 专项 · 错题复习';

/** Open a bank's practice page and start a practice round of `count` questions. */
export async function startPractice(page: Page, count: number, bankId = BASICS): Promise<void> {
	await page.goto(`/practice/${bankId}`);
	await page.getByRole('button', { name: `${count} 题`, exact: true }).click();
}

/** Open a bank's practice page and unfold its other modes (更多玩法). */
export async function openMoreModes(page: Page, bankId = BASICS): Promise<void> {
	await page.goto(`/practice/${bankId}`);
	await page.getByRole('button', { name: MORE_MODES }).click();
}

/** Open a bank's practice page and start one of the other modes by its button (挑战答题, 限时赛…). */
export async function startMode(page: Page, mode: string, bankId = BASICS): Promise<void> {
	await openMoreModes(page, bankId);
	await page.getByRole('button', { name: mode, exact: true }).click();
}

/** Play on until the screen offers the result, and open it; returns how many were answered. */
export async function playToResult(page: Page): Promise<number> {
	for (let i = 1; ; i++) {
		await expect(page.getByText(new RegExp(`^第 ${i}/\\d+ 题`))).toBeVisible();
		await answerCurrent(page);
		const result = page.getByRole('button', { name: '查看结果' });
		if (await result.isVisible()) {
			await result.click();
			return i;
		}
		await page.getByRole('button', { name: '下一题' }).click();
	}
}

/** Serious and critical axe violations on the page as it is now, as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * Press Space as a projector's keyboard user would, outside any field or button (a fill
 * question's input takes the focus, and keeps Space for typing).
 */
export async function pressSpace(page: Page): Promise<void> {
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.keyboard.press('Space');
}

/** Switch pupils' mode on in 我的, as a teacher does once on a classroom device. */
export async function enablePupilMode(page: Page): Promise<void> {
	await page.goto('/me');
	await page.getByRole('checkbox', { name: /^少儿模式（/ }).check();
}
