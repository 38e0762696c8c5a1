/**
 * A question edited by hand (a draft filled in on the admin page) checked with the very schema
 * bundles are checked with, its problems said in Chinese for the person at the form. The page
 * runs it as they type; the server runs it again before it stores anything.
 */
import { parseBundleQuestion, type Question, type SchemaIssue } from '../schema';

const FIELD_NAMES: Record<string, string> = {
	id: '编号',
	type: '题型',
	stem: '题目',
	options: '选项',
	answer: '答案',
	explanation: '解析',
	source: '出处',
	tags: '标签',
	difficulty: '难度',
	note: '注释'
};

/**
 * One schema issue in words for a person: the field's Chinese name and what it needs.
 *
 * @example describeQuestionIssue({ path: ['explanation'], message: 'expected at least 10 characters' })
 * // → '解析：至少要 10 个字'
 */
export function describeQuestionIssue(issue: SchemaIssue): string {
	const field = FIELD_NAMES[String(issue.path[0] ?? '')] ?? '题目内容';
	const m = issue.message;
	let said: string;
	let n: RegExpExecArray | null;
	if ((n = /^expected at least (\d+) characters$/.exec(m))) said = `至少要 ${n[1]} 个字`;
	else if ((n = /^expected at most (\d+) characters$/.exec(m))) said = `最多 ${n[1]} 个字`;
	else if (m === 'expected text' || m === 'missing required field') said = '不能为空';
	else if (/at least one accepted answer/.test(m)) said = '至少要写一个答案';
	else if (/one of the option keys/.test(m)) said = '要写成选项里有的字母';
	else if (/listed twice/.test(m)) said = '同一个选项写了两次';
	else if (/at least two keys/.test(m)) said = '多选题至少要选两个选项';
	else if (/every option key once/.test(m)) said = '排序题要把每个选项按顺序各写一次';
	else if (/marks its blank/.test(m)) said = '填空题的题目里要有空（____）';
	else if (/same text/.test(m)) said = '有两个选项的文字相同';
	else if (/expected a list/.test(m) || /expected true or false/.test(m)) said = '还没有填写';
	else said = m;
	return `${field}：${said}`;
}

/**
 * Check a question as edited: the same parse as a compiled bundle (so 解析 and 出处 are required,
 * answers must fit the options), with every problem in Chinese.
 *
 * @example checkEditedQuestion({ ...draft, explanation: '太短' })
 * // → { ok: false, problems: ['解析：至少要 10 个字'] }
 */
export function checkEditedQuestion(
	input: unknown
): { ok: true; question: Question } | { ok: false; problems: string[] } {
	const parsed = parseBundleQuestion(input);
	if (parsed.ok) return { ok: true, question: parsed.value };
	return { ok: false, problems: [...new Set(parsed.issues.map(describeQuestionIssue))] };
}
