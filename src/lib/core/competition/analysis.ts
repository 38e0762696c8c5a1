/**
 * Item analysis (试题分析) for the admin after the window: how each question did, so the next
 * 书记讲坛 knows what to teach. Classical test theory, as exam offices use it: the correct rate,
 * the discrimination index (correct rate of the top 27 % by score minus that of the bottom 27 %),
 * how often each wrong choice was made, and the weakest tags.
 */
import type { Question } from '../bank/schema';
import { normalizeFill } from '../play/scoring';
import type { ItemAnalysis, ItemStat, ScoredAnswer } from './types';

/** The share of entrants in each of the top and bottom groups. */
export const GROUP_SHARE = 0.27;
/** Fewer entrants than this give no discrimination (groups of one say nothing). */
export const MIN_FOR_DISCRIMINATION = 4;
/** Wrong choices listed per question. */
export const WRONG_CHOICES_SHOWN = 5;

export interface AnalysedEntrant {
	score: number;
	answers: readonly ScoredAnswer[];
}

/** An entrant as stored for the analysis: the score and the answers as `encodeMarks` wrote them. */
export interface MarkedEntrant {
	score: number;
	marks: string;
}

/**
 * The numbering `encodeMarks` and `analyseMarks` share for a bank version: its question ids,
 * sorted, so the numbers do not depend on the order of the bank file.
 *
 * @example markIds(new Map([['q-2', a], ['q-1', b]])) // → ['q-1', 'q-2']
 */
export function markIds(questions: ReadonlyMap<string, Question>): string[] {
	return [...questions.keys()].sort();
}

/**
 * What the item analysis needs of one submission, as one short line stored with it when it is
 * scored (so boards never read answers and the analysis parses a few bytes an answer): for each
 * answer the question's number in `ids` (see `markIds`) then `c` (correct), `w` and the wrong
 * choice as `analyseItems` compares it (wrong with a response), or `n` (anything else: no answer,
 * too fast, over time); answers are separated by one space. Choices never hold spaces (keys, 对/错,
 * or fill text with its spaces removed); any left are dropped. Answers to questions not in
 * `index` are left out.
 *
 * @example encodeMarks([{ questionId: 'q-1', verdict: 'wrong', response: 'B', elapsedMs: 3000 }], new Map([['q-1', 0]]), questions) // → '0wB'
 */
export function encodeMarks(
	answers: readonly ScoredAnswer[],
	index: ReadonlyMap<string, number>,
	questions: ReadonlyMap<string, Question>
): string {
	const parts: string[] = [];
	for (const a of answers) {
		const n = index.get(a.questionId);
		if (n === undefined) continue;
		if (a.verdict === 'correct') parts.push(`${n}c`);
		else if (a.verdict === 'wrong' && a.response !== null) {
			const choice = choiceText(a.response, questions.get(a.questionId)?.type);
			parts.push(`${n}w${choice.replace(/\s+/g, '')}`);
		} else parts.push(`${n}n`);
	}
	return parts.join(' ');
}

/**
 * The analysis of every question that was on at least one paper, in the order first met.
 * A question is flagged `everyone-right` when every entrant who had it (two or more) got it right,
 * and `best-worse` when its discrimination is negative: the best members got it wrong more often
 * than the rest, which usually means a wrong key or a misleading stem.
 *
 * @example analyseItems(entrants, questions).items[0] // → { questionId, correctRate: 0.62, discrimination: 0.41, … }
 */
export function analyseItems(
	entrants: readonly AnalysedEntrant[],
	questions: ReadonlyMap<string, Question>
): Omit<ItemAnalysis, 'competitionId'> {
	// Number the questions as they are met, so ids missing from the bank are analysed too.
	const ids: string[] = [];
	const index = new Map<string, number>();
	for (const e of entrants) {
		for (const a of e.answers) {
			if (!index.has(a.questionId)) index.set(a.questionId, ids.push(a.questionId) - 1);
		}
	}
	return analyseMarks(
		entrants.map((e) => ({ score: e.score, marks: encodeMarks(e.answers, index, questions) })),
		ids,
		questions
	);
}

/**
 * `analyseItems` over stored marks (`encodeMarks` with the numbering `ids`): the same result,
 * without reading or building an object per answer. Entrants are taken in the order given when
 * scores tie (pass them in board order).
 *
 * @example analyseMarks([{ score: 1, marks: '0c 1wB' }], ['q-1', 'q-2'], questions).items.length // → 2
 */
export function analyseMarks(
	entrants: readonly MarkedEntrant[],
	ids: readonly string[],
	questions: ReadonlyMap<string, Question>
): Omit<ItemAnalysis, 'competitionId'> {
	const sorted = [...entrants].sort((a, b) => b.score - a.score);
	const groupSize = Math.ceil(sorted.length * GROUP_SHARE);
	const enough = sorted.length >= MIN_FOR_DISCRIMINATION;
	interface Tally {
		n: number;
		seen: number;
		right: number;
		topSeen: number;
		topRight: number;
		bottomSeen: number;
		bottomRight: number;
		wrong: Map<string, number> | null;
	}
	// One tally per question, by its number; `met` keeps the order questions were first met.
	const tallies: (Tally | undefined)[] = [];
	const met: Tally[] = [];
	for (const [i, e] of sorted.entries()) {
		const top = enough && i < groupSize;
		const bottom = enough && i >= sorted.length - groupSize;
		const m = e.marks;
		let at = 0;
		while (at < m.length) {
			let q = 0;
			let ch = m.charCodeAt(at);
			while (ch >= 48 && ch <= 57) {
				q = q * 10 + ch - 48;
				ch = m.charCodeAt(++at);
			}
			let end = m.indexOf(' ', ++at);
			if (end < 0) end = m.length;
			if (q < ids.length) {
				let t = tallies[q];
				if (!t) {
					t = {
						n: q,
						seen: 0,
						right: 0,
						topSeen: 0,
						topRight: 0,
						bottomSeen: 0,
						bottomRight: 0,
						wrong: null
					};
					tallies[q] = t;
					met.push(t);
				}
				const r = ch === 99 ? 1 : 0; // 'c'
				t.seen++;
				t.right += r;
				if (top) {
					t.topSeen++;
					t.topRight += r;
				}
				if (bottom) {
					t.bottomSeen++;
					t.bottomRight += r;
				}
				if (ch === 119) {
					// 'w': the wrong choice follows.
					const choice = m.slice(at, end);
					t.wrong ??= new Map();
					t.wrong.set(choice, (t.wrong.get(choice) ?? 0) + 1);
				}
			}
			at = end + 1;
		}
	}
	const items: ItemStat[] = [];
	const tags = new Map<string, { seen: number; right: number }>();
	for (const t of met) {
		const id = ids[t.n] as string;
		const q = questions.get(id);
		const discrimination =
			enough && t.topSeen && t.bottomSeen
				? round(t.topRight / t.topSeen - t.bottomRight / t.bottomSeen)
				: null;
		const flags: ItemStat['flags'] = [];
		if (t.seen >= 2 && t.right === t.seen) flags.push('everyone-right');
		if (discrimination !== null && discrimination < 0) flags.push('best-worse');
		items.push({
			questionId: id,
			stem: q?.stem ?? '',
			type: q?.type ?? 'single',
			tags: q?.tags ?? [],
			answered: t.seen,
			correctRate: round(t.right / t.seen),
			discrimination,
			wrongChoices: [...(t.wrong ?? [])]
				.map(([choice, count]) => ({ choice, count }))
				.sort((a, b) => b.count - a.count || a.choice.localeCompare(b.choice))
				.slice(0, WRONG_CHOICES_SHOWN),
			flags
		});
		for (const tag of q?.tags ?? []) {
			const s = tags.get(tag) ?? { seen: 0, right: 0 };
			s.seen += t.seen;
			s.right += t.right;
			tags.set(tag, s);
		}
	}
	const weakTags = [...tags]
		.map(([tag, s]) => ({ tag, correctRate: round(s.right / s.seen), answered: s.seen }))
		.sort((a, b) => a.correctRate - b.correctRate || b.answered - a.answered);
	return { entrants: entrants.length, items, weakTags };
}

/** A response as one comparable text: keys joined, 对/错 for judge, normalised fill text. */
function choiceText(
	response: string | string[] | boolean,
	type: Question['type'] | undefined
): string {
	if (typeof response === 'boolean') return response ? '对' : '错';
	if (Array.isArray(response))
		return (type === 'multiple' ? [...response].sort() : response).join('');
	return type === 'fill' ? normalizeFill(response) : response;
}

function round(x: number): number {
	return Math.round(x * 1000) / 1000;
}
