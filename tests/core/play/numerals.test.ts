import { describe, expect, it } from 'vitest';
import { chineseNumeralsToDigits } from '../../../src/lib/core/play/numerals';

describe('chineseNumeralsToDigits', () => {
	it('leaves text without numerals alone', () => {
		expect(chineseNumeralsToDigits('遵义会议')).toBe('遵义会议');
		expect(chineseNumeralsToDigits('1921年')).toBe('1921年');
		expect(chineseNumeralsToDigits('')).toBe('');
	});

	it('reads each run on its own, digit by digit when it has no unit', () => {
		expect(chineseNumeralsToDigits('一九四九年十月一日')).toBe('1949年10月1日');
		expect(chineseNumeralsToDigits('二〇〇八')).toBe('2008');
		expect(chineseNumeralsToDigits('两弹一星')).toBe('2弹1星');
	});

	it('reads zeros inside place-value numbers and a leading 十', () => {
		expect(chineseNumeralsToDigits('一千零一')).toBe('1001');
		expect(chineseNumeralsToDigits('一百一十')).toBe('110');
		expect(chineseNumeralsToDigits('十五')).toBe('15');
		expect(chineseNumeralsToDigits('两千')).toBe('2000');
	});

	it('reads 万 with and without a number before it', () => {
		expect(chineseNumeralsToDigits('万')).toBe('10000');
		expect(chineseNumeralsToDigits('万里长征')).toBe('10000里长征');
		expect(chineseNumeralsToDigits('一万')).toBe('10000');
		expect(chineseNumeralsToDigits('十万')).toBe('100000');
		expect(chineseNumeralsToDigits('三万零五十')).toBe('30050');
	});
});
