/**
 * Reading the 答案 column. Real files write a choice answer as letters ("AC", "A C", "A、C"),
 * option numbers ("1,3") or the option text itself, and a judge answer as 对/错, √/×, A/B, ...
 * Every reading that fits the question is tried; if two readings disagree the answer is
 * ambiguous and refused, never guessed.
 */
import { OPTION_KEYS, type QuestionOption } from '../schema';
import { cleanValue, foldOptionText, optionIdentity } from './text';

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

/** Separators between keys: spaces and the punctuation people put between letters or steps. */
const SEP = '[\\s,，、;；/|｜+＋&＆\\-—–>→＞]';
const LETTERS = new RegExp(`^[A-Za-z](?:${SEP}*[A-Za-z])*$`);
const NUMBERS = new RegExp(`^[1-9](?:${SEP}*[1-9])*$`);
const TEXT_SEP = /[、,，;；|｜\n]+/;
/** Punctuation around an answer that carries no meaning: 「B。」, 「（B）」, 「A.」. */
const LEADING_WRAPPING = /^[\s.。．:：（(【[]+/;
const TRAILING_WRAPPING = /[\s.。．,，;；、）)】\]]+$/;
const OPENING = { '）': '（', ')': '(', '】': '【', ']': '[' } as const;

/**
 * An answer without the punctuation around it (「（B）」 → B, 「B。」 → B), but a closing bracket
 * that closes one opened inside the answer stays: 「长安（今西安）」 is an option's text.
 *
 * @example stripWrapping('（B）。') // → 'B'
 * @example stripWrapping('长安（今西安）') // → '长安（今西安）'
 */
export function stripWrapping(text: string): string {
	const inner = text.replace(LEADING_WRAPPING, '');
	const tail = TRAILING_WRAPPING.exec(inner);
	if (!tail) return inner;
	let end = tail.index;
	// Give back, from the left of the tail, each closing bracket that has its opening inside.
	const body = () => inner.slice(0, end);
	for (const c of tail[0]) {
		const open = OPENING[c as keyof typeof OPENING];
		if (!open) break;
		const b = body();
		const opens = b.split(open).length - 1;
		const closes = b.split(c).length - 1;
		if (opens > closes) end++;
		else break;
	}
	return inner.slice(0, end);
}

type ChoiceType = 'single' | 'multiple' | 'order';

const TYPE_NAME: Record<ChoiceType, string> = {
	single: '单选题',
	multiple: '多选题',
	order: '排序题'
};

interface Reading {
	via: string;
	keys: string[];
}

function keyRange(options: readonly QuestionOption[]): string {
	const keys = options.map((o) => o.key);
	return keys.length > 2 ? `${keys[0]}–${keys.at(-1)}` : keys.join('、');
}

/**
 * Reads a single, multiple or order answer into option keys. Accepted: letters in either case,
 * compact or separated by spaces or punctuation ("AC", "A C", "A、C", "B→A→C"); option numbers
 * ("2", "1,3", "2 1 3"); the text of an option, or for multiple/order several texts separated
 * by 、，；|. A multiple answer comes back sorted. Errors are Chinese sentences for the teacher.
 *
 * @example parseChoiceAnswer('a、c', [{key:'A',text:'甲'},{key:'B',text:'乙'},{key:'C',text:'丙'}],
 *   'multiple') // → { ok: true, value: ['A', 'C'] }
 */
export function parseChoiceAnswer(
	raw: string,
	options: readonly QuestionOption[],
	type: ChoiceType
): Read<string[]> {
	const given = cleanValue(raw);
	const answer = stripWrapping(given);
	if (!answer) return { ok: false, message: '答案为空' };
	const keys = options.map((o) => o.key);

	const readings: Reading[] = [];
	const letterKeys = LETTERS.test(answer) ? [...answer.toUpperCase()].filter(isLetter) : null;
	if (letterKeys) readings.push({ via: '选项字母', keys: letterKeys });
	const numberKeys = NUMBERS.test(answer)
		? [...answer].filter((c) => /[1-9]/.test(c)).map((d) => OPTION_KEYS[Number(d) - 1] ?? `#${d}`)
		: null;
	if (numberKeys) readings.push({ via: '选项序号', keys: numberKeys });
	const textKeys = readOptionTexts(answer, options, type);
	if (textKeys) readings.push({ via: '选项原文', keys: textKeys });

	// A reading is plausible when it names existing options and has the count the type needs.
	const named = readings.filter((r) => r.keys.every((k) => keys.includes(k)));
	const checked = named.map((r) => ({ r, read: checkKeyCount(r.keys, given, keys.length, type) }));
	const plausible = new Map<string, Reading>();
	for (const { r, read } of checked) {
		if (!read.ok) continue;
		const canon = type === 'multiple' ? [...r.keys].sort() : r.keys;
		if (!plausible.has(canon.join())) plausible.set(canon.join(), { ...r, keys: canon });
	}
	if (plausible.size > 1) {
		const ways = [...plausible.values()]
			.map((r) => `${r.via} → ${r.keys.join('')}`)
			.join('，也可以理解为 ');
		return {
			ok: false,
			message: `答案 "${given}" 有歧义：可以理解为 ${ways}；请改写成选项字母`
		};
	}
	const reading = [...plausible.values()][0];
	if (reading) return { ok: true, value: reading.keys };
	const firstProblem = checked[0]?.read;
	if (firstProblem && !firstProblem.ok) return firstProblem;
	if (letterKeys) {
		const bad = letterKeys.filter((k) => !keys.includes(k));
		return {
			ok: false,
			message: `答案 "${given}" 里的 ${[...new Set(bad)].join('、')} 不是本题的选项（本题选项为 ${keyRange(options)}）`
		};
	}
	if (numberKeys) {
		return {
			ok: false,
			message: `答案 "${given}" 里的序号超出了选项个数（本题有 ${keys.length} 个选项）`
		};
	}
	return {
		ok: false,
		message: `读不懂答案 "${given}"：请写选项字母（如 B 或 AC）、选项序号（如 2）或与某个选项完全相同的文字`
	};
}

function isLetter(c: string): boolean {
	return /[A-Z]/.test(c);
}

function readOptionTexts(
	answer: string,
	options: readonly QuestionOption[],
	type: ChoiceType
): string[] | null {
	// Exactly the option's text first (Chūn jié and chūnjié are two options), then folded
	// (case, spaces, trailing punctuation) when that names one option only.
	const exact = new Map<string, string[]>();
	const folded = new Map<string, string[]>();
	for (const o of options) {
		const e = optionIdentity(o.text);
		exact.set(e, [...(exact.get(e) ?? []), o.key]);
		const f = foldOptionText(o.text);
		folded.set(f, [...(folded.get(f) ?? []), o.key]);
	}
	const match = (part: string): string | null => {
		const same = exact.get(optionIdentity(part));
		if (same?.length === 1) return same[0] ?? null;
		const found = folded.get(foldOptionText(part));
		return found?.length === 1 ? (found[0] ?? null) : null;
	};
	const whole = match(answer);
	if (whole) return [whole];
	if (type === 'single') return null;
	const parts = answer.split(TEXT_SEP).filter((p) => p.trim());
	if (parts.length < 2) return null;
	const keys = parts.map(match);
	return keys.every((k): k is string => k !== null) ? keys : null;
}

function checkKeyCount(
	keys: string[],
	given: string,
	optionCount: number,
	type: ChoiceType
): Read<string[]> {
	const repeated = keys.filter((k, i) => keys.indexOf(k) !== i);
	if (repeated.length) {
		return { ok: false, message: `答案 "${given}" 里 ${repeated[0]} 出现了不止一次` };
	}
	if (type === 'single' && keys.length !== 1) {
		return { ok: false, message: `单选题只能有一个答案，读到的是 "${given}"` };
	}
	if (type === 'multiple' && keys.length < 2) {
		return { ok: false, message: `多选题至少需要两个选项，读到的是 "${given}"` };
	}
	if (type === 'order' && keys.length !== optionCount) {
		return {
			ok: false,
			message: `${TYPE_NAME.order}的答案要按正确顺序列出全部 ${optionCount} 个选项，读到的是 "${given}"`
		};
	}
	return { ok: true, value: keys };
}

const TRUE_WORDS = [
	'对',
	'正确',
	'是',
	'真',
	'√',
	'✓',
	'✔',
	'☑',
	't',
	'true',
	'y',
	'yes',
	'a',
	'1'
];
const FALSE_WORDS = [
	'错',
	'错误',
	'否',
	'假',
	'不对',
	'不正确',
	'×',
	'✗',
	'✘',
	'☒',
	'x',
	'f',
	'false',
	'n',
	'no',
	'b',
	'0',
	'2'
];

function judgeWord(raw: string): boolean | null {
	const word = stripWrapping(cleanValue(raw)).toLowerCase();
	if (TRUE_WORDS.includes(word)) return true;
	if (FALSE_WORDS.includes(word)) return false;
	return null;
}

/**
 * Reads a judge (判断) answer. Accepted for 正确: 对, 正确, 是, √ (✓ ✔), T, TRUE, Y, A, 1; for
 * 错误: 错, 错误, 否, × (✗ x), F, FALSE, N, B, 0, 2 (A/1 = 正确 and B/2 = 错误, the order exam
 * systems list them in). When the row also fills option columns with 正确/错误 in some order,
 * a letter or number answer is read through those options instead.
 *
 * @example parseJudgeAnswer('√') // → { ok: true, value: true }
 * @example parseJudgeAnswer('A', ['错误', '正确']) // → { ok: true, value: false }
 */
export function parseJudgeAnswer(raw: string, optionTexts: readonly string[] = []): Read<boolean> {
	const given = cleanValue(raw);
	if (!given) return { ok: false, message: '答案为空' };
	const filled = optionTexts.filter((t) => t.trim());
	if (filled.length) {
		const values = filled.map(judgeWord);
		if (
			filled.length !== 2 ||
			values[0] === null ||
			values[1] === null ||
			values[0] === values[1]
		) {
			return {
				ok: false,
				message: `判断题不需要选项；如果填了，选项A、B 应是 "正确" 和 "错误"，读到的是 ${filled.map((t) => `"${t}"`).join('、')}`
			};
		}
		const word = stripWrapping(given).toUpperCase();
		const index = word === 'A' || word === '1' ? 0 : word === 'B' || word === '2' ? 1 : -1;
		if (index >= 0) return { ok: true, value: values[index] as boolean };
	}
	const value = judgeWord(given);
	if (value === null) {
		return {
			ok: false,
			message: `判断题的答案应为 正确/错误（对/错、√/×、A/B），读到的是 "${given}"`
		};
	}
	return { ok: true, value };
}

/** Separator between the accepted answers of a fill question. */
export const FILL_ALTERNATIVES_SEPARATOR = '|';

/**
 * Reads a fill (填空) answer: every accepted answer, separated by | (or full-width ｜). Each is
 * cleaned like a value (full-width digits, stray spaces); empty pieces are ignored.
 *
 * @example parseFillAnswer(' 23 | 23场|二十三 ') // → { ok: true, value: ['23', '23场', '二十三'] }
 */
export function parseFillAnswer(raw: string | readonly string[]): Read<string[]> {
	const pieces = typeof raw === 'string' ? raw.split(/[|｜]/) : raw;
	const answers = pieces.map(cleanValue).filter((a) => a !== '');
	if (!answers.length) return { ok: false, message: '答案为空：填空题至少要写一个正确答案' };
	return { ok: true, value: answers };
}
