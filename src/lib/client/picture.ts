/**
 * Pictures drawn on the device, offline (the 打卡 card, a member's certificate): core decides
 * what goes where as a list of drawing operations; this file replays them on a canvas, measuring
 * text with the canvas itself so wrapping matches the fonts the phone has, and encodes a PNG.
 */
import {
	cssFont,
	type CardFont,
	type CardOp,
	type MeasureText
} from '$lib/core/checkin/card-layout';

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

function paint(ctx: Context2D, layout: (measure: MeasureText) => CardOp[]): void {
	const measure = (text: string, font: CardFont) => {
		ctx.font = cssFont(font);
		return ctx.measureText(text).width;
	};
	draw(ctx, layout(measure));
}

/**
 * Draw `layout` on a `width`×`height` canvas and encode it as PNG. An OffscreenCanvas is used
 * where the browser has one (it needs no document, so a worker could draw too); otherwise a
 * detached <canvas> (older WeChat). `what` names the picture in error messages.
 */
export async function renderPicture(
	width: number,
	height: number,
	layout: (measure: MeasureText) => CardOp[],
	what: string
): Promise<Blob> {
	if (typeof OffscreenCanvas !== 'undefined') {
		const canvas = new OffscreenCanvas(width, height);
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error(`此浏览器无法绘制${what}`);
		paint(ctx, layout);
		return canvas.convertToBlob({ type: 'image/png' });
	}
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error(`此浏览器无法绘制${what}`);
	paint(ctx, layout);
	return new Promise((resolve, reject) =>
		canvas.toBlob(
			(blob) => (blob ? resolve(blob) : reject(new Error(`${what}生成失败`))),
			'image/png'
		)
	);
}
