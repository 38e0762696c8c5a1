import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { BankIndex, BankIndexEntry } from '../../src/lib/core/bank/bundle';
import { makeBankDelta } from '../../src/lib/core/bank/delta';
import type { BankMeta, Question } from '../../src/lib/core/bank/schema';
import { generatedQuestions } from '../fixtures/questions';

// The bank files are served by routes here, so the service worker is not part of this test.
test.use({ serviceWorkers: 'block' });

const ID = 'e2e-update';

function publish(version: string, questions: Question[], notes: string[]) {
	const meta: BankMeta = {
		id: ID,
		title: '更新测试题库',
		description: '',
		audience: 'all',
		version,
		changelog: notes.map((n, i) => ({
			version: i === 0 ? version : '1.0.0',
			date: '2026-12-01',
			notes: n
		}))
	};
	const body = JSON.stringify({ format: 1, bank: meta, questions, cards: [] });
	const sha256 = createHash('sha256').update(body).digest('hex');
	const url = `${ID}/${version}.${sha256.slice(0, 12)}.json`;
	const entry: BankIndexEntry = {
		id: ID,
		title: meta.title,
		description: '',
		audience: 'all',
		version,
		notes: notes[0] ?? '',
		questionCount: questions.length,
		cardCount: 0,
		url,
		sha256,
		bytes: Buffer.byteLength(body),
		released: true,
		releases: [],
		deltas: []
	};
	return { meta, questions, body, sha256, url, entry };
}

test('a new bank version arrives as a delta, and the notice says what changed', async ({
	page,
	context
}) => {
	const base = generatedQuestions(30);
	const v1 = publish('1.0.0', base, ['首次发布']);
	const changed = base.map((q, i) => (i === 0 ? { ...q, stem: '改过措辞的第 1 道测试题？' } : q));
	const v2 = publish(
		'1.1.0',
		[...changed, ...generatedQuestions(2, 'new')],
		['新增两道题，修正一题的措辞。', '首次发布']
	);
	const content = (p: typeof v1) => ({ bank: p.meta, questions: p.questions, cards: [] });
	const delta = JSON.stringify(
		makeBankDelta(
			{ content: content(v1), sha256: v1.sha256 },
			{ content: content(v2), sha256: v2.sha256 }
		)
	);
	const deltaSha = createHash('sha256').update(delta).digest('hex');
	const deltaUrl = `${ID}/deltas/1.0.0-1.1.0.${deltaSha.slice(0, 12)}.json`;
	const second: BankIndexEntry = {
		...v2.entry,
		deltas: [
			{
				from: '1.0.0',
				fromSha256: v1.sha256,
				url: deltaUrl,
				sha256: deltaSha,
				bytes: Buffer.byteLength(delta)
			}
		]
	};
	const files = new Map([
		[v1.url, v1.body],
		[v2.url, v2.body],
		[deltaUrl, delta]
	]);
	let index: BankIndex = { format: 1, banks: [v1.entry] };
	const requested: string[] = [];
	await context.route('**/banks/**', (route) => {
		const path = new URL(route.request().url()).pathname.replace(/^\/banks\//, '');
		requested.push(path);
		const body = path === 'index.json' ? JSON.stringify(index) : files.get(path);
		return body === undefined
			? route.fulfill({ status: 404 })
			: route.fulfill({ body, contentType: 'application/json' });
	});

	await page.goto('/study');
	await expect(page.getByRole('heading', { name: '更新测试题库' })).toBeVisible();
	await expect(page.getByText('v1.0.0 · 30 题')).toBeVisible();

	// The next start of the app finds 1.1.0.
	index = { format: 1, banks: [second] };
	requested.length = 0;
	await page.goto('/');
	await expect(
		page.getByText('题库「更新测试题库」已更新到 v1.1.0：新增 2 题，修正 1 题')
	).toBeVisible();
	await expect(page.getByText('v1.1.0：新增两道题，修正一题的措辞。')).toBeVisible();
	expect(requested).toEqual(['index.json', deltaUrl]);

	await page.goto('/study');
	await expect(page.getByText('v1.1.0 · 32 题')).toBeVisible();
});
