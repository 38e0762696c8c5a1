import { gzipSync } from 'node:zlib';
import { round } from './bank-compile';
import type { BenchContext, Metric } from './run';

/** gzip bytes of the document, scripts and stylesheets a first visit to `path` loads. */
/**
 * The bank-install worker's script (Vite puts workers under /workers/): fetched on a first visit
 * but parsed and run off the main thread, and not needed for anything on screen; counted apart
 * (bank_worker_js_gz_kb) so the page weights keep measuring what the page itself waits for.
 */
export const isWorkerScript = (url: string) => url.includes('/_app/immutable/workers/');

async function firstVisitWeight(ctx: BenchContext, path: string) {
	const base = await ctx.baseUrl();
	const browser = await ctx.browser();
	const context = await browser.newContext();
	const page = await context.newPage();
	const bodies: Promise<{ type: string; bytes: number }>[] = [];
	page.on('response', (response) => {
		const type = response.request().resourceType();
		if (type !== 'script' && type !== 'stylesheet' && type !== 'document') return;
		const worker = isWorkerScript(response.url());
		// A worker's response body goes with the worker, which ends after its check: fetch the
		// same immutable file again rather than race it.
		const body = worker
			? fetch(response.url()).then(async (r) => Buffer.from(await r.arrayBuffer()))
			: response.body();
		bodies.push(
			body.then((b) => ({
				type: worker ? 'worker' : type,
				bytes: gzipSync(b, { level: 9 }).length
			}))
		);
	});
	await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
	const loaded = await Promise.all(bodies);
	await context.close();
	const of = (type: string) => loaded.filter((l) => l.type === type);
	return {
		kib: (type: string) => round(of(type).reduce((sum, l) => sum + l.bytes, 0) / 1024),
		files: (type: string) => of(type).length
	};
}

/**
 * practice_js_gz_kb / practice_css_gz_kb / practice_doc_gz_kb: gzip KiB of the JavaScript, the
 * style sheet files and the document a first visit to a practice page loads (the document
 * carries the page's styles since they are inlined, svelte.config.js) (requests made by the page itself; the service worker's background
 * precaching is not something the visitor waits for). bank_worker_js_gz_kb: the bank-install
 * worker's script, which the same visit also fetches (see isWorkerScript). practice_js_files:
 * how many script files that is: each costs the page's main thread time of its own on a cheap
 * phone, whatever its size (scripts/lib/chunk-groups.ts).
 */
export async function measurePageWeight(ctx: BenchContext): Promise<Metric[]> {
	const { kib, files } = await firstVisitWeight(ctx, '/practice/party-history-basics');
	return [
		{ metric: 'practice_js_gz_kb', value: kib('script'), unit: 'KiB' },
		{ metric: 'practice_js_files', value: files('script'), unit: 'files' },
		{ metric: 'practice_css_gz_kb', value: kib('stylesheet'), unit: 'KiB' },
		{ metric: 'practice_doc_gz_kb', value: kib('document'), unit: 'KiB' },
		{ metric: 'bank_worker_js_gz_kb', value: kib('worker'), unit: 'KiB' }
	];
}

/**
 * home_js_gz_kb / checkin_js_gz_kb: the same for 今日 (the first screen everyone opens) and 打卡
 * (the card renderer must not be part of it until a card is shown); home_js_files /
 * checkin_js_files: how many script files.
 */
export async function measureDailyPageWeight(ctx: BenchContext): Promise<Metric[]> {
	// Median of three fresh visits: one visit can end before the page's modules were requested.
	const median = async (path: string) => {
		const kib: number[] = [];
		const files: number[] = [];
		for (let i = 0; i < 3; i++) {
			const visit = await firstVisitWeight(ctx, path);
			kib.push(visit.kib('script'));
			files.push(visit.files('script'));
		}
		const middle = (v: number[]) => v.sort((a, b) => a - b)[1] ?? 0;
		return { kib: middle(kib), files: middle(files) };
	};
	const home = await median('/');
	const checkin = await median('/checkin');
	return [
		{ metric: 'home_js_gz_kb', value: home.kib, unit: 'KiB' },
		{ metric: 'home_js_files', value: home.files, unit: 'files' },
		{ metric: 'checkin_js_gz_kb', value: checkin.kib, unit: 'KiB' },
		{ metric: 'checkin_js_files', value: checkin.files, unit: 'files' }
	];
}

/**
 * service_worker_js_gz_kb: gzip KiB of the service worker's script. A phone stops the worker
 * when the app is idle and starts it again for the next page, which waits for the script to be
 * evaluated before the worker can answer (worker_stopped_first_byte_ms); the Background Sync
 * upload is a script of its own, imported only when it runs (client/background-upload.ts).
 */
export async function measureServiceWorkerWeight(ctx: BenchContext): Promise<Metric[]> {
	const response = await fetch(`${await ctx.baseUrl()}/service-worker.js`);
	if (!response.ok) throw new Error(`service-worker.js: HTTP ${response.status}`);
	const bytes = Buffer.from(await response.arrayBuffer());
	return [
		{
			metric: 'service_worker_js_gz_kb',
			value: round(gzipSync(bytes, { level: 9 }).length / 1024),
			unit: 'KiB'
		}
	];
}
