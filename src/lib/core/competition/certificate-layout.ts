/**
 * A member's own certificate (获奖证书 or 参与证明) as a picture: A4 landscape at 150 dpi, red
 * and gold like the printed ones (the admin's print page), with the org's name, the competition,
 * the member, the award and the date. Pure, like the 打卡 card (checkin/card-layout.ts): it turns
 * the certificate into drawing operations, given a text measure; the device replays them on a
 * canvas offline.
 */
import {
	diamond,
	wrapText,
	type CardFont,
	type CardOp,
	type MeasureText
} from '../checkin/card-layout';
import type { MemberCertificate } from './types';

/** A4 landscape (297 × 210 mm) at 150 dpi: prints sharp, and reads on a phone when zoomed. */
export const CERTIFICATE_WIDTH = 1754;
export const CERTIFICATE_HEIGHT = 1240;

export const CERTIFICATE_COLORS = {
	ground: '#B71C1C',
	gold: '#E5B84B',
	/** The paper inside the frame; dark text on it is 14:1, the red 6.3:1. */
	paper: '#FFFAF0',
	text: '#2B2522',
	red: '#B71C1C'
} as const;

/** The frames, exported so a test can sample their pixels. */
export const CERTIFICATE_BORDER = { outer: 36, outerWidth: 8, inner: 60, innerWidth: 4, paper: 84 };

const FONTS = {
	org: { size: 44, weight: 400 },
	kind: { size: 112, weight: 700 },
	body: { size: 50, weight: 400 },
	name: { size: 56, weight: 700 },
	award: { size: 100, weight: 700 },
	sign: { size: 44, weight: 400 }
} as const satisfies Record<string, CardFont>;

/**
 * The date as certificates write it.
 *
 * @example certificateDate('2026-07-03') // → '2026年7月3日'
 */
export function certificateDate(day: string): string {
	const [y, m, d] = day.split('-').map(Number);
	return `${y}年${m}月${d}日`;
}

/**
 * The lines of a certificate, in the print page's words: 获奖证书 (an award) or 参与证明. Pupils
 * of a class are 同学, everyone else 同志.
 *
 * @example certificateText({ award: '一等奖', displayName: '王芳', groupName: '一支部', groupKind: 'branch', … }).kind // → '获 奖 证 书'
 */
export function certificateText(c: MemberCertificate) {
	const who = `${c.displayName.trim()} ${c.groupKind === 'class' ? '同学' : '同志'}（${c.groupName.trim()}）：`;
	return c.award
		? {
				kind: '获 奖 证 书',
				who,
				body: `在「${c.title}」中成绩优异，荣获`,
				award: c.award,
				close: '特发此证，以资鼓励。'
			}
		: {
				kind: '参 与 证 明',
				who,
				body: `参加了「${c.title}」，认真学习，积极答题。`,
				award: null,
				close: '特此证明。'
			};
}

/**
 * Everything drawn on a member's certificate, in order: red ground, two gold frames with
 * diamonds at the corners and sides, the paper, then the text centred (the title of the
 * competition wraps to two lines, cut with 「…」), the org and date at the lower right.
 *
 * @example certificateLayout({ orgName: '金河镇', title: '七一党史知识竞赛', date: '2026-07-03', displayName: '王芳', groupName: '一支部', groupKind: 'branch', award: '一等奖' }, measure) // → [{ kind: 'rect', … }, …]
 */
export function certificateLayout(c: MemberCertificate, measure: MeasureText): CardOp[] {
	const W = CERTIFICATE_WIDTH;
	const H = CERTIFICATE_HEIGHT;
	const { outer, outerWidth, inner, innerWidth, paper } = CERTIFICATE_BORDER;
	const col = CERTIFICATE_COLORS;
	const cx = W / 2;
	const textWidth = W - 2 * paper - 240;
	const text = (t: string, y: number, font: CardFont, color: string, x = cx): CardOp => ({
		kind: 'text',
		text: t,
		x,
		y,
		font,
		color
	});
	const lines = (t: string, font: CardFont, max: number) =>
		wrapText(t, textWidth, (s) => measure(s, font), max);

	const ops: CardOp[] = [
		{ kind: 'rect', x: 0, y: 0, w: W, h: H, color: col.ground },
		{
			kind: 'frame',
			x: outer,
			y: outer,
			w: W - 2 * outer,
			h: H - 2 * outer,
			lineWidth: outerWidth,
			color: col.gold
		},
		{
			kind: 'frame',
			x: inner,
			y: inner,
			w: W - 2 * inner,
			h: H - 2 * inner,
			lineWidth: innerWidth,
			color: col.gold
		}
	];
	for (const [x, y] of [
		[outer, outer],
		[W - outer, outer],
		[outer, H - outer],
		[W - outer, H - outer]
	] as const) {
		ops.push(diamond(x, y, 18, col.gold));
	}
	ops.push(diamond(cx, outer, 14, col.gold), diamond(cx, H - outer, 14, col.gold));
	ops.push({
		kind: 'rect',
		x: paper,
		y: paper,
		w: W - 2 * paper,
		h: H - 2 * paper,
		color: col.paper
	});

	const t = certificateText(c);
	ops.push(text(lines(c.orgName, FONTS.org, 1)[0] ?? '', 190, FONTS.org, col.red));
	ops.push(text(t.kind, 310, FONTS.kind, col.red));
	// A gold rule with a diamond under the heading.
	ops.push(
		{ kind: 'rect', x: cx - 260, y: 403, w: 236, h: 2, color: col.gold },
		{ kind: 'rect', x: cx + 24, y: 403, w: 236, h: 2, color: col.gold },
		diamond(cx, 404, 12, col.gold)
	);
	ops.push(text(lines(t.who, FONTS.name, 1)[0] ?? '', 500, FONTS.name, col.text));
	let y = 590;
	for (const line of lines(t.body, FONTS.body, 2)) {
		ops.push(text(line, y, FONTS.body, col.text));
		y += 72;
	}
	if (t.award) {
		ops.push(text(lines(t.award, FONTS.award, 1)[0] ?? '', y + 60, FONTS.award, col.red));
		y += 150;
	}
	ops.push(text(t.close, y + 10, FONTS.body, col.text));
	// Signed at the lower right, as a paper certificate is.
	const signX = W - paper - 320;
	const signFont = FONTS.sign;
	const org = wrapText(c.orgName, 560, (s) => measure(s, signFont), 1)[0] ?? '';
	ops.push(text(org, H - paper - 170, signFont, col.text, signX));
	ops.push(text(certificateDate(c.date), H - paper - 100, signFont, col.text, signX));
	return ops;
}
