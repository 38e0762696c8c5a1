import { gzipSync } from 'node:zlib';
import { round } from './bank-compile';
import type { BenchContext, Metric } from './run';

/**
 * practice_js_gz_kb / practice_css_gz_kb: gzip KiB of the JavaScript and CSS a first visit to a
 * practice page loads (requests made by the page itself; the service worker's background
 * precaching is not something the visitor waits for).
 */
export async function measurePageWeight(ctx: BenchContext): Promise<Metric[]> {
	const base = await ctx.baseUrl();
	const browser = await ctx.browser();
	const context = await browser.newContext();
	const page = await context.newPage();
	const bodies: Promise<{ type: string; bytes: number }>[] = [];
	page.on('response', (response) => {
		const type = response.request().resourceType();
		if (type !== 'script' && type !== 'stylesheet') return;
		bodies.push(response.body().then((b) => ({ type, bytes: gzipSync(b, { level: 9 }).length })));
	});
	await page.goto(`${base}/practice/party-history-basics`, { waitUntil: 'networkidle' });
	const loaded = await Promise.all(bodies);
	await context.close();
	const kib = (type: string) =>
		round(loaded.filter((l) => l.type === type).reduce((sum, l) => sum + l.bytes, 0) / 1024);
	return [
		{ metric: 'practice_js_gz_kb', value: kib('script'), unit: 'KiB' },
		{ metric: 'practice_css_gz_kb', value: kib('stylesheet'), unit: 'KiB' }
	];
}
