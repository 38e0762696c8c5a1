import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	CARD_HEIGHT,
	CARD_TEXT_WIDTH,
	CARD_WIDTH,
	cardDate,
	cardLayout,
	cssFont,
	wrapText,
	type CardFont,
	type CardOp
} from '../../../src/lib/core/checkin/card-layout';

/** A stand-in for measureText: CJK characters one em, everything else about half. */
function width(s: string, size = 1): number {
	let w = 0;
	for (const ch of s) w += (ch.charCodeAt(0) > 0x2e7f ? 1 : 0.55) * size;
	return w;
}
const measure = (s: string, font: CardFont) => width(s, font.size);
const closing = '，。、；：！？）」』》〉”’…—,.;:!?)]}%';

describe('card date', () => {
	it('writes the month, day and weekday as people do', () => {
		expect(cardDate('2026-11-28')).toEqual({ date: '11月28日', weekday: '星期六' });
		expect(cardDate('2027-01-01')).toEqual({ date: '1月1日', weekday: '星期五' });
		expect(cardDate('2026-11-29').weekday).toBe('星期日');
		expect(() => cardDate('2026-02-30')).toThrow();
	});
});

describe('wrapping Chinese text by measure', () => {
	it('breaks between characters and keeps closing punctuation off the line start', () => {
		const chars = (s: string) => [...s].length;
		expect(wrapText('不忘初心，牢记使命', 4, chars, 3)).toEqual(['不忘初', '心，牢记', '使命']);
		expect(wrapText('不忘初心，牢记使命', 4, chars, 2)).toEqual(['不忘初', '心，牢…']);
		expect(wrapText('  第一行\n第二行  ', 20, chars, 2)).toEqual(['第一行 第二行']);
		expect(wrapText('', 10, chars, 2)).toEqual([]);
	});

	it('keeps Latin words and numbers whole when they fit', () => {
		const chars = (s: string) => s.length;
		expect(wrapText('建党 100 周年', 4, chars, 3)).toEqual(['建党', '100', '周年']);
		expect(wrapText('abcdefgh', 3, chars, 5)).toEqual(['abc', 'def', 'gh']);
	});

	const piece = fc.oneof(
		fc.constantFrom(...'中国共产党第一次全国代表大会在上海召开遵义会议'),
		fc.constantFrom(...closing),
		fc.constantFrom('1921', 'CPC', 'a', ' ', '\n', '7月1日')
	);
	const text = fc.array(piece, { maxLength: 80 }).map((p) => p.join(''));

	it('never exceeds the width or the line count, and loses no text unless it says so', () => {
		fc.assert(
			fc.property(
				text,
				fc.integer({ min: 3, max: 20 }),
				fc.integer({ min: 1, max: 4 }),
				(t, max, lines) => {
					const out = wrapText(t, max, (s) => width(s), lines);
					expect(out.length).toBeLessThanOrEqual(lines);
					for (const line of out) {
						expect(width(line)).toBeLessThanOrEqual(max);
						expect(line).toBe(line.trim());
						expect(line.length).toBeGreaterThan(0);
					}
					for (let i = 1; i < out.length; i++) {
						const first = [...(out[i] as string)][0] as string;
						// Only when the line before has no character to give: it ends in punctuation
						// itself, or it is a single character.
						if (closing.includes(first)) {
							const prev = [...(out[i - 1] as string).replace(/\s/g, '')];
							expect(prev.length === 1 || closing.includes(prev.at(-1) as string)).toBe(true);
						}
					}
					const squash = (s: string) => s.replace(/\s+/g, '');
					const joined = squash(out.join(''));
					if (joined !== squash(t)) {
						expect(out).toHaveLength(lines);
						expect(joined.endsWith('…')).toBe(true);
						expect(squash(t).startsWith(joined.slice(0, -1))).toBe(true);
					}
				}
			)
		);
	});
});

describe('card layout', () => {
	const content = {
		day: '2026-11-28',
		streak: 12,
		title: '遵义会议：在危急关头挽救了党、挽救了红军、挽救了中国革命的生死攸关的转折点',
		excerpt:
			'1935年1月，中共中央政治局在贵州遵义召开扩大会议，集中全力解决了当时具有决定意义的军事问题和组织问题，确立了毛泽东在党中央和红军的领导地位。',
		name: '王芳',
		group: '金河镇第一党支部'
	};
	const texts = (ops: CardOp[]) => ops.flatMap((op) => (op.kind === 'text' ? [op] : []));

	it('has the date, weekday, streak, card, name · group and footer', () => {
		const lines = texts(cardLayout(content, measure)).map((op) => op.text);
		expect(lines[0]).toBe('11月28日');
		expect(lines[1]).toBe('星期六');
		expect(lines[2]).toBe('连续学习第 12 天');
		expect(lines).toContain('王芳 · 金河镇第一党支部');
		expect(lines.at(-1)).toBe('口袋课堂 · 金河镇');
		// Two title lines, two excerpt lines, the last of each cut with 「…」.
		expect(lines.slice(3, 7).map((l) => l.endsWith('…'))).toEqual([false, true, false, true]);
	});

	it('keeps every shape on the card and every line inside the text width, without overlaps', () => {
		const name = fc.string({ maxLength: 40 });
		fc.assert(
			fc.property(
				fc.string({ maxLength: 120 }),
				fc.string({ maxLength: 300 }),
				name,
				fc.option(name, { nil: undefined }),
				fc.integer({ min: 0, max: 5000 }),
				(title, excerpt, who, group, streak) => {
					const ops = cardLayout(
						{ day: '2026-11-28', streak, title, excerpt, name: who, group },
						measure
					);
					const placed = texts(ops);
					for (const op of ops) {
						if (op.kind === 'polygon') {
							for (const [x, y] of op.points) {
								expect(x >= 0 && x <= CARD_WIDTH && y >= 0 && y <= CARD_HEIGHT).toBe(true);
							}
						} else if (op.kind !== 'text') {
							expect(op.x >= 0 && op.y >= 0).toBe(true);
							expect(op.x + op.w <= CARD_WIDTH && op.y + op.h <= CARD_HEIGHT).toBe(true);
						}
					}
					for (const op of placed) {
						expect(measure(op.text, op.font)).toBeLessThanOrEqual(CARD_TEXT_WIDTH);
					}
					const sorted = [...placed].sort((a, b) => a.y - b.y);
					for (let i = 1; i < sorted.length; i++) {
						const a = sorted[i - 1] as (typeof sorted)[number];
						const b = sorted[i] as (typeof sorted)[number];
						expect(b.y - a.y).toBeGreaterThanOrEqual((a.font.size + b.font.size) / 2);
					}
				}
			),
			{ numRuns: 200 }
		);
	});

	it('names system fonts only', () => {
		expect(cssFont({ size: 44, weight: 700 })).toBe(
			'700 44px "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'
		);
	});
});
