import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDisplayName, nameKey } from '../../../src/lib/core/group/display-name';

const check = (name: string) => checkDisplayName(name, '姓名', 1, 20);

describe('checkDisplayName', () => {
	it('keeps letters, digits, CJK, ·, and spaces inside, trimmed', () => {
		for (const [raw, kept] of [
			['  张伟 ', '张伟'],
			['张伟（三组）', '张伟（三组）'],
			['阿依古丽·买买提', '阿依古丽·买买提'],
			['Li Ming 2', 'Li Ming 2'],
			['𠮷野', '𠮷野'],
			['Nguyễn Văn', 'Nguyễn Văn'],
			['金河小学三年级一班', '金河小学三年级一班']
		] as const) {
			expect(check(raw)).toEqual({ ok: true, name: kept });
		}
	});

	it('refuses text-direction overrides, with a message saying so', () => {
		for (const bad of ['张三\u202E四李', '\u202Dabc', 'a\u2066b\u2069', '王\u200F五', 'x\u061Cy']) {
			const result = check(bad);
			expect(result.ok).toBe(false);
			if (!result.ok)
				expect(result.reason).toBe('「姓名」含有改变文字方向的控制字符，请删去后再试');
		}
	});

	it('refuses names of only invisible characters', () => {
		for (const bad of [
			'\u200B',
			'\u200B\u200C\u200D',
			'\u2060',
			'\u3164',
			'\u115F\u1160',
			'\u00AD',
			' \u200B '
		]) {
			const result = check(bad);
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.reason).toBe('「姓名」不能只由空格或不可见字符组成');
		}
	});

	it('refuses C0 and C1 controls, zero-width characters inside, private use and noncharacters', () => {
		for (const bad of [
			'张\u0007三',
			'李\u0085四',
			'王\u009B五',
			'赵\u200B六',
			'钱\uFEFF七',
			'孙\uE000八',
			'周\uFDD0九',
			'吴\uFFFE十',
			'郑\u{1FFFF}',
			'冯\u{10FFFF}',
			'陈\uD800',
			'褚\u2028卫',
			'蒋\u{E0041}'
		]) {
			const result = check(bad);
			expect(result.ok, JSON.stringify(bad)).toBe(false);
			if (!result.ok) expect(result.reason).toMatch(/^「姓名」含有不可见字符或控制字符/);
		}
	});

	it('refuses stacked combining marks and a name that starts with one', () => {
		expect(check('Z\u0301\u0302\u0303algo').ok).toBe(false);
		expect(check('\u0301abc').ok).toBe(false);
		expect(check('e\u0301').ok).toBe(true);
	});

	it('counts length in characters, and says the limit', () => {
		expect(check('𠮷'.repeat(20)).ok).toBe(true);
		expect(check('𠮷'.repeat(21))).toEqual({ ok: false, reason: '「姓名」最多 20 个字' });
		expect(check('  ')).toEqual({ ok: false, reason: '「姓名」至少 1 个字' });
	});

	it('never lets a bidi control or a zero-width character through, wherever it sits', () => {
		const spoof = fc.constantFrom('\u202E', '\u202D', '\u2066', '\u200B', '\u200D', '\u2060');
		fc.assert(
			fc.property(fc.string({ maxLength: 8 }), spoof, fc.string({ maxLength: 8 }), (a, s, b) => {
				expect(check(`${a}${s}${b}`).ok).toBe(false);
			})
		);
	});
});

describe('nameKey', () => {
	it('treats names that differ only in spaces, width or case as one', () => {
		expect(nameKey('张 伟')).toBe(nameKey('张伟'));
		expect(nameKey('Ｗang Fang')).toBe(nameKey('wangfang'));
		expect(nameKey('张伟（三组）')).not.toBe(nameKey('张伟'));
	});
});
