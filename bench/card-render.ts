import { checkinCardScript, SAMPLE_CARD } from '../tests/fixtures/checkin-card-bundle';
import { round } from './bank-compile';
import { median, type BenchContext, type Metric } from './run';

const CONTEXTS = 3;
const RENDERS = 7;

/**
 * card_render_ms: one 打卡 card drawn by the app's own renderer (src/lib/client/checkin-card.ts,
 * bundled with esbuild and added to a blank page) in headless Chromium, from the call to the
 * finished PNG Blob: layout, text measuring, drawing and PNG encoding. Median of 7 renders in
 * each of 3 fresh browser contexts; the first render in a context (font lookup) is included.
 */
export async function measureCardRender(ctx: BenchContext): Promise<Metric[]> {
	const browser = await ctx.browser();
	const script = await checkinCardScript();
	const times: number[] = [];
	for (let c = 0; c < CONTEXTS; c++) {
		const context = await browser.newContext({ serviceWorkers: 'block' });
		await context.setOffline(true);
		const page = await context.newPage();
		await page.setContent('<!doctype html><html lang="zh-CN"><body></body></html>');
		await page.addScriptTag({ content: script });
		times.push(
			...(await page.evaluate(
				async ({ content, renders }) => {
					const out: number[] = [];
					for (let i = 0; i < renders; i++) {
						const t0 = performance.now();
						const blob = await window.PocketCard.renderCheckinCard({
							...content,
							streak: content.streak + i
						});
						out.push(performance.now() - t0);
						if (blob.size === 0) throw new Error('empty card');
					}
					return out;
				},
				{ content: SAMPLE_CARD, renders: RENDERS }
			))
		);
		await context.close();
	}
	return [{ metric: 'card_render_ms', value: round(median(times)), unit: 'ms' }];
}
