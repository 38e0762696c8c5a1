/**
 * Layout of the 打卡 card (DESIGN.md, "The 打卡 card"): a 1080×1440 picture, red ground, a gold
 * geometric border, the date, the streak, the day's card, name · group and the footer. Pure: it
 * turns the card's content into a list of drawing operations, given a function that measures
 * text, so line wrapping is testable in Node and the canvas code only replays the list.
 */
import { isDay, weekday } from '../calendar/study-day';

export const CARD_WIDTH = 1080;
export const CARD_HEIGHT = 1440;

export const CARD_COLORS = {
	/** Chinese red; white text on it is 6.6:1. */
	ground: '#B71C1C',
	gold: '#E5B84B',
	text: '#FFFFFF',
	/** Warm off-white for secondary lines, still above 4.5:1 on the red. */
	soft: '#FBE3C8'
} as const;

/** System Chinese fonts only (no web fonts): the card must draw offline on any phone. */
export const CARD_FONT_FAMILY = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

/**
 * The border's geometry, exported so a test can sample its pixels. Line widths are even and
 * edges on whole pixels, so every frame line covers whole device pixels and stays sharp.
 */
export const CARD_BORDER = { outer: 48, outerWidth: 8, inner: 76, innerWidth: 4 } as const;

/** The width text may take: the inner frame minus a margin on each side. */
export const CARD_TEXT_WIDTH = CARD_WIDTH - 2 * 150;

export interface CardFont {
	size: number;
	weight: 400 | 700;
}

/** Measures the width of `text` drawn in `font`, in card pixels (a canvas's measureText). */
export type MeasureText = (text: string, font: CardFont) => number;

export interface CardContent {
	/** The study day, 'YYYY-MM-DD'. */
	day: string;
	/** Days in the streak, counting today. */
	streak: number;
	/** Title of the day's knowledge card. */
	title: string;
	/** Text of the day's card; its first one or two lines go on the picture. */
	excerpt?: string;
	name: string;
	group?: string;
}

export type CardOp =
	| { kind: 'rect'; x: number; y: number; w: number; h: number; color: string }
	| {
			kind: 'frame';
			x: number;
			y: number;
			w: number;
			h: number;
			lineWidth: number;
			color: string;
	  }
	| { kind: 'polygon'; points: [number, number][]; color: string }
	| {
			kind: 'text';
			text: string;
			/** Centre of the line. */
			x: number;
			y: number;
			font: CardFont;
			color: string;
	  };

/**
 * The CSS font shorthand a canvas needs for a card font.
 *
 * @example cssFont({ size: 44, weight: 700 }) // → '700 44px "PingFang SC", …, sans-serif'
 */
export function cssFont(font: CardFont): string {
	return `${font.weight} ${font.size}px ${CARD_FONT_FAMILY}`;
}

const WEEKDAYS = '日一二三四五六';

/**
 * The card's date line and weekday, in the form people write them.
 *
 * @example cardDate('2026-11-28') // → { date: '11月28日', weekday: '星期六' }
 */
export function cardDate(day: string): { date: string; weekday: string } {
	if (!isDay(day)) throw new Error(`not a day (YYYY-MM-DD): ${day}`);
	const month = Number(day.slice(5, 7));
	const date = Number(day.slice(8, 10));
	return { date: `${month}月${date}日`, weekday: `星期${WEEKDAYS[weekday(day)]}` };
}

// Chinese typesetting never starts a line with closing punctuation (避头点); such a character
// takes the previous one with it to the next line instead.
const NO_LINE_START = new Set([...'，。、；：！？）」』》〉”’…—,.;:!?)]}%']);
const ELLIPSIS = '…';

// Runs of Latin letters and digits stay whole where they fit; every other character is a break
// opportunity, which is how Chinese text wraps.
const TOKEN = /[A-Za-z0-9][A-Za-z0-9.'%-]*|\s+|[\s\S]/gu;

/**
 * Wrap text into at most `maxLines` lines no wider than `maxWidth` by `measure`: Chinese breaks
 * between any two characters, Latin words and numbers stay whole when they fit, no line starts
 * with closing punctuation, spaces at breaks are dropped, and text that does not fit ends with
 * 「…」. Runs of whitespace (including line breaks) read as one space.
 *
 * @example wrapText('不忘初心，牢记使命', 4, (s) => [...s].length, 3) // → ['不忘初', '心，牢记', '使命']
 */
export function wrapText(
	text: string,
	maxWidth: number,
	measure: (s: string) => number,
	maxLines: number
): string[] {
	const normalized = text.replace(/\s+/gu, ' ').trim();
	if (!normalized || maxLines < 1) return [];
	const tokens: string[] = [];
	for (const t of normalized.match(TOKEN) ?? []) {
		// A word wider than a whole line is broken between its letters.
		if (t.length > 1 && measure(t) > maxWidth) tokens.push(...t);
		else tokens.push(t);
	}

	const lines: string[] = [];
	let line = '';
	for (const token of tokens) {
		const candidate = line + token;
		if (line === '' || measure(candidate) <= maxWidth) {
			line = line === '' ? token.trimStart() : candidate;
			continue;
		}
		if (token === ' ') {
			// Kept for now: if the next token breaks the line, the space is dropped with the break.
			line += token;
			continue;
		}
		let carry = '';
		if (NO_LINE_START.has(token)) {
			// Take the last character that may start a line, with any punctuation after it, down
			// to the next line; when there is none to take, or it would not fit, break as is.
			const chars = [...line.trimEnd()];
			let k = chars.length - 1;
			while (k > 0 && (NO_LINE_START.has(chars[k] as string) || /\s/u.test(chars[k] as string)))
				k--;
			const group = chars.slice(k).join('');
			if (k > 0 && measure(group + token) <= maxWidth) {
				carry = group;
				line = chars.slice(0, k).join('');
			}
		}
		lines.push(line.trimEnd());
		line = carry + token;
	}
	if (line.trim()) lines.push(line.trimEnd());

	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines);
	const chars = [...(kept[maxLines - 1] as string)];
	while (chars.length > 0 && measure(chars.join('') + ELLIPSIS) > maxWidth) chars.pop();
	kept[maxLines - 1] = chars.join('').trimEnd() + ELLIPSIS;
	return kept;
}

/**
 * A diamond (a square on its corner), the ornament of the 打卡 card's border and dividers and of
 * the competition certificate's frame.
 *
 * @example diamond(100, 50, 12, '#E8C46A') // → { kind: 'polygon', points: [[100, 38], [112, 50], [100, 62], [88, 50]], color: '#E8C46A' }
 */
export function diamond(cx: number, cy: number, r: number, color: string): CardOp {
	return {
		kind: 'polygon',
		points: [
			[cx, cy - r],
			[cx + r, cy],
			[cx, cy + r],
			[cx - r, cy]
		],
		color
	};
}

/** A short gold rule with a diamond in its middle. */
function divider(y: number, halfWidth: number): CardOp[] {
	const cx = CARD_WIDTH / 2;
	return [
		{ kind: 'rect', x: cx - halfWidth, y: y - 1, w: halfWidth - 24, h: 2, color: CARD_COLORS.gold },
		{ kind: 'rect', x: cx + 24, y: y - 1, w: halfWidth - 24, h: 2, color: CARD_COLORS.gold },
		diamond(cx, y, 12, CARD_COLORS.gold)
	];
}

function border(): CardOp[] {
	const { outer, outerWidth, inner, innerWidth } = CARD_BORDER;
	const gold = CARD_COLORS.gold;
	const ops: CardOp[] = [
		{
			kind: 'frame',
			x: outer,
			y: outer,
			w: CARD_WIDTH - 2 * outer,
			h: CARD_HEIGHT - 2 * outer,
			lineWidth: outerWidth,
			color: gold
		},
		{
			kind: 'frame',
			x: inner,
			y: inner,
			w: CARD_WIDTH - 2 * inner,
			h: CARD_HEIGHT - 2 * inner,
			lineWidth: innerWidth,
			color: gold
		}
	];
	// Each corner: a stepped square (a plain take on 回纹) inside the inner frame, and a diamond
	// where the outer frame turns.
	const step = 28;
	for (const [sx, sy] of [
		[1, 1],
		[-1, 1],
		[1, -1],
		[-1, -1]
	] as const) {
		const x0 = sx > 0 ? inner : CARD_WIDTH - inner;
		const y0 = sy > 0 ? inner : CARD_HEIGHT - inner;
		const p = (dx: number, dy: number): [number, number] => [x0 + sx * dx, y0 + sy * dy];
		ops.push({
			kind: 'polygon',
			points: [p(0, 0), p(3 * step, 0), p(3 * step, 8), p(8, 8), p(8, 3 * step), p(0, 3 * step)],
			color: gold
		});
		ops.push({
			kind: 'polygon',
			points: [p(step, step), p(2 * step, step), p(2 * step, 2 * step), p(step, 2 * step)],
			color: gold
		});
		const ox = sx > 0 ? outer : CARD_WIDTH - outer;
		const oy = sy > 0 ? outer : CARD_HEIGHT - outer;
		ops.push(diamond(ox, oy, 16, gold));
	}
	// Diamonds at the middle of each side.
	ops.push(diamond(CARD_WIDTH / 2, outer, 14, gold));
	ops.push(diamond(CARD_WIDTH / 2, CARD_HEIGHT - outer, 14, gold));
	ops.push(diamond(outer, CARD_HEIGHT / 2, 14, gold));
	ops.push(diamond(CARD_WIDTH - outer, CARD_HEIGHT / 2, 14, gold));
	return ops;
}

const FONTS = {
	date: { size: 132, weight: 700 },
	weekday: { size: 52, weight: 400 },
	streak: { size: 80, weight: 700 },
	title: { size: 60, weight: 700 },
	excerpt: { size: 44, weight: 400 },
	name: { size: 44, weight: 400 },
	footer: { size: 36, weight: 400 }
} as const satisfies Record<string, CardFont>;

/**
 * Everything drawn on a 打卡 card, in order, from its content and a text measure. Positions are
 * fixed for the date, streak, name and footer; the card title takes one or two lines and the
 * excerpt one or two (cut with 「…」), centred in the space between.
 *
 * @example cardLayout({ day: '2026-11-28', streak: 12, title: '遵义会议', name: '王芳' }, measure) // → [{ kind: 'rect', … }, …]
 */
export function cardLayout(content: CardContent, measure: MeasureText): CardOp[] {
	const cx = CARD_WIDTH / 2;
	const { date, weekday } = cardDate(content.day);
	const text = (t: string, y: number, font: CardFont, color: string): CardOp => ({
		kind: 'text',
		text: t,
		x: cx,
		y,
		font,
		color
	});
	const one = (t: string, font: CardFont) =>
		wrapText(t, CARD_TEXT_WIDTH, (s) => measure(s, font), 1)[0] ?? '';

	const ops: CardOp[] = [
		{ kind: 'rect', x: 0, y: 0, w: CARD_WIDTH, h: CARD_HEIGHT, color: CARD_COLORS.ground },
		...border(),
		text(date, 250, FONTS.date, CARD_COLORS.text),
		text(weekday, 370, FONTS.weekday, CARD_COLORS.soft),
		...divider(450, 240),
		text(
			one(`连续学习第 ${Math.max(1, Math.floor(content.streak))} 天`, FONTS.streak),
			560,
			FONTS.streak,
			CARD_COLORS.gold
		)
	];

	// The day's card, centred between the streak (ends ≈ 600) and the name (≈ 1130).
	const title = wrapText(content.title, CARD_TEXT_WIDTH, (s) => measure(s, FONTS.title), 2);
	const excerpt = wrapText(
		content.excerpt ?? '',
		CARD_TEXT_WIDTH,
		(s) => measure(s, FONTS.excerpt),
		2
	);
	const titleLine = 84;
	const excerptLine = 70;
	const gap = title.length && excerpt.length ? 48 : 0;
	const blockHeight = title.length * titleLine + gap + excerpt.length * excerptLine;
	let y = 865 - blockHeight / 2;
	for (const line of title) {
		ops.push(text(line, y + titleLine / 2, FONTS.title, CARD_COLORS.text));
		y += titleLine;
	}
	y += gap;
	for (const line of excerpt) {
		ops.push(text(line, y + excerptLine / 2, FONTS.excerpt, CARD_COLORS.soft));
		y += excerptLine;
	}

	const who = [content.name.trim(), content.group?.trim()].filter(Boolean).join(' · ');
	if (who) ops.push(text(one(who, FONTS.name), 1160, FONTS.name, CARD_COLORS.text));
	ops.push(...divider(1240, 160));
	ops.push(text('口袋课堂 · 金河镇', 1310, FONTS.footer, CARD_COLORS.gold));
	return ops;
}
