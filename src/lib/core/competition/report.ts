/**
 * The rows of a competition's Excel export (成绩表): 名次, 姓名, 支部, 得分, 用时, 交卷时间 and
 * one cell per question with the answer given and ✓/✗. Pure, so the sheet's content is tested
 * without a workbook; the server writes the .xlsx.
 */
import type { Question } from '../bank/schema';
import type { Response } from '../play/scoring';
import type { ScoredAnswer } from './types';

/** The answer as short text: canonical keys, 对/错 for judge, the typed text for fill. */
export function shortResponse(question: Question | undefined, response: Response | null): string {
	if (response === null) return '未答';
	if (typeof response === 'boolean') return response ? '对' : '错';
	if (Array.isArray(response)) {
		return (question?.type === 'multiple' ? [...response].sort() : response).join('');
	}
	return response;
}

const MARKS: Record<ScoredAnswer['verdict'], string> = {
	correct: '✓',
	wrong: '✗',
	unanswered: '✗',
	'too-fast': '✗（过快）',
	'over-time': '✗（超时）'
};

/**
 * One question's cell: the answer and its mark; for a drawn paper (every member's questions
 * differ) the question id first, so the column still says which question it was.
 *
 * @example answerCell(single, { questionId: 'q1', response: 'B', verdict: 'correct', elapsedMs: 900 }, false) // → 'B ✓'
 */
export function answerCell(
	question: Question | undefined,
	answer: ScoredAnswer | undefined,
	withId: boolean
): string {
	if (!answer) return '';
	const text = `${shortResponse(question, answer.response)} ${MARKS[answer.verdict]}`;
	return withId ? `${answer.questionId} ${text}` : text;
}

export interface ExportEntrant {
	rank: number | null;
	displayName: string;
	groupName: string;
	score: number;
	answeringMs: number;
	receivedAt: number;
	answers: readonly ScoredAnswer[];
}

export interface ExportRow {
	rank: number | null;
	name: string;
	group: string;
	score: number;
	seconds: number;
	submittedAt: number;
	cells: string[];
}

/**
 * Rows in board order (ranked entrants first, then class pupils by name, who get no 名次).
 *
 * @example exportRows(entrants, questions, 40, false)[0] // → { rank: 1, name: '张三', score: 38, seconds: 812.4, cells: ['B ✓', …] }
 */
export function exportRows(
	entrants: readonly ExportEntrant[],
	questions: ReadonlyMap<string, Question>,
	questionCount: number,
	drawn: boolean
): ExportRow[] {
	const ranked = entrants
		.filter((e) => e.rank !== null)
		.sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
	const pupils = entrants
		.filter((e) => e.rank === null)
		.sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'));
	return [...ranked, ...pupils].map((e) => ({
		rank: e.rank,
		name: e.displayName,
		group: e.groupName,
		score: e.score,
		seconds: Math.round(e.answeringMs / 100) / 10,
		submittedAt: e.receivedAt,
		cells: Array.from({ length: questionCount }, (_, i) => {
			const a = e.answers[i];
			return answerCell(a ? questions.get(a.questionId) : undefined, a, drawn);
		})
	}));
}
