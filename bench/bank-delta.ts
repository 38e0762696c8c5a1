import { createHash } from 'node:crypto';
import type { BankIndex, BankIndexEntry } from '../src/lib/core/bank/bundle';
import { makeBankDelta } from '../src/lib/core/bank/delta';
import type { BankMeta, Question } from '../src/lib/core/bank/schema';
import { generatedQuestions } from '../tests/fixtures/questions';
import { round } from './bank-compile';
import { median, type BenchContext, type Metric } from './run';

const RUNS = 5;
const BANK_ID = 'bench-delta-10k';

interface Published {
	meta: BankMeta;
	questions: Question[];
	body: string;
	sha256: string;
	url: string;
}

function publish(version: string, questions: Question[], notes: string): Published {
	const meta: BankMeta = {
		id: BANK_ID,
		title: '基准测试题库',
		description: '',
		audience: 'all',
		version,
		changelog: [{ version, date: '2026-12-01', notes }]
	};
	const body = JSON.stringify({ format: 1, bank: meta, questions, cards: [] });
	const sha256 = createHash('sha256').update(body).digest('hex');
	return {
		meta,
		questions,
		body,
		sha256,
		url: `${BANK_ID}/${version}.${sha256.slice(0, 12)}.json`
	};
}

function entry(current: Published, releases: Published[]): BankIndexEntry {
	return {
		id: BANK_ID,
		title: current.meta.title,
		description: '',
		audience: 'all',
		version: current.meta.version,
		notes: current.meta.changelog[0]?.notes ?? '',
		questionCount: current.questions.length,
		cardCount: 0,
		url: current.url,
		sha256: current.sha256,
		bytes: Buffer.byteLength(current.body),
		released: true,
		releases: releases.map((r) => ({
			version: r.meta.version,
			date: '2026-12-01',
			notes: r.meta.changelog[0]?.notes ?? '',
			questionCount: r.questions.length,
			cardCount: 0,
			url: r.url,
			sha256: r.sha256,
			bytes: Buffer.byteLength(r.body)
		})),
		deltas: []
	};
}

/**
 * bank_delta_ratio: bytes a device downloads to update a 10,000-question bank after a one-question
 * change (the index check plus the delta), divided by the new version's full bundle.
 * bank_delta_apply_ms: that update in the real app in headless Chromium, from the installer's
 * start mark to its done mark (download, SHA-256, parse, apply, write, switch), with version
 * 1.0.0 already installed by the app itself.
 */
export async function measureBankDelta(ctx: BenchContext): Promise<Metric[]> {
	const base = await ctx.baseUrl();
	const browser = await ctx.browser();
	const questions = generatedQuestions(10_000);
	const v1 = publish('1.0.0', questions, '基准测试');
	const changed = questions.map((q, i) =>
		i === 4_999 ? { ...q, stem: `${q.stem.replace(/？$/, '')}（措辞修正）？` } : q
	);
	const v2 = publish('1.0.1', changed, '修正 1 题的措辞');
	const content = (p: Published) => ({ bank: p.meta, questions: p.questions, cards: [] });
	const delta = JSON.stringify(
		makeBankDelta(
			{ content: content(v1), sha256: v1.sha256 },
			{ content: content(v2), sha256: v2.sha256 }
		)
	);
	const deltaSha = createHash('sha256').update(delta).digest('hex');
	const deltaUrl = `${BANK_ID}/deltas/1.0.0-1.0.1.${deltaSha.slice(0, 12)}.json`;
	const second = entry(v2, [v1, v2]);
	second.deltas.push({
		from: '1.0.0',
		fromSha256: v1.sha256,
		url: deltaUrl,
		sha256: deltaSha,
		bytes: Buffer.byteLength(delta)
	});
	const indexes: Record<'first' | 'second', string> = {
		first: JSON.stringify({ format: 1, banks: [entry(v1, [v1])] } satisfies BankIndex),
		second: JSON.stringify({ format: 1, banks: [second] } satisfies BankIndex)
	};
	const files = new Map([
		[v1.url, v1.body],
		[v2.url, v2.body],
		[deltaUrl, delta]
	]);

	const ratios: number[] = [];
	const applyMs: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		const context = await browser.newContext({ serviceWorkers: 'block' });
		let phase: 'first' | 'second' = 'first';
		const served: { url: string; bytes: number }[] = [];
		await context.route('**/banks/**', (route) => {
			const path = new URL(route.request().url()).pathname.replace(/^\/banks\//, '');
			const body = path === 'index.json' ? indexes[phase] : files.get(path);
			if (body === undefined) return route.fulfill({ status: 404 });
			if (phase === 'second') served.push({ url: path, bytes: Buffer.byteLength(body) });
			return route.fulfill({ body, contentType: 'application/json' });
		});
		const page = await context.newPage();
		const installed = (name: string) =>
			page.waitForFunction(
				(mark) => {
					const start = performance.getEntriesByName(`bank-install-start:${mark}`)[0];
					const end = performance.getEntriesByName(`bank-install-done:${mark}`)[0];
					return start && end ? end.startTime - start.startTime : null;
				},
				name,
				{ timeout: 60_000 }
			);
		await page.goto(`${base}/`);
		await installed(`${BANK_ID}@1.0.0`);

		// The next start finds 1.0.1 in the index (the app checks at every start).
		phase = 'second';
		await page.reload();
		const ms = await installed(`${BANK_ID}@1.0.1`);
		applyMs.push((await ms.jsonValue()) as number);
		if (served.some((s) => s.url === v2.url)) {
			throw new Error('the update downloaded the full bundle instead of the delta');
		}
		ratios.push(served.reduce((sum, s) => sum + s.bytes, 0) / Buffer.byteLength(v2.body));
		await context.close();
	}
	return [
		{ metric: 'bank_delta_ratio', value: Math.round(median(ratios) * 1e5) / 1e5, unit: 'ratio' },
		{ metric: 'bank_delta_apply_ms', value: round(median(applyMs)), unit: 'ms' }
	];
}
