/**
 * Draws the 打卡 card on the device, offline, and returns it as a PNG to share or save. What goes
 * where is decided in core (`card-layout.ts`); this file only replays those operations on a
 * canvas, measuring text with the canvas itself so wrapping matches the fonts the phone has.
 */
import {
	CARD_HEIGHT,
	CARD_WIDTH,
	cardLayout,
	cssFont,
	type CardContent,
	type CardOp
} from '$lib/core/checkin/card-layout';

export type { CardContent } from '$lib/core/checkin/card-layout';

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function draw(ctx: Context2D, ops: readonly CardOp[]): void {
	ctx.textAlign = 'center';
	ctx.textBaseline = 'middle';
	for (const op of ops) {
		switch (op.kind) {
			case 'rect':
				ctx.fillStyle = op.color;
				ctx.fillRect(op.x, op.y, op.w, op.h);
				break;
			case 'frame':
				ctx.strokeStyle = op.color;
				ctx.lineWidth = op.lineWidth;
				ctx.strokeRect(op.x, op.y, op.w, op.h);
				break;
			case 'polygon': {
				ctx.fillStyle = op.color;
				ctx.beginPath();
				op.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
				ctx.closePath();
				ctx.fill();
				break;
			}
			case 'text':
				ctx.fillStyle = op.color;
				ctx.font = cssFont(op.font);
				ctx.fillText(op.text, op.x, op.y);
				break;
		}
	}
}

function paint(ctx: Context2D, content: CardContent): void {
	const measure = (text: string, font: Parameters<typeof cssFont>[0]) => {
		ctx.font = cssFont(font);
		return ctx.measureText(text).width;
	};
	draw(ctx, cardLayout(content, measure));
}

/**
 * Draw a 打卡 card (1080×1440, the size DESIGN.md asks for: sharp on a 3× phone and in a WeChat
 * chat) and encode it as PNG. An OffscreenCanvas is used where the browser has one (it needs no
 * document, so a worker could draw too); otherwise a detached <canvas>.
 */
export async function renderCheckinCard(content: CardContent): Promise<Blob> {
	if (typeof OffscreenCanvas !== 'undefined') {
		const canvas = new OffscreenCanvas(CARD_WIDTH, CARD_HEIGHT);
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error('此浏览器无法绘制打卡卡片');
		paint(ctx, content);
		return canvas.convertToBlob({ type: 'image/png' });
	}
	const canvas = document.createElement('canvas');
	canvas.width = CARD_WIDTH;
	canvas.height = CARD_HEIGHT;
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('此浏览器无法绘制打卡卡片');
	paint(ctx, content);
	return new Promise((resolve, reject) =>
		canvas.toBlob(
			(blob) => (blob ? resolve(blob) : reject(new Error('打卡卡片生成失败'))),
			'image/png'
		)
	);
}
