/**
 * Answers printed in other stems. When question B's stem contains question A's answer text
 * (jht-0013 names 「金河之声」, the answer of jht-0012), meeting B before A in one session gives
 * A away. The compiler lists every such pair; a bank author rewords one of the two or lists the
 * pair under `conflicts` in bank.yaml, which every draw respects (bank/conflicts.ts).
 */
import type { Question } from './schema';

/** Answers shorter than this (after quotes and brackets are dropped) are too common to leak:
 * 毛泽东 or 上海 in a stem gives no single question away, 「金河之声」 does. */
export const LEAK_MIN_CHARS = 4;

/** One leak: `text`, the answer of `answerId`, is printed in the stem of `stemId`. */
export interface AnswerLeak {
	answerId: string;
	stemId: string;
	text: string;
}

// Quotes and title marks around an answer are not part of what gives it away.
const fold = (text: string) =>
	text
		.normalize('NFKC')
		.replace(/[“”"‘’'《》〈〉「」『』\s]/gu, '')
		.replace(/[。.，,！!？?；;、：:]+$/u, '');

/**
 * The texts that are a question's answer: the right option(s) of a choice question, every
 * accepted form of a fill answer. Judge and order questions have none (true/false and an order
 * are not texts a stem could print).
 *
 * @example answerTexts({ type: 'single', options: [{ key: 'A', text: '上海' }], answer: 'A', ... }) // → ['上海']
 */
export function answerTexts(q: Question): string[] {
	switch (q.type) {
		case 'single':
			return q.options.filter((o) => o.key === q.answer).map((o) => o.text);
		case 'multiple':
			return q.options.filter((o) => q.answer.includes(o.key)).map((o) => o.text);
		case 'fill':
			return q.answer;
		case 'judge':
		case 'order':
			return [];
	}
}

/**
 * Every pair where one question's answer (at least LEAK_MIN_CHARS characters once quotes are
 * dropped) appears in another question's stem, in the bank's order, one entry per pair (the
 * longest text that leaks).
 *
 * @example findAnswerLeaks([jht0012, jht0013]) // jht-0012's answer is 「金河之声」, printed in jht-0013
 * // → [{ answerId: 'jht-0012', stemId: 'jht-0013', text: '金河之声' }]
 */
export function findAnswerLeaks(questions: readonly Question[]): AnswerLeak[] {
	const stems = questions.map((q) => ({ id: q.id, stem: fold(q.stem) }));
	const leaks: AnswerLeak[] = [];
	for (const q of questions) {
		const texts = [...new Set(answerTexts(q).map(fold))]
			.filter((t) => [...t].length >= LEAK_MIN_CHARS)
			.sort((a, b) => b.length - a.length);
		if (!texts.length) continue;
		for (const other of stems) {
			if (other.id === q.id) continue;
			const text = texts.find((t) => other.stem.includes(t));
			if (text) leaks.push({ answerId: q.id, stemId: other.id, text });
		}
	}
	return leaks;
}

/**
 * The leaks no listed pair covers (a pair covers a leak in either order).
 *
 * @example unlistedLeaks([{ answerId: 'a', stemId: 'b', text: '……' }], [['b', 'a']]) // → []
 */
export function unlistedLeaks(
	leaks: readonly AnswerLeak[],
	pairs: readonly (readonly [string, string])[]
): AnswerLeak[] {
	const listed = new Set(pairs.flatMap(([a, b]) => [`${a}\n${b}`, `${b}\n${a}`]));
	return leaks.filter((l) => !listed.has(`${l.answerId}\n${l.stemId}`));
}
