import { chromium } from '@playwright/test';
import { gzipSync } from 'node:zlib';
const [,, base, path] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const rows = [];
page.on('response', async (r) => {
	const t = r.request().resourceType();
	if (t !== 'script') return;
	try { const b = await r.body(); rows.push([gzipSync(b, { level: 9 }).length, r.url().split('/').pop()]); } catch {}
});
await page.goto(base + path, { waitUntil: 'networkidle' });
await new Promise((r) => setTimeout(r, 500));
rows.sort((a, b) => b[0] - a[0]);
for (const [n, u] of rows) console.log((n / 1024).toFixed(1), u);
console.log('total', (rows.reduce((s, r) => s + r[0], 0) / 1024).toFixed(1));
await browser.close();
