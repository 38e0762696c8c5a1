import { describe, expect, it } from 'vitest';
import { textValue } from '../../src/lib/server/api-error';

describe('textValue (names, titles, codes)', () => {
	it('trims and keeps ordinary Chinese, including characters outside the BMP', () => {
		expect(textValue('  欧阳红梅 ', '姓名', 1, 20)).toBe('欧阳红梅');
		expect(textValue('𠮷野', '姓名', 1, 20)).toBe('𠮷野');
	});

	it('refuses what a spreadsheet or a screen cannot show: control characters, U+FFFE/U+FFFF, lone surrogates', () => {
		for (const bad of ['张\u0007三', '李\uFFFE四', '王\uFFFF五', '赵\uD800六', '钱\uDC00七']) {
			expect(() => textValue(bad, '姓名', 1, 20)).toThrow('「姓名」含有不可见字符');
		}
	});
});
