/**
 * Whether a response answers a question correctly. All-or-nothing for every type: a multiple-
 * choice answer with one key missing is wrong, as in the exam systems members know.
 */
import type { Question } from '../bank/schema';
import { chineseNumeralsToDigits } from './numerals';

/** What a player gave: an option key, a set or sequence of keys, true/false, or typed text. */
export type Response = string | string[] | boolean;

/**
 * Score one response.
 *
 * @example isCorrect({ type: 'multiple', answer: ['A', 'C'], ... }, ['C', 'A']) // → true
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
			const given = normalizeFill(response);
			return question.answer.some((a) => normalizeFill(a) === given);
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
