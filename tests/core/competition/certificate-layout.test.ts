import { describe, expect, it } from 'vitest';
import type { CardFont } from '../../../src/lib/core/checkin/card-layout';
import {
	CERTIFICATE_BORDER,
	CERTIFICATE_HEIGHT,
	CERTIFICATE_WIDTH,
	certificateDate,
	certificateLayout
} from '../../../src/lib/core/competition/certificate-layout';
import type { MemberCertificate } from '../../../src/lib/core/competition/types';

// Every character a square of the font's size: close to how CJK fonts measure.
const measure = (s: string, font: CardFont) => [...s].length * font.size;

const cert: MemberCertificate = {
	orgName: '金河镇党委',
	title: '七一党史知识竞赛',
	date: '2026-07-03',
	displayName: '王芳',
	groupName: '第一党支部',
	groupKind: 'branch',
	award: '一等奖'
};

const texts = (c: MemberCertificate) =>
	certificateLayout(c, measure).flatMap((op) => (op.kind === 'text' ? [op] : []));

describe('certificate layout', () => {
	it('writes the award, the member, the competition, the org and the date', () => {
		expect(texts(cert).map((t) => t.text)).toEqual([
			'金河镇党委',
			'获 奖 证 书',
			'王芳 同志（第一党支部）：',
			'在「七一党史知识竞赛」中成绩优异，荣获',
			'一等奖',
			'特发此证，以资鼓励。',
			'金河镇党委',
			'2026年7月3日'
		]);
	});

	it('gives a 参与证明 without an award, and calls pupils 同学', () => {
		const lines = texts({ ...cert, award: null, groupKind: 'class', groupName: '三年级一班' });
		expect(lines.map((t) => t.text)).toContain('参 与 证 明');
		expect(lines.map((t) => t.text)).toContain('王芳 同学（三年级一班）：');
		expect(lines.map((t) => t.text)).not.toContain('一等奖');
	});

	it('keeps every line on the paper, top to bottom, a long title on two lines', () => {
		const long = { ...cert, title: '学习贯彻党的二十大精神暨七一党史知识竞赛'.repeat(3) };
		const lines = texts(long);
		const { paper } = CERTIFICATE_BORDER;
		for (const t of lines) {
			const half = measure(t.text, t.font) / 2;
			expect(t.x - half).toBeGreaterThanOrEqual(paper);
			expect(t.x + half).toBeLessThanOrEqual(CERTIFICATE_WIDTH - paper);
			expect(t.y - t.font.size / 2).toBeGreaterThanOrEqual(paper);
			expect(t.y + t.font.size / 2).toBeLessThanOrEqual(CERTIFICATE_HEIGHT - paper);
		}
		const body = lines.filter((t) => t.font.size === 50);
		expect(body.length).toBe(3);
		expect(body[1]?.text.endsWith('…')).toBe(true);
		// Centred lines do not overlap.
		const centred = lines.filter((t) => t.x === CERTIFICATE_WIDTH / 2);
		for (let i = 1; i < centred.length; i++) {
			const [a, b] = [centred[i - 1], centred[i]] as [(typeof lines)[0], (typeof lines)[0]];
			expect(b.y - b.font.size / 2).toBeGreaterThanOrEqual(a.y + a.font.size / 2 - 1);
		}
	});

	it('writes dates as certificates do', () => {
		expect(certificateDate('2026-12-31')).toBe('2026年12月31日');
	});
});
