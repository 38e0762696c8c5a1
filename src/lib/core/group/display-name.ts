/**
 * Names people see of each other (members, roster names, groups, lecture titles): what may be in
 * them. A name must look like what it is: no characters that reverse the text around them
 * (U+202E makes 「张三\u202E四李」 read as another name), no names of only invisible characters,
 * no control characters, private-use characters or noncharacters, which show as nothing or as a
 * box, and no stacks of combining marks. Letters and digits of any script, CJK, ·, and spaces
 * inside the name are all fine.
 */

export type NameCheck = { ok: true; name: string } | { ok: false; reason: string };

// Bidirectional controls: embeddings, overrides, isolates and the implicit marks.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// Characters that show as nothing or as a box: controls (C0, DEL, C1), format characters (zero
// width space and joiners, soft hyphen, BOM, tags), lone surrogates, private use, line and
// paragraph separators, and letters that draw blank (Hangul fillers, braille blank), the
// combining grapheme joiner and variation selectors.
// Each listed code point is meant on its own (the lint sees fillers and joiners as combining).
/* eslint-disable no-misleading-character-class */
const INVISIBLE =
	/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800\u034F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');
/* eslint-enable no-misleading-character-class */
const COMBINING = /^\p{M}|\p{M}{3}/u;

/** Noncharacters: U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE, U+1FFFF…). */
function isNoncharacter(ch: string): boolean {
	const cp = ch.codePointAt(0) ?? 0;
	return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
}

/**
 * Check a name typed by a person and return it trimmed, or a reason in Chinese that names the
 * field. Lengths count characters (code points), not UTF-16 units, so 𠮷 is one.
 *
 * @example checkDisplayName(' 张伟（三组） ', '姓名', 1, 20) // → { ok: true, name: '张伟（三组）' }
 * @example checkDisplayName('\u200B', '姓名', 1, 20).ok // → false (only a zero-width space)
 */
export function checkDisplayName(raw: string, label: string, min: number, max: number): NameCheck {
	const name = raw.trim();
	const visible = name.replace(INVISIBLE_ALL, '').replace(/\s/gu, '');
	if (!visible.length && name.length) {
		return { ok: false, reason: `「${label}」不能只由空格或不可见字符组成` };
	}
	const length = [...name].length;
	if (length < min) return { ok: false, reason: `「${label}」至少 ${min} 个字` };
	if (length > max) return { ok: false, reason: `「${label}」最多 ${max} 个字` };
	if (BIDI.test(name)) {
		return { ok: false, reason: `「${label}」含有改变文字方向的控制字符，请删去后再试` };
	}
	if (INVISIBLE.test(name) || [...name].some(isNoncharacter)) {
		return {
			ok: false,
			reason: `「${label}」含有不可见字符或控制字符，请只用文字、数字、空格和 ·`
		};
	}
	if (COMBINING.test(name)) {
		return { ok: false, reason: `「${label}」含有叠加的组合符号，请只用文字、数字、空格和 ·` };
	}
	return { ok: true, name };
}

/**
 * The form two names are compared in, to tell whether a group already has someone of that name:
 * Unicode compatibility form (full-width letters and digits as ordinary ones), case and spaces
 * ignored. 「张伟」, 「张 伟」 and 「张伟 」 are one name; 「张伟（三组）」 is another.
 *
 * @example nameKey('Ｗang Fang') === nameKey('wangfang') // → true
 */
export function nameKey(name: string): string {
	return name.normalize('NFKC').replace(/\s/gu, '').toLowerCase();
}
