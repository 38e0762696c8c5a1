/**
 * A member's paper: which questions (a fixed list, or a seeded draw by type and tag), in which
 * option order, and what of each question the device may see before release. Everything is
 * seeded by the competition and the member, so the server can rebuild any member's paper at any
 * time (serving it again, scoring, analysis) without storing it.
 */
import { conflictMap, conflictsWithin, type ConflictPair } from '../bank/conflicts';
import { OPTION_KEYS, type Question, type QuestionOption } from '../bank/schema';
import {
	hashSeed,
	scrambledOrder,
	seededRandom,
	selectQuestionIds,
	shuffled
} from '../play/random';
import type { Response } from '../play/scoring';
import type { DrawPart, PaperQuestion, PaperSpec } from './types';

/**
 * The seed of a member's paper in a competition.
 *
 * @example paperSeed('c-1', 'm-7') // → 'competition:c-1:m-7'
 */
export function paperSeed(competitionId: string, memberId: string): string {
	return `competition:${competitionId}:${memberId}`;
}

export type DrawResult = { ok: true; questionIds: string[] } | { ok: false; reason: string };

const TYPE_LABELS: Record<Question['type'], string> = {
	single: '单选题',
	multiple: '多选题',
	judge: '判断题',
	fill: '填空题',
	order: '排序题'
};

/**
 * The question ids of a paper. A fixed list is used as given; a draw takes each part in turn
 * from the questions of its type (and tag) not drawn by an earlier part, seeded, so the same seed
 * always gives the same paper and no question appears twice. The bank's `conflicts` (pairs where
 * one stem prints the other's answer) never meet in a paper: a draw skips the second of a pair,
 * and a fixed list holding both halves is refused, naming them. Fails (with the reason) when a
 * part asks for more questions than the pool has left, or a fixed id is not in the pool.
 *
 * @example drawPaper({ kind: 'draw', parts: [{ type: 'judge', count: 2 }] }, pool, 'competition:c:m')
 * // → { ok: true, questionIds: ['q-3', 'q-9'] }
 */
export function drawPaper(
	spec: PaperSpec,
	pool: readonly Question[],
	seed: string,
	conflicts: readonly ConflictPair[] = []
): DrawResult {
	const known = new Set(pool.map((q) => q.id));
	if (spec.kind === 'fixed') {
		const missing = spec.questionIds.find((id) => !known.has(id));
		if (missing) return { ok: false, reason: `题库中没有题目 ${missing}` };
		if (new Set(spec.questionIds).size !== spec.questionIds.length) {
			return { ok: false, reason: '试卷中有重复的题目' };
		}
		const [clash] = conflictsWithin(spec.questionIds, conflicts);
		if (clash) {
			return {
				ok: false,
				reason: `题目 ${clash[0]} 和 ${clash[1]} 不能放在同一张试卷里（一道题的题干里有另一道题的答案）`
			};
		}
		return { ok: true, questionIds: [...spec.questionIds] };
	}
	const partners = conflictMap(conflicts);
	const taken = new Set<string>();
	// Ids an earlier part's pick rules out: its conflict partners.
	const blocked = new Set<string>();
	const out: string[] = [];
	for (const [index, part] of spec.parts.entries()) {
		const candidates = pool
			.filter((q) => matches(q, part) && !taken.has(q.id) && !blocked.has(q.id))
			.map((q) => q.id);
		const picked = selectQuestionIds(candidates, part.count, `${seed}:part${index}`, conflicts);
		if (picked.length < part.count) {
			const what = `${part.tag ? `「${part.tag}」的` : ''}${TYPE_LABELS[part.type]}`;
			const apart = conflicts.length ? '能同卷出现的' : '';
			return {
				ok: false,
				reason: `题库中${apart}${what}只有 ${picked.length} 道${taken.size ? '（除去前面已抽的）' : ''}，不够抽 ${part.count} 道`
			};
		}
		for (const id of picked) {
			taken.add(id);
			out.push(id);
			for (const other of partners.get(id) ?? []) blocked.add(other);
		}
	}
	return { ok: true, questionIds: out };
}

function matches(q: Question, part: DrawPart): boolean {
	return q.type === part.type && (part.tag === undefined || q.tags.includes(part.tag));
}

/** How many questions a paper has (the same for every member). */
export function paperLength(spec: PaperSpec): number {
	return spec.kind === 'fixed'
		? spec.questionIds.length
		: spec.parts.reduce((sum, p) => sum + p.count, 0);
}

/**
 * The member's option order of a question: its canonical keys in display order (seeded by the
 * paper seed and the question). Order (排序) questions never start already solved. Judge and fill
 * questions have no options: [].
 *
 * @example optionOrder(singleWithABCD, 'competition:c:m') // → e.g. ['C', 'A', 'D', 'B']
 */
export function optionOrder(question: Question, seed: string): string[] {
	if (question.type === 'judge' || question.type === 'fill') return [];
	const keys = question.options.map((o) => o.key);
	const questionSeed = `${seed}:${question.id}`;
	if (question.type === 'order') return scrambledOrder(keys, question.answer, questionSeed);
	return shuffled([...keys].sort(), seededRandom(hashSeed(questionSeed)));
}

/**
 * A question as the member's device gets it: stem and shuffled options with canonical keys;
 * never the answer, the 解析 or the 出处.
 *
 * @example servePaperQuestion(q, seed) // → { id, type, stem, options: [{ key: 'C', text }, …] }
 */
export function servePaperQuestion(question: Question, seed: string): PaperQuestion {
	const base = { id: question.id, type: question.type, stem: question.stem };
	if (question.type === 'judge' || question.type === 'fill') return base;
	const byKey = new Map(question.options.map((o) => [o.key, o]));
	const options: QuestionOption[] = optionOrder(question, seed).map((key) => ({
		key,
		text: byKey.get(key)?.text ?? ''
	}));
	return { ...base, options };
}

/**
 * The letter the screen shows for a canonical key: its position in the member's order.
 *
 * @example displayLetter({ options: [{ key: 'C' }, { key: 'A' }] }, 'A') // → 'B'
 */
export function displayLetter(question: Pick<PaperQuestion, 'options'>, key: string): string {
	const index = question.options?.findIndex((o) => o.key === key) ?? -1;
	return index === -1 ? key : (OPTION_KEYS[index] ?? key);
}

/**
 * The canonical key behind a letter on screen.
 *
 * @example canonicalKey({ options: [{ key: 'C' }, { key: 'A' }] }, 'B') // → 'A'
 */
export function canonicalKey(question: Pick<PaperQuestion, 'options'>, letter: string): string {
	const index = (OPTION_KEYS as readonly string[]).indexOf(letter);
	return question.options?.[index]?.key ?? letter;
}

/**
 * A response in screen letters turned into canonical keys (what is stored and uploaded). Judge
 * and fill responses pass through.
 *
 * @example toCanonical({ options: [{ key: 'C' }, { key: 'A' }] }, ['A', 'B']) // → ['C', 'A']
 */
export function toCanonical(
	question: Pick<PaperQuestion, 'options'>,
	response: Response
): Response {
	if (!question.options) return response;
	if (typeof response === 'string') return canonicalKey(question, response);
	if (Array.isArray(response)) return response.map((r) => canonicalKey(question, r));
	return response;
}

/**
 * A canonical response in the member's screen letters (to show a stored answer or the key).
 *
 * @example toDisplay({ options: [{ key: 'C' }, { key: 'A' }] }, ['C', 'A']) // → ['A', 'B']
 */
export function toDisplay(question: Pick<PaperQuestion, 'options'>, response: Response): Response {
	if (!question.options) return response;
	if (typeof response === 'string') return displayLetter(question, response);
	if (Array.isArray(response)) return response.map((r) => displayLetter(question, r));
	return response;
}
