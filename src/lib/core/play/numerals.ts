/**
 * Chinese numerals as Arabic digits, so a typed 一九二一 and 1921 are the same answer. Both
 * styles people write are read: digit by digit (一九二一, 二〇二一) and with place units
 * (二十八, 一百零八, 三万五千). Used on both sides of a comparison, so words that merely contain
 * a numeral (一大, 两弹一星) change the same way in the answer and the response.
 */
const DIGITS: Record<string, number> = {
	〇: 0,
	零: 0,
	一: 1,
	二: 2,
	两: 2,
	三: 3,
	四: 4,
	五: 5,
	六: 6,
	七: 7,
	八: 8,
	九: 9
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const RUN = /[〇零一二两三四五六七八九十百千万]+/gu;

/** A run with place units: 一百零八 → 108, 十九 → 19, 三万五千 → 35000. */
function withUnits(run: string): number {
	let total = 0;
	let section = 0;
	let digit = 0;
	for (const ch of run) {
		if (ch in DIGITS) digit = DIGITS[ch] ?? 0;
		else if (ch === '万') {
			// 万 alone (万里长征) is ten thousand, as 千 alone is a thousand.
			total += (section + digit || 1) * 10_000;
			section = 0;
			digit = 0;
		} else {
			section += (digit || 1) * (UNITS[ch] ?? 1);
			digit = 0;
		}
	}
	return total + section + digit;
}

/**
 * Replace every run of Chinese numerals with its digits.
 *
 * @example chineseNumeralsToDigits('一九二一年') // → '1921年'
 * @example chineseNumeralsToDigits('一百零八') // → '108'
 */
export function chineseNumeralsToDigits(text: string): string {
	return text.replace(RUN, (run) => {
		// 万 alone (一万) has no digit-by-digit reading; any unit means a place-value number.
		if (/[十百千万]/u.test(run)) return String(withUnits(run));
		return [...run].map((ch) => DIGITS[ch] ?? ch).join('');
	});
}
