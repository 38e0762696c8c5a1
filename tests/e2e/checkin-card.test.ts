import { expect, test } from '@playwright/test';
import {
	CARD_BORDER,
	CARD_COLORS,
	CARD_HEIGHT,
	CARD_WIDTH
} from '../../src/lib/core/checkin/card-layout';
import { checkinCardScript, SAMPLE_CARD } from '../fixtures/checkin-card-bundle';
import { setOffline } from './helpers';

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

test('a 打卡 card draws offline: 1080×1440 PNG, red ground, gold border, text', async ({
	page,
	context
}, testInfo) => {
	const script = await checkinCardScript();
	await setOffline(context, true);
	await page.setContent('<!doctype html><html lang="zh-CN"><body></body></html>');
	await page.addScriptTag({ content: script });

	const { outer, inner } = CARD_BORDER;
	const probes = {
		// Between the card's edge and the outer frame, and between the frames and the text.
		ground: [
			[20, 700],
			[CARD_WIDTH - 100, 1000],
			[300, CARD_HEIGHT - 20]
		],
		// On the outer and inner frame lines, away from the ornaments.
		gold: [
			[outer, 400],
			[CARD_WIDTH - outer, 1000],
			[400, outer],
			[inner, 600],
			[700, CARD_HEIGHT - inner]
		]
	};
	for (const withOffscreen of [true, false]) {
		const result = await page.evaluate(
			async ({ content, probes, withOffscreen }) => {
				const saved = globalThis.OffscreenCanvas;
				// The fallback for browsers without OffscreenCanvas (older WeChat) draws the same card.
				if (!withOffscreen) Reflect.deleteProperty(globalThis, 'OffscreenCanvas');
				const blob = await window.PocketCard.renderCheckinCard(content);
				if (!withOffscreen) globalThis.OffscreenCanvas = saved;
				const bitmap = await createImageBitmap(blob);
				const canvas = document.createElement('canvas');
				canvas.width = bitmap.width;
				canvas.height = bitmap.height;
				const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
				ctx.drawImage(bitmap, 0, 0);
				const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
				const at = (x: number, y: number) => {
					const i = (y * canvas.width + x) * 4;
					return [data[i], data[i + 1], data[i + 2]] as number[];
				};
				// Light pixels in the bands of the date and of the day's card: text drawn in
				// whatever font the machine has (even tofu boxes would count), never the red ground.
				const light = (y0: number, y1: number) => {
					let n = 0;
					for (let y = y0; y < y1; y++) {
						for (let x = 150; x < canvas.width - 150; x++) {
							const [r, g, b] = at(x, y) as [number, number, number];
							if (r > 200 && g > 180 && b > 150) n++;
						}
					}
					return n;
				};
				const bytes = new Uint8Array(await blob.arrayBuffer());
				return {
					type: blob.type,
					width: bitmap.width,
					height: bitmap.height,
					ground: probes.ground.map(([x, y]) => at(x as number, y as number)),
					gold: probes.gold.map(([x, y]) => at(x as number, y as number)),
					dateText: light(170, 330),
					cardText: light(620, 1110),
					png: Array.from(bytes)
				};
			},
			{ content: SAMPLE_CARD, probes, withOffscreen }
		);
		expect(result.type).toBe('image/png');
		expect([result.width, result.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
		for (const px of result.ground) expect(px).toEqual(hex(CARD_COLORS.ground));
		for (const px of result.gold) expect(px).toEqual(hex(CARD_COLORS.gold));
		expect(result.dateText).toBeGreaterThan(2000);
		expect(result.cardText).toBeGreaterThan(2000);
		if (withOffscreen) {
			await testInfo.attach('checkin-card.png', {
				body: Buffer.from(result.png),
				contentType: 'image/png'
			});
		}
	}
});
