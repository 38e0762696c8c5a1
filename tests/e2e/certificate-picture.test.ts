import { expect, test } from '@playwright/test';
import {
	CERTIFICATE_BORDER,
	CERTIFICATE_COLORS,
	CERTIFICATE_HEIGHT,
	CERTIFICATE_WIDTH
} from '../../src/lib/core/competition/certificate-layout';
import type { MemberCertificate } from '../../src/lib/core/competition/types';
import { certificateScript } from '../fixtures/checkin-card-bundle';
import { setOffline } from './helpers';

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

const AWARD: MemberCertificate = {
	orgName: '金河镇党委',
	title: '七一党史知识竞赛：学习党的百年奋斗重大成就和历史经验（第二季）',
	date: '2026-07-03',
	displayName: '王芳',
	groupName: '金河镇第一党支部',
	groupKind: 'branch',
	award: '一等奖'
};

test('a member’s certificate draws offline: 1754×1240 PNG (A4 landscape), red and gold, text on the paper', async ({
	page,
	context
}, testInfo) => {
	const script = await certificateScript();
	await setOffline(context, true);
	await page.setContent('<!doctype html><html lang="zh-CN"><body></body></html>');
	await page.addScriptTag({ content: script });
	const { outer, inner, paper } = CERTIFICATE_BORDER;
	const probes = {
		ground: [
			[12, 600],
			[CERTIFICATE_WIDTH - 12, 300],
			[900, CERTIFICATE_HEIGHT - 20]
		],
		gold: [
			[outer, 600],
			[CERTIFICATE_WIDTH - outer, 700],
			[500, inner],
			[1200, CERTIFICATE_HEIGHT - inner]
		],
		paper: [
			[paper + 20, paper + 20],
			[CERTIFICATE_WIDTH - paper - 20, CERTIFICATE_HEIGHT / 2],
			[200, CERTIFICATE_HEIGHT - paper - 20]
		]
	};
	for (const [certificate, withOffscreen] of [
		[AWARD, true],
		[{ ...AWARD, award: null, groupKind: 'class', groupName: '三年级一班' }, false]
	] as const) {
		const result = await page.evaluate(
			async ({ certificate, probes, withOffscreen }) => {
				const saved = globalThis.OffscreenCanvas;
				// The fallback for browsers without OffscreenCanvas (older WeChat) draws the same.
				if (!withOffscreen) Reflect.deleteProperty(globalThis, 'OffscreenCanvas');
				const blob = await window.PocketCertificate.renderCertificate(certificate);
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
				// Dark or red pixels on the paper in a band (red only: the heading and the award):
				// text drawn in whatever font the machine has (even tofu boxes count), never the
				// empty paper.
				const inked = (y0: number, y1: number, redOnly = false) => {
					let n = 0;
					for (let y = y0; y < y1; y++) {
						for (let x = 200; x < canvas.width - 200; x++) {
							const [r, g] = at(x, y) as [number, number, number];
							if (g < 120 && (!redOnly || r > 150)) n++;
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
					paper: probes.paper.map(([x, y]) => at(x as number, y as number)),
					heading: inked(250, 370),
					name: inked(470, 530),
					award: inked(640, 900, true),
					png: Array.from(bytes)
				};
			},
			{ certificate, probes, withOffscreen }
		);
		expect(result.type).toBe('image/png');
		expect([result.width, result.height]).toEqual([CERTIFICATE_WIDTH, CERTIFICATE_HEIGHT]);
		for (const px of result.ground) expect(px).toEqual(hex(CERTIFICATE_COLORS.ground));
		for (const px of result.gold) expect(px).toEqual(hex(CERTIFICATE_COLORS.gold));
		for (const px of result.paper) expect(px).toEqual(hex(CERTIFICATE_COLORS.paper));
		expect(result.heading).toBeGreaterThan(2000);
		expect(result.name).toBeGreaterThan(1000);
		// The award line is there on a 获奖证书 only.
		if (certificate.award) expect(result.award).toBeGreaterThan(500);
		else expect(result.award).toBe(0);
		await testInfo.attach(`certificate-${certificate.award ? 'award' : 'participation'}.png`, {
			body: Buffer.from(result.png),
			contentType: 'image/png'
		});
	}
});
