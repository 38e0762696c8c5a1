import type { BrowserContext, Page } from '@playwright/test';
import { round } from './bank-compile';
import { median, type BenchContext, type Metric } from './run';

const RUNS = 5;
/** A small phone and a common one (Lighthouse's mobile preset). */
const PHONE_VIEWPORTS = [
	{ width: 360, height: 740 },
	{ width: 412, height: 823 }
];
const PRACTICE = '/practice/party-history-basics';

/** A cheap phone: Lighthouse's mobile preset slows the CPU four times. */
async function throttle(page: Page, rate: number): Promise<void> {
	if (rate === 1) return;
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/**
 * Installed in every document before its own scripts: records long tasks and layout shifts from
 * the first byte on (buffered observers would miss nothing either, but this also works where the
 * buffer is small).
 */
function observe() {
	const w = window as unknown as { __longTasks: PerformanceEntry[]; __shifts: number[] };
	w.__longTasks = [];
	w.__shifts = [];
	new PerformanceObserver((list) => w.__longTasks.push(...list.getEntries())).observe({
		type: 'longtask',
		buffered: true
	});
	new PerformanceObserver((list) => {
		for (const e of list.getEntries() as (PerformanceEntry & {
			value: number;
			hadRecentInput: boolean;
		})[]) {
			if (!e.hadRecentInput) w.__shifts.push(e.value);
		}
	}).observe({ type: 'layout-shift', buffered: true });
}

/**
 * Installed in every document: says on the console when the layout's bank check (and the install
 * it started) has ended, its performance mark. The bench listens for that message instead of
 * polling with waitForFunction: polling runs Playwright's own injected script on the page's main
 * thread (about 100 ms at 4× CPU the first time), which the long-task observer then counted as
 * the app's.
 */
function announceBanksReady() {
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) {
			if (e.name === 'bank-update-done') console.debug(`__banks_ready ${e.startTime}`);
		}
	}).observe({ type: 'mark', buffered: true });
}

/** Navigate to `url` and wait for the layout's bank check to end; returns the mark's time. */
async function gotoUntilBanksReady(page: Page, url: string): Promise<number> {
	const ready = page.waitForEvent('console', {
		predicate: (m) => m.text().startsWith('__banks_ready '),
		timeout: 120_000
	});
	await page.goto(url, { waitUntil: 'commit' });
	return Number((await ready).text().split(' ')[1]);
}

/**
 * first_visit_longest_task_ms / first_visit_blocking_ms: a first visit to 今日 at 4× CPU, from
 * the first byte until the banks are installed: the longest main-thread task and the blocking
 * time (the sum of every long task's part over 50 ms, as Lighthouse's TBT counts it).
 * cls_home / cls_study: the layout shift of a first visit to 今日 and 学习 (1× CPU), over the same
 * span and one more second for what the install's end brings onto the screen; the larger of the
 * shifts at 360 and 412 px wide.
 */
export async function measureFirstVisit(ctx: BenchContext): Promise<Metric[]> {
	const base = await ctx.baseUrl();
	const browser = await ctx.browser();
	const longest: number[] = [];
	const blocking: number[] = [];
	const cls: Record<string, number[]> = { '/': [], '/study': [] };
	for (let run = 0; run < RUNS; run++) {
		{
			const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
			const page = await context.newPage();
			await page.addInitScript(observe);
			await page.addInitScript(announceBanksReady);
			await throttle(page, 4);
			const ready = await gotoUntilBanksReady(page, `${base}/`);
			const tasks = await page.evaluate(
				(until) =>
					(window as unknown as { __longTasks: PerformanceEntry[] }).__longTasks
						.filter((t) => t.startTime <= until)
						.map((t) => t.duration),
				ready
			);
			longest.push(Math.max(0, ...tasks));
			blocking.push(tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0));
			await context.close();
		}
		for (const path of Object.keys(cls)) {
			// The larger of a small phone's shift and a common one's (Lighthouse's 412 px): text
			// wraps differently at each, and a shift can happen at one width only.
			let worst = 0;
			for (const viewport of PHONE_VIEWPORTS) {
				const context = await browser.newContext({ viewport });
				const page = await context.newPage();
				await page.addInitScript(observe);
				await page.addInitScript(announceBanksReady);
				await gotoUntilBanksReady(page, `${base}${path}`);
				await page.waitForTimeout(1000);
				const shift = await page.evaluate(() =>
					(window as unknown as { __shifts: number[] }).__shifts.reduce((a, b) => a + b, 0)
				);
				worst = Math.max(worst, shift);
				await context.close();
			}
			cls[path]?.push(worst);
		}
	}
	return [
		{ metric: 'first_visit_longest_task_ms', value: round(median(longest)), unit: 'ms' },
		{ metric: 'first_visit_blocking_ms', value: round(median(blocking)), unit: 'ms' },
		{ metric: 'cls_home', value: Math.round(median(cls['/'] ?? []) * 1000) / 1000, unit: '' },
		{ metric: 'cls_study', value: Math.round(median(cls['/study'] ?? []) * 1000) / 1000, unit: '' }
	];
}

/**
 * Installed in every document: when the practice page offers 「10 题」 it is pressed at once (in
 * the page, with no round trip to the bench), and the moment the first question's stem or 今日's
 * task list is in the document is kept, in ms since navigation started. So are two moments on
 * the way, for the breakdown: the document's <body> parsed (navigation, service worker, commit:
 * what any page costs) and the app started: the root layout mounted (its mark), after SvelteKit's
 * start and the layout's first draw, or its hydration of 今日's prerendered document.
 */
function watchFirstScreen() {
	const w = window as unknown as {
		__onScreen?: number;
		__document?: number;
		__started?: number;
		__data?: number;
	};
	// No named inner functions here: tsx would wrap them in a helper the page does not have.
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) if (e.name === 'layout-mounted') w.__started = e.startTime;
	}).observe({ type: 'mark', buffered: true });
	new MutationObserver(() => {
		if (w.__document === undefined && document.body) w.__document = performance.now();
		// 今日's card is drawn at once with a day on which nothing is done yet (the same lines, so
		// nothing moves) and marked busy until this device's own day has been read.
		if (w.__data === undefined && document.querySelector('section.today[aria-busy="false"]')) {
			w.__data = performance.now();
			console.debug(`__data ${w.__data}`);
		}
		if (w.__onScreen !== undefined) return;
		const ten = [...document.querySelectorAll('button')].find((b) => b.textContent === '10 题');
		if (ten && !ten.dataset.pressed) {
			ten.dataset.pressed = '1';
			ten.click();
		}
		if (document.querySelector('#stem, ul.tasks')) {
			w.__onScreen = performance.now();
			console.debug(`__on_screen ${w.__onScreen}`);
		}
	}).observe(document, {
		childList: true,
		subtree: true,
		characterData: true,
		attributeFilter: ['aria-busy']
	});
}

interface ColdStart {
	/** Navigation → the first question / 今日's task list in the document. */
	onScreen: number;
	/** Navigation → the document's <body> parsed. */
	document: number;
	/** Navigation → the app started: SvelteKit's start, the layout drawn or hydrated. */
	started: number;
	/** Navigation → 今日's card showing this device's own day (NaN on other pages). */
	data: number;
	/** Navigation → the document's first byte (with the worker stopped: its start, then its answer). */
	firstByte: number;
}

/**
 * Stop the context's service workers and wait until none runs: a phone stops an idle worker after
 * about 30 s, so opening the app later starts it before it can answer the page. (Back-to-back
 * cold starts otherwise find it still running from the page before.)
 */
async function stopServiceWorkers(page: Page): Promise<void> {
	const cdp = await page.context().newCDPSession(page);
	const running = new Map<string, string>();
	let settle: () => void = () => {};
	const allStopped = new Promise<void>((r) => (settle = r));
	// At least one version (the app is installed): the versions arrive as events after `enable`.
	const check = () =>
		running.size > 0 && [...running.values()].every((s) => s === 'stopped') && settle();
	cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
		for (const v of versions) running.set(v.versionId, v.runningStatus);
		check();
	});
	await cdp.send('ServiceWorker.enable');
	await cdp.send('ServiceWorker.stopAllWorkers');
	check();
	let timer: ReturnType<typeof setTimeout> | undefined;
	await Promise.race([
		allStopped,
		new Promise((_, reject) => {
			timer = setTimeout(
				() => reject(new Error('the service worker did not stop within 10 s')),
				10_000
			);
		})
	]).finally(() => clearTimeout(timer));
	await cdp.detach();
}

async function coldStart(
	context: BrowserContext,
	url: string,
	rate: number,
	workerStopped = false
): Promise<ColdStart> {
	const page = await context.newPage();
	if (workerStopped) await stopServiceWorkers(page);
	await page.addInitScript(watchFirstScreen);
	await throttle(page, rate);
	// A console message, not waitForFunction's polling (see announceBanksReady).
	const onScreen = page.waitForEvent('console', {
		predicate: (m) => m.text().startsWith('__on_screen '),
		timeout: 60_000
	});
	const data =
		new URL(url).pathname === '/'
			? page.waitForEvent('console', {
					predicate: (m) => m.text().startsWith('__data '),
					timeout: 60_000
				})
			: null;
	await page.goto(url, { waitUntil: 'commit' });
	const ms = Number((await onScreen).text().split(' ')[1]);
	const dataMs = data ? Number((await data).text().split(' ')[1]) : NaN;
	// Read after the measured moments: the page's own times, kept as they happened.
	const steps = await page.evaluate(() => {
		const w = window as unknown as { __document?: number; __started?: number };
		const nav = performance.getEntriesByType('navigation')[0] as
			PerformanceNavigationTiming | undefined;
		return {
			document: w.__document ?? NaN,
			started: w.__started ?? NaN,
			firstByte: nav?.responseStart ?? NaN
		};
	});
	await page.close();
	return { onScreen: ms, data: dataMs, ...steps };
}

/**
 * cold_practice_ms / cold_practice_4x_ms / cold_home_ms / cold_home_4x_ms: an installed app
 * opened offline (served by its service worker, banks in IndexedDB), at 1× and 4× CPU: from
 * navigation to the first question of a 10-question practice on screen (the 「10 题」 press is
 * made by the page the moment the button exists) and to 今日's task list on screen. Each run is a
 * fresh browser context that first installed the app online. These find the service worker still
 * running from the page before; cold_practice_worker_stopped_ms and cold_home_worker_stopped_ms
 * (1×) stop it first, as a phone has after a while (no budget: a series begun in #14's tenth round),
 * and worker_stopped_first_byte_ms is the document's first byte in those ten cold starts: the
 * worker's start and its answer, what every page opened after a while waits for first.
 */
export async function measureColdStart(ctx: BenchContext): Promise<Metric[]> {
	const base = await ctx.baseUrl();
	const browser = await ctx.browser();
	const runs: Record<string, number[]> = {
		cold_practice_ms: [],
		cold_practice_4x_ms: [],
		cold_home_ms: [],
		cold_home_4x_ms: [],
		cold_home_4x_document_ms: [],
		cold_home_4x_started_ms: [],
		cold_home_4x_data_ms: [],
		cold_practice_worker_stopped_ms: [],
		cold_home_worker_stopped_ms: [],
		worker_stopped_first_byte_ms: []
	};
	for (let run = 0; run < RUNS; run++) {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
		const setup = await context.newPage();
		await setup.addInitScript(announceBanksReady);
		await gotoUntilBanksReady(setup, `${base}/`);
		await setup.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (navigator.serviceWorker.controller) return;
			await new Promise((r) =>
				navigator.serviceWorker.addEventListener('controllerchange', r, { once: true })
			);
		});
		// Every page precached (the practice page's lazily loaded parts too), then offline.
		await setup.goto(`${base}${PRACTICE}`);
		await setup.getByRole('button', { name: '10 题' }).click({ timeout: 60_000 });
		await setup.locator('#stem').waitFor({ timeout: 60_000 });
		await setup.close();
		await context.setOffline(true);
		// The attempt the setup started is unfinished: the practice page then offers to resume
		// it, so start from a clean slate of attempts before each practice measure.
		const clearAttempts = async () => {
			const p = await context.newPage();
			await p.goto(`${base}/`);
			await p.evaluate(
				() =>
					new Promise<void>((resolve, reject) => {
						const open = indexedDB.open('pocket-classroom');
						open.onsuccess = () => {
							const tx = open.result.transaction('attempts', 'readwrite');
							tx.objectStore('attempts').clear();
							tx.oncomplete = () => (open.result.close(), resolve());
							tx.onerror = () => reject(tx.error);
						};
						open.onerror = () => reject(open.error);
					})
			);
			await p.close();
		};
		await clearAttempts();
		runs.cold_practice_ms?.push((await coldStart(context, `${base}${PRACTICE}`, 1)).onScreen);
		await clearAttempts();
		runs.cold_practice_4x_ms?.push((await coldStart(context, `${base}${PRACTICE}`, 4)).onScreen);
		runs.cold_home_ms?.push((await coldStart(context, `${base}/`, 1)).onScreen);
		const home = await coldStart(context, `${base}/`, 4);
		runs.cold_home_4x_ms?.push(home.onScreen);
		// Where 今日's time goes: what any page costs, then SvelteKit's start (hydration).
		runs.cold_home_4x_document_ms?.push(home.document);
		runs.cold_home_4x_started_ms?.push(home.started);
		// And when the card shows this device's own day, read from IndexedDB.
		runs.cold_home_4x_data_ms?.push(home.data);
		// The same at 1× with the service worker stopped first, as on a phone opened after a while
		// (the CPU throttle would not reach the worker's thread, so no 4× of these).
		await clearAttempts();
		const practiceStopped = await coldStart(context, `${base}${PRACTICE}`, 1, true);
		runs.cold_practice_worker_stopped_ms?.push(practiceStopped.onScreen);
		const homeStopped = await coldStart(context, `${base}/`, 1, true);
		runs.cold_home_worker_stopped_ms?.push(homeStopped.onScreen);
		// What the worker's start costs every page: its script evaluated, then its answer.
		runs.worker_stopped_first_byte_ms?.push(practiceStopped.firstByte, homeStopped.firstByte);
		await context.close();
	}
	return Object.entries(runs).map(([metric, values]) => ({
		metric,
		value: round(median(values)),
		unit: 'ms'
	}));
}
