/**
 * Whether a response answers a question correctly. All-or-nothing for every type: a multiple-
 * choice answer with one key missing is wrong, as in the exam systems members know. A fill
 * answer may carry the unit the stem prints after the blank (「1921年」 for 「____年」): the player
 * wrote the same answer, and listing every such variant in every bank would miss some.
 */
import type { Question } from '../bank/schema';
import { chineseNumeralsToDigits } from './numerals';

/** What a player gave: an option key, a set or sequence of keys, true/false, or typed text. */
export type Response = string | string[] | boolean;

/**
 * Score one response. Pure and deterministic: the server re-scores uploads with this function.
 *
 * @example isCorrect({ type: 'multiple', answer: ['A', 'C'], ... }, ['C', 'A']) // → true
 * @example isCorrect({ type: 'fill', stem: '成立于____年。', answer: ['1921'], ... }, '1921年') // → true
 */
export function isCorrect(question: Question, response: Response): boolean {
	switch (question.type) {
		case 'single':
			return response === question.answer;
		case 'judge':
			return response === question.answer;
		case 'multiple': {
			if (!Array.isArray(response)) return false;
			const given = new Set(response);
			return given.size === question.answer.length && question.answer.every((k) => given.has(k));
		}
		case 'order':
			return (
				Array.isArray(response) &&
				response.length === question.answer.length &&
				response.every((k, i) => k === question.answer[i])
			);
		case 'fill': {
			if (typeof response !== 'string') return false;
			const units = printedAfterBlank(question.stem);
			const given = new Set(fillForms(response, units));
			return question.answer.some((a) => fillForms(a, units).some((f) => given.has(f)));
		}
	}
}

/**
 * Folds what a typed answer should not be judged on: full-width forms, spaces, trailing
 * punctuation, and numerals written in Chinese (一九二一 = 1921).
 *
 * @example normalizeFill(' 一九二一。') // → '1921'
 */
export function normalizeFill(text: string): string {
	return chineseNumeralsToDigits(text.normalize('NFKC'))
		.replace(/\s+/g, '')
		.replace(/[。．.，,！!？?；;、]+$/u, '')
		.toLowerCase();
}

/**
 * The blank of a fill stem: FILL_BLANK in bank/schema.ts, written out so the quiz screen does
 * not load the schema's parsers with it.
 */
const FILL_BLANK = '____';

/** Width, spaces and trailing punctuation folded, numerals left as written. */
function foldTyped(text: string): string {
	return text
		.normalize('NFKC')
		.replace(/\s+/g, '')
		.replace(/[。．.，,！!？?；;、]+$/u, '')
		.toLowerCase();
}

/**
 * What the stem prints right after its blank, up to the first punctuation mark or space: the
 * unit a player may type again (年 in 「于____年召开」, 位 in 「授予____位科学家」, 年7月27日 in
 * 「____年7月27日，……」). Empty when the blank is followed by punctuation or ends the stem.
 *
 * @example printedAfterBlank('中国共产党成立于____年。') // → '年'
 */
export function printedAfterBlank(stem: string): string {
	const at = stem.indexOf(FILL_BLANK);
	if (at < 0) return '';
	const rest = foldTyped(stem.slice(at).replace(/^_+/, ''));
	return /^[^\p{P}\p{S}_]*/u.exec(rest)?.[0] ?? '';
}

/**
 * The forms a typed text is judged in: as typed, and without any leading part of the printed
 * unit it ends with (「1921年」 with 年 printed after the blank is also 「1921」). Applied to the
 * answer and the response alike, so an answer written with the unit accepts a response without.
 */
function fillForms(text: string, printed: string): string[] {
	const typed = foldTyped(text);
	const forms = [normalizeFill(typed)];
	for (let n = printed.length; n > 0; n--) {
		const unit = printed.slice(0, n);
		if (typed.length > n && typed.endsWith(unit)) forms.push(normalizeFill(typed.slice(0, -n)));
	}
	return forms;
}

/** Does a response have the shape its question type expects? Guards input from the UI and sync. */
export function isWellFormedResponse(question: Question, response: unknown): response is Response {
	switch (question.type) {
		case 'single':
			return typeof response === 'string';
		case 'judge':
			return typeof response === 'boolean';
		case 'fill':
			return typeof response === 'string' && response.length <= 200;
		case 'multiple':
		case 'order':
			return (
				Array.isArray(response) &&
				response.length <= 6 &&
				response.every((k) => typeof k === 'string' && k.length <= 2)
			);
	}
}
