/**
 * Draws the app icons (192, 512, maskable 512, favicon) from one inline SVG with headless
 * Chromium. Run by hand when the design changes: `npx tsx scripts/make-icons.ts`; the PNGs are
 * committed so builds need no browser.
 */
import { chromium } from '@playwright/test';
import { writeFile } from 'node:fs/promises';

// An open book (study) under a gold star, on Chinese red. `inset` shrinks the drawing into the
// maskable safe zone (the central 80%).
function iconSvg(size: number, inset: number, rounded: boolean): string {
	const s = size;
	const k = (s * (1 - inset * 2)) / 100;
	const o = s * inset;
	const p = (x: number, y: number) => `${(o + x * k).toFixed(1)},${(o + y * k).toFixed(1)}`;
	const star = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
		.map((i) => {
			const r = i % 2 === 0 ? 15 : 6.2;
			const a = -Math.PI / 2 + (i * Math.PI) / 5;
			return p(50 + r * Math.cos(a), 30 + r * Math.sin(a));
		})
		.join(' ');
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}">
  <rect width="${s}" height="${s}" rx="${rounded ? s * 0.2 : 0}" fill="#b71c1c"/>
  ${rounded ? `<rect x="${s * 0.04}" y="${s * 0.04}" width="${s * 0.92}" height="${s * 0.92}" rx="${s * 0.17}" fill="none" stroke="#f2c14e" stroke-width="${s * 0.02}"/>` : ''}
  <polygon points="${star}" fill="#f2c14e"/>
  <path d="M${p(14, 56)} L${p(48, 50)} L${p(48, 84)} L${p(14, 90)} Z" fill="#fff"/>
  <path d="M${p(86, 56)} L${p(52, 50)} L${p(52, 84)} L${p(86, 90)} Z" fill="#fff"/>
  <path d="M${p(22, 63)} L${p(42, 59.5)} M${p(22, 71)} L${p(42, 67.5)} M${p(58, 59.5)} L${p(78, 63)} M${p(58, 67.5)} L${p(78, 71)}" stroke="#b71c1c" stroke-width="${2.2 * k}" stroke-linecap="round"/>
</svg>`;
}

const targets = [
	{ file: 'static/icons/icon-192.png', size: 192, inset: 0.06, rounded: true },
	{ file: 'static/icons/icon-512.png', size: 512, inset: 0.06, rounded: true },
	{ file: 'static/icons/icon-maskable-512.png', size: 512, inset: 0.14, rounded: false },
	{ file: 'static/favicon.png', size: 64, inset: 0.04, rounded: true }
];

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox']
});
const page = await browser.newPage();
for (const t of targets) {
	await page.setViewportSize({ width: t.size, height: t.size });
	await page.setContent(
		`<body style="margin:0;background:transparent">${iconSvg(t.size, t.inset, t.rounded)}</body>`
	);
	await writeFile(t.file, await page.locator('svg').screenshot({ omitBackground: true }));
	console.log('wrote', t.file);
}
await browser.close();
