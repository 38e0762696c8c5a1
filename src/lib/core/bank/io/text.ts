/**
 * Text clean-up for imported questions: what Excel, Word and exam systems leave in cells
 * (full-width letters, stray and non-breaking spaces, half-width punctuation inside Chinese,
 * blanks written as （ ）or ______) is folded into the bank's canonical forms.
 */
import { FILL_BLANK } from '../schema';

/** Han characters (the ranges Chinese text uses). */
const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
/** Chinese punctuation and full-width forms, plus the curly quotes and dashes used with them. */
const CJK_PUNCT =
	'\\u3001-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65“”‘’…—·';
const CJK = HAN + CJK_PUNCT;

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
/** Spaces that are not a plain ASCII space: NBSP, the typographic spaces, ideographic space. */
const ODD_SPACE = /[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const BLANK_SPACES =
	/[ \t\u00a0\u3000]*[\u00a0\u3000][ \t\u00a0\u3000]*[\u00a0\u3000][ \t\u00a0\u3000]*/g;

/**
 * Full-width Latin letters and digits (Ａ, ｂ, １) become their ASCII forms; nothing else changes.
 *
 * @example foldWidth('答案：ＡＣ，１９２１') // → '答案：AC，1921'
 */
export function foldWidth(text: string): string {
	return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) =>
		String.fromCharCode(c.charCodeAt(0) - 0xfee0)
	);
}

const EMPTY_BRACKETS = /[(（][ \t\u00a0\u3000]*(?:____)?[ \t\u00a0\u3000]*[)）]/g;

/**
 * Marks every blank the way a fill stem needs it (`____`): two or more underscores (half- or
 * full-width), empty brackets （ ）/ ( ) with or without spaces inside, brackets around a blank,
 * and runs of non-breaking or ideographic spaces (how Word underlines a gap). Brackets with
 * anything else inside are text and stay.
 *
 * @example normaliseBlanks('成立于（ \u00a0）年，在___召开') // → '成立于____年，在____召开'
 */
export function normaliseBlanks(text: string): string {
	// Underscore runs are folded again after each step: a blank made next to another one
	// ("（）__", "（\u00a0\u00a0____）") must end as one canonical blank, so the result is stable.
	const underscores = (t: string) => t.replace(/[_\uff3f]{2,}/g, FILL_BLANK);
	const spaced = underscores(text).replace(BLANK_SPACES, (run, offset: number, whole: string) => {
		// Leading or trailing runs are stray indentation, not a gap in the sentence.
		const before = whole.slice(0, offset).trim();
		const after = whole.slice(offset + run.length).trim();
		return before && after ? FILL_BLANK : ' ';
	});
	// Repeated until stable: a bracket around a bracketed blank, "（（ ））", is one blank too.
	let out = underscores(spaced);
	for (let before = ''; before !== out;) {
		before = out;
		out = underscores(out.replace(EMPTY_BRACKETS, FILL_BLANK));
	}
	return out;
}

/** Count of canonical blanks in a (normalised) text. */
export function countBlanks(text: string): number {
	return text.split(FILL_BLANK).length - 1;
}

const HALF_PUNCT_AFTER_HAN = new RegExp(`(?<=[${HAN}”’》）])([,?!:;])`, 'g');
const PERIOD_AFTER_HAN = new RegExp(`(?<=[${HAN}”’》）])\\.(?=$|\\s|[${CJK}])`, 'gm');
const PARENS_AROUND_HAN = new RegExp(`\\(([^()\\n]*[${HAN}][^()\\n]*)\\)`, 'g');

/**
 * ASCII parentheses around Chinese text made full-width, nested ones from the inside out, so a
 * second clean-up changes nothing ("((中))" once gave "(（中）)", then "（（中））").
 */
function fullWidthParens(text: string): string {
	for (;;) {
		const next = text.replace(PARENS_AROUND_HAN, '（$1）');
		if (next === text) return text;
		text = next;
	}
}

const FULL_PUNCT: Record<string, string> = {
	',': '，',
	'?': '？',
	'!': '！',
	':': '：',
	';': '；'
};

/**
 * One line or paragraph of Chinese text as the bank stores it: zero-width characters removed,
 * every kind of space made a plain space, runs collapsed, spaces between two Chinese characters
 * dropped, half-width , ? ! : ; . after a Chinese character and ( ) around Chinese text made
 * full-width, full-width letters and digits made ASCII, lines trimmed and blank lines removed.
 * Idempotent: cleaning clean text changes nothing.
 *
 * @example cleanText(' 中国共产党成立于哪一年?  ') // → '中国共产党成立于哪一年？'
 */
export function cleanText(text: string): string {
	return foldWidth(text)
		.replace(/\r\n?/g, '\n')
		.replace(ZERO_WIDTH, '')
		.replace(ODD_SPACE, ' ')
		.split('\n')
		.map((line) =>
			fullWidthParens(line.replace(/ {2,}/g, ' ').trim())
				.replace(HALF_PUNCT_AFTER_HAN, (p: string) => FULL_PUNCT[p] ?? p)
				.replace(PERIOD_AFTER_HAN, '。')
		)
		.filter((line) => line !== '')
		.join('\n');
}

/**
 * A short value (an answer, a type, a tag): full-width letters and digits made ASCII, every
 * kind of space made one plain space, trimmed. Punctuation is left alone.
 *
 * @example cleanValue(' Ａ\u00a0 Ｃ ') // → 'A C'
 */
export function cleanValue(text: string): string {
	return foldWidth(text)
		.replace(ZERO_WIDTH, '')
		.replace(ODD_SPACE, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * The form two questions are compared in when looking for duplicates: width-folded (NFKC),
 * lower-cased, with every space, punctuation mark, symbol and blank removed, except a decimal
 * point (1.1万 is not 11万), so that 「中国共产党成立于____年？」 and 「中国共产党成立于（ ）年?」
 * compare equal.
 *
 * @example foldForCompare('中国共产党 成立于（ ）年?') // → '中国共产党成立于年'
 */
export function foldForCompare(text: string): string {
	return normaliseBlanks(text)
		.normalize('NFKC')
		.toLowerCase()
		.replace(/(?!(?<=\d)\.(?=\d))[\s\p{P}\p{S}]/gu, '');
}

/**
 * The form two option texts (or an answer and an option) are compared in: width-folded,
 * lower-cased, without spaces or trailing sentence punctuation. Inner punctuation counts:
 * 「1.1万剂」 and 「11万剂」 are different options.
 *
 * @example foldOptionText(' 1921 年。') // → '1921年'
 */
export function foldOptionText(text: string): string {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/\s+/g, '')
		.replace(/[。.，,；;！!？?、]+$/u, '');
}

const HAN_OR_PUNCT = new RegExp(`[${CJK}]`);

/**
 * The form in which two option texts are the same option: width-folded, runs of spaces made
 * one, spaces next to Chinese text or punctuation dropped, trailing sentence punctuation
 * dropped. Case, the spaces between Latin words and tone marks count: 「Chūn jié」,
 * 「chūnjié」 and 「chun jie」 are three different options.
 *
 * @example optionIdentity(' 1921 年。') // → '1921年'
 * @example optionIdentity('Chūn jié') === optionIdentity('chūn jié') // → false
 */
export function optionIdentity(text: string): string {
	const spaced = cleanValue(text).normalize('NFC');
	let out = '';
	for (let i = 0; i < spaced.length; i++) {
		const c = spaced[i] ?? '';
		if (c === ' ') {
			const before = spaced[i - 1] ?? '';
			const after = spaced[i + 1] ?? '';
			if (HAN_OR_PUNCT.test(before) || HAN_OR_PUNCT.test(after)) continue;
		}
		out += c;
	}
	return out.replace(/[。.，,；;！!？?、]+$/u, '');
}

/**
 * The text of an HTML fragment as Moodle stores question text: line breaks for <br> and the
 * ends of paragraphs, tags dropped, entities decoded.
 *
 * @example htmlToText('<p>一大&amp;二大</p>') // → '一大&二大\n'
 */
export function htmlToText(html: string): string {
	return html
		.replace(/<br\s*\/?>|<\/p>|<\/div>|<\/li>/gi, '\n')
		.replace(/<[^>]*>/g, '')
		.replace(/&nbsp;/g, '\u00a0')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;|&apos;/g, "'")
		.replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
		.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
		.replace(/&amp;/g, '&');
}
