import { gzipSync } from 'node:zlib';
import { round } from './bank-compile';
import { isWorkerScript } from './page-weight';
import type { BenchContext, Metric } from './run';

/**
 * quiz_js_gz_kb / quiz_pupil_js_gz_kb: gzip KiB of the JavaScript a first visit to the quiz
 * screen loads (open a bank's page, start a 10-question practice, see the first question), without
 * and with pupils' mode; quiz_js_files: how many script files the plain visit loads. Pinyin (pinyin-pro) must add nothing to the first figure: the bench
 * fails if any script the plain visit loads carries pinyin-pro's dictionary.
 */
export async function measureQuizWeight(ctx: BenchContext): Promise<Metric[]> {
	const plain = await visitQuiz(ctx, false);
	const pupil = await visitQuiz(ctx, true);
	if (plain.pinyin) throw new Error('the quiz loaded pinyin-pro without pupils mode');
	if (!pupil.pinyin) throw new Error('pupils mode showed no pinyin: the measurement is wrong');
	return [
		{ metric: 'quiz_js_gz_kb', value: round(plain.bytes / 1024), unit: 'KiB' },
		{ metric: 'quiz_js_files', value: plain.files, unit: 'files' },
		{ metric: 'quiz_pupil_js_gz_kb', value: round(pupil.bytes / 1024), unit: 'KiB' }
	];
}

async function visitQuiz(ctx: BenchContext, pupil: boolean) {
	const base = await ctx.baseUrl();
	const browser = await ctx.browser();
	const context = await browser.newContext();
	if (pupil) {
		await context.addInitScript(() =>
			localStorage.setItem('pocket-classroom:play', JSON.stringify({ pupil: true }))
		);
	}
	const page = await context.newPage();
	const scripts: Promise<{ bytes: number; pinyin: boolean }>[] = [];
	page.on('response', (response) => {
		if (response.request().resourceType() !== 'script') return;
		if (isWorkerScript(response.url())) return;
		scripts.push(
			response.body().then((b) => ({
				bytes: gzipSync(b, { level: 9 }).length,
				// A word from pinyin-pro's dictionary, which no other module carries.
				pinyin: b.includes('zhōng')
			}))
		);
	});
	await page.goto(`${base}/practice/party-history-basics`);
	await page.getByRole('button', { name: '10 题' }).click({ timeout: 30_000 });
	await page.locator('#stem').waitFor();
	if (pupil) await page.locator('#stem ruby').first().waitFor();
	await page.waitForLoadState('networkidle');
	const loaded = await Promise.all(scripts);
	await context.close();
	return {
		bytes: loaded.reduce((sum, s) => sum + s.bytes, 0),
		files: loaded.length,
		pinyin: loaded.some((s) => s.pinyin)
	};
}
