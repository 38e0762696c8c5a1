import { createHash } from 'node:crypto';
import { generatedQuestions } from '../tests/fixtures/questions';
import { round } from './bank-compile';
import { median, type BenchContext, type Metric } from './run';

const RUNS = 5;
const BANK_ID = 'bench-10k';

/**
 * bank_install_10k_ms: a generated 10,000-question bank installed by the real app in headless
 * Chromium, from the start of its download to the moment it is active (the installer's own
 * performance marks). bank_install_floor_ms: the same rows written with one raw IndexedDB
 * transaction (same durability) in the same page, the browser's own limit.
 */
export async function measureBankInstall(ctx: BenchContext): Promise<Metric[]> {
	const base = await ctx.baseUrl();
	const browser = await ctx.browser();
	const questions = generatedQuestions(10_000);
	const bank = {
		id: BANK_ID,
		title: '基准测试题库',
		description: '',
		audience: 'all' as const,
		version: '1.0.0',
		changelog: [{ version: '1.0.0', date: '2026-11-29', notes: '基准测试' }]
	};
	const body = JSON.stringify({ format: 1, bank, questions, cards: [] });
	const sha256 = createHash('sha256').update(body).digest('hex');
	const url = `${BANK_ID}/1.0.0.${sha256.slice(0, 12)}.json`;
	const index = JSON.stringify({
		format: 1,
		banks: [
			{
				...bank,
				notes: '基准测试',
				questionCount: questions.length,
				cardCount: 0,
				url,
				sha256,
				bytes: Buffer.byteLength(body)
			}
		]
	});

	const install: number[] = [];
	const floor: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		const context = await browser.newContext({ serviceWorkers: 'block' });
		await context.route('**/banks/index.json', (r) =>
			r.fulfill({ body: index, contentType: 'application/json' })
		);
		await context.route(`**/banks/${url}`, (r) =>
			r.fulfill({ body, contentType: 'application/json' })
		);
		const page = await context.newPage();
		await page.goto(`${base}/`);
		const ms = await page.waitForFunction(
			(name) => {
				const start = performance.getEntriesByName(`bank-install-start:${name}`)[0];
				const end = performance.getEntriesByName(`bank-install-done:${name}`)[0];
				return start && end ? end.startTime - start.startTime : null;
			},
			`${BANK_ID}@1.0.0`,
			{ timeout: 60_000 }
		);
		install.push((await ms.jsonValue()) as number);

		floor.push(
			await page.evaluate(async (bundleUrl) => {
				const parsed = (await (await fetch(bundleUrl)).json()) as { questions: object[] };
				const rows = parsed.questions.map((q) => ({ ...q, bankId: 'floor', version: '1.0.0' }));
				const db = await new Promise<IDBDatabase>((resolve, reject) => {
					const open = indexedDB.open('bench-floor', 1);
					open.onupgradeneeded = () =>
						open.result.createObjectStore('questions', { keyPath: ['bankId', 'version', 'id'] });
					open.onsuccess = () => resolve(open.result);
					open.onerror = () => reject(open.error);
				});
				const t0 = performance.now();
				await new Promise<void>((resolve, reject) => {
					const tx = db.transaction('questions', 'readwrite', { durability: 'strict' });
					const store = tx.objectStore('questions');
					for (const row of rows) store.put(row);
					tx.oncomplete = () => resolve();
					tx.onerror = () => reject(tx.error);
				});
				return performance.now() - t0;
			}, `/banks/${url}`)
		);
		await context.close();
	}
	return [
		{ metric: 'bank_install_10k_ms', value: round(median(install)), unit: 'ms' },
		{ metric: 'bank_install_floor_ms', value: round(median(floor)), unit: 'ms' }
	];
}
