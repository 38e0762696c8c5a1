/**
 * How an answer reads on screen and in exports: option letters with their text, 正确/错误 for
 * judge questions. Shared by the feedback, the result list and (later) Excel exports.
 */
import type { Question } from '../bank/schema';
import type { Response } from './scoring';

/**
 * @example describeResponse(judgeQuestion, false) // → '错误'
 * @example describeResponse(singleQuestion, 'B') // → 'B. 1921年'
 */
export function describeResponse(
	question: Question,
	response: Response | null | undefined
): string {
	if (response === undefined) return '未作答';
	if (response === null) return '超时未答';
	if (question.type === 'judge') return response === true ? '正确' : '错误';
	if (question.type === 'fill') return String(response);
	const keys = typeof response === 'string' ? [response] : Array.isArray(response) ? response : [];
	const texts = keys.map((k) => {
		const option = question.options.find((o) => o.key === k);
		return option ? `${k}. ${option.text}` : k;
	});
	return texts.join(question.type === 'order' ? ' → ' : '；');
}

/** The right answer, in the same words. */
export function describeAnswer(question: Question): string {
	if (question.type === 'fill') return question.answer.join(' / ');
	return describeResponse(question, question.answer);
}

export const TYPE_LABELS: Record<Question['type'], string> = {
	single: '单选题',
	multiple: '多选题',
	judge: '判断题',
	fill: '填空题',
	order: '排序题'
};
