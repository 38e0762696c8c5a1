/**
 * How an answer reads on screen and in exports: option letters with their text, 正确/错误 for
 * judge questions. Shared by the feedback, the result list and (later) Excel exports.
 */
import type { Question, QuestionOption, QuestionType } from '../bank/schema';
import type { Response } from './scoring';
import { displayLetter, inDisplayOrder } from './shuffle';

/**
 * A response in words. With `order` (the option keys in the order they were shown, see
 * shuffle.ts) options read under the letters the player saw; without it, under the bank's keys
 * (exports, admin views).
 *
 * @example describeResponse(judgeQuestion, false) // → '错误'
 * @example describeResponse(singleQuestion, 'B') // → 'B. 1921年'
 * @example describeResponse(singleQuestion, 'B', ['B', 'A', 'C', 'D']) // → 'A. 1921年'
 */
export function describeResponse(
	/** A bank question, or a competition paper's (the same, without the key). */
	question: { type: QuestionType; options?: readonly QuestionOption[] },
	response: Response | null | undefined,
	order?: readonly string[]
): string {
	if (response === undefined) return '未作答';
	if (response === null) return '超时未答';
	if (question.type === 'judge') return response === true ? '正确' : '错误';
	if (question.type === 'fill') return String(response);
	const given = typeof response === 'string' ? [response] : Array.isArray(response) ? response : [];
	// A set reads in screen order; an order question's sequence is the answer itself.
	const keys = order && question.type !== 'order' ? inDisplayOrder(order, given) : given;
	const texts = keys.map((k) => {
		const option = question.options?.find((o) => o.key === k);
		const letter = order ? displayLetter(order, k) : k;
		return option ? `${letter}. ${option.text}` : letter;
	});
	return texts.join(question.type === 'order' ? ' → ' : '；');
}

/** The right answer, in the same words (under the letters shown when `order` is given). */
export function describeAnswer(question: Question, order?: readonly string[]): string {
	if (question.type === 'fill') return question.answer.join(' / ');
	return describeResponse(question, question.answer, order);
}

export const TYPE_LABELS: Record<Question['type'], string> = {
	single: '单选题',
	multiple: '多选题',
	judge: '判断题',
	fill: '填空题',
	order: '排序题'
};
