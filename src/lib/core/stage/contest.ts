/**
 * A contest as the host sets it up: kind, teams with names and colours, the rules, and the
 * questions it will use (a snapshot of each, so a bank update mid-contest changes nothing).
 */
import type { Question } from '../bank/schema';
import { describeAnswer } from '../play/answer-text';
import type { StageSetup } from './fold';
import { LIMITS, normalizeRules, teamRange, type ContestKind, type StageRules } from './rules';

/**
 * Team colours, each dark enough for white text at 4.5:1 and named, because colour is never the
 * only sign of a team: the name and seat number are always shown with it.
 */
export const TEAM_COLOURS = [
	{ hex: '#B71C1C', name: '红' },
	{ hex: '#0D47A1', name: '蓝' },
	{ hex: '#1B5E20', name: '绿' },
	{ hex: '#6A1B9A', name: '紫' },
	{ hex: '#8C3A00', name: '橙' },
	{ hex: '#006064', name: '青' },
	{ hex: '#4E342E', name: '棕' },
	{ hex: '#AD1457', name: '粉' }
] as const;

export interface StageTeam {
	name: string;
	/** Index into TEAM_COLOURS. */
	colour: number;
}

/** One question as the contest shows it: its text, the answer in words, and the 解析. */
export interface StageQuestion {
	bankId: string;
	version: string;
	id: string;
	type: 'single' | 'multiple' | 'judge' | 'fill' | 'order';
	stem: string;
	options: { key: string; text: string }[];
	/** The right answer as keys (choice types), or as text (judge: 正确/错误, fill: the words). */
	answerKeys: string[];
	answerText: string;
	explanation: string;
	source: string;
	difficulty: number;
}

export interface StageContest {
	id: string;
	kind: ContestKind;
	title: string;
	teams: StageTeam[];
	rules: StageRules;
	questions: StageQuestion[];
	/** The class the record goes to (a joined class profile's group), if the teacher chose one. */
	groupId?: string | null;
	createdAt: number;
}

export const MAX_QUESTIONS = 200;
export const MAX_TEAM_NAME = 12;

/** The part of a contest the fold needs. */
export function setupOf(contest: Pick<StageContest, 'rules' | 'teams' | 'questions'>): StageSetup {
	return {
		rules: contest.rules,
		teams: contest.teams.length,
		difficulties: contest.questions.map((q) => q.difficulty)
	};
}

/**
 * Default team names for a contest kind: 第一队… on a stage, 第一组… in a class, 全班 for 闯关.
 *
 * @example defaultTeams('groups', 2) // → [{ name: '第一组', colour: 0 }, { name: '第二组', colour: 1 }]
 */
export function defaultTeams(kind: ContestKind, count: number): StageTeam[] {
	if (kind === 'class') return [{ name: '全班', colour: 0 }];
	const numerals = ['一', '二', '三', '四', '五', '六', '七', '八'];
	const unit = kind === 'groups' ? '组' : '队';
	const { min, max } = teamRange(kind);
	const n = Math.min(max, Math.max(min, count));
	return Array.from({ length: n }, (_, i) => ({ name: `第${numerals[i]}${unit}`, colour: i }));
}

/**
 * What is wrong with a contest's setup before it can start, in words for the host (empty: fine).
 *
 * @example setupProblems({ kind: 'stage', teams: [{ name: 'A', colour: 0 }], … }) // → ['至少需要 2 支队伍']
 */
export function setupProblems(
	contest: Pick<StageContest, 'kind' | 'teams' | 'questions' | 'rules'>
): string[] {
	const problems: string[] = [];
	const { min, max } = teamRange(contest.kind);
	const unit = contest.kind === 'groups' ? '个小组' : '支队伍';
	if (contest.teams.length < min) problems.push(`至少需要 ${min} ${unit}`);
	if (contest.teams.length > max) problems.push(`最多 ${max} ${unit}`);
	const names = contest.teams.map((t) => t.name.trim());
	if (names.some((n) => n.length === 0)) problems.push('每支队伍都需要名称');
	if (names.some((n) => n.length > MAX_TEAM_NAME)) problems.push(`队名最多 ${MAX_TEAM_NAME} 个字`);
	if (new Set(names).size !== names.length) problems.push('队名不能重复');
	const colours = contest.teams.map((t) => t.colour);
	if (new Set(colours).size !== colours.length) problems.push('每支队伍的颜色要不同');
	if (contest.questions.length === 0) problems.push('还没有选题目');
	if (contest.questions.length > MAX_QUESTIONS) problems.push(`最多 ${MAX_QUESTIONS} 道题`);
	const rules = normalizeRules(contest.rules);
	if (rules.rounds.length === 0) problems.push('至少需要一轮');
	if (rules.rounds.length > LIMITS.rounds) problems.push(`最多 ${LIMITS.rounds} 轮`);
	return problems;
}

/**
 * A bank question as a contest shows it, with its answer in words.
 *
 * @example stageQuestionOf(question, 'party-history-basics', '1.2.0').answerText // → 'B. 1921年'
 */
export function stageQuestionOf(
	question: Question,
	bankId: string,
	version: string
): StageQuestion {
	const answerKeys =
		question.type === 'judge'
			? [question.answer ? '正确' : '错误']
			: typeof question.answer === 'string'
				? [question.answer]
				: [...question.answer];
	return {
		bankId,
		version,
		id: question.id,
		type: question.type,
		stem: question.stem,
		options: 'options' in question ? question.options.map((o) => ({ ...o })) : [],
		answerKeys,
		answerText: describeAnswer(question),
		explanation: question.explanation,
		source: question.source,
		difficulty: question.difficulty
	};
}

/**
 * Whether a choice the class made (an option key, or 正确/错误) is the right answer of a
 * single-choice or judge question; null for types the host judges by ear.
 *
 * @example choiceIsRight(q, 'B') // → true when B is q's answer
 */
export function choiceIsRight(question: StageQuestion, choice: string): boolean | null {
	if (question.type !== 'single' && question.type !== 'judge') return null;
	return question.answerKeys[0] === choice;
}
