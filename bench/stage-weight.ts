import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { round } from './bank-compile';
import { isWorkerScript } from './page-weight';
import type { BenchContext, Metric } from './run';

/** A phrase only the stage screens carry: the practice page must never load it. */
const STAGE_MARKER = '请抢答';

/** gzip sizes of the scripts a page loads while `visit` runs, and whether any is stage code. */
async function scriptsDuring(page: Page, visit: () => Promise<void>) {
	const scripts: Promise<{ bytes: number; stage: boolean }>[] = [];
	const onResponse = (response: import('@playwright/test').Response) => {
		if (response.request().resourceType() !== 'script') return;
		if (isWorkerScript(response.url())) return;
		scripts.push(
			response.body().then((b) => ({
				bytes: gzipSync(b, { level: 9 }).length,
				stage: b.includes(STAGE_MARKER)
			}))
		);
	};
	page.on('response', onResponse);
	await visit();
	await page.waitForLoadState('networkidle');
	page.off('response', onResponse);
	const loaded = await Promise.all(scripts);
	return {
		kib: round(loaded.reduce((sum, s) => sum + s.bytes, 0) / 1024),
		stage: loaded.some((s) => s.stage)
	};
}

/**
 * stage_js_gz_kb: gzip KiB of the JavaScript the audience view (the projector's window) loads
 * when it is opened: a contest is set up in one tab, then the screen is opened in a new one, as
 * the host does. Fails if the practice page's first visit carries any stage code.
 */
export async function measureStageWeight(ctx: BenchContext): Promise<Metric[]> {
	const base = await ctx.baseUrl();
	const browser = await ctx.browser();
	const runs: number[] = [];
	for (let i = 0; i < 3; i++) {
		const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
		const host = await context.newPage();
		await host.goto(`${base}/stage`);
		await host.getByText(/本场用 [1-9]\d* 题/).waitFor({ timeout: 60_000 });
		await host.getByRole('button', { name: '开始比赛' }).click();
		await host.waitForURL(/\/stage\/[0-9a-f-]{36}$/);
		const screen = await context.newPage();
		const weight = await scriptsDuring(screen, async () => {
			await screen.goto(`${host.url()}/screen`);
			await screen.getByText('第一轮 必答题').waitFor();
		});
		if (!weight.stage) throw new Error('the audience view loaded no stage code: wrong measurement');
		runs.push(weight.kib);
		await context.close();
	}
	const context = await browser.newContext();
	const practice = await context.newPage();
	const plain = await scriptsDuring(practice, async () => {
		await practice.goto(`${base}/practice/party-history-basics`);
	});
	await context.close();
	if (plain.stage) throw new Error('the practice page loaded stage code');
	return [{ metric: 'stage_js_gz_kb', value: runs.sort((a, b) => a - b)[1] ?? 0, unit: 'KiB' }];
}
