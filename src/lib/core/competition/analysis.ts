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
	const sorted = [...entrants].sort((a, b) => b.score - a.score);
	const groupSize = Math.ceil(sorted.length * GROUP_SHARE);
	const enough = sorted.length >= MIN_FOR_DISCRIMINATION;
	interface Tally {
		seen: number;
		right: number;
		topSeen: number;
		topRight: number;
		bottomSeen: number;
		bottomRight: number;
		wrong: Map<string, number>;
	}
	const tallies = new Map<string, Tally>();
	for (const [i, e] of sorted.entries()) {
		const top = enough && i < groupSize;
		const bottom = enough && i >= sorted.length - groupSize;
		for (const a of e.answers) {
			let t = tallies.get(a.questionId);
			if (!t) {
				t = {
					seen: 0,
					right: 0,
					topSeen: 0,
					topRight: 0,
					bottomSeen: 0,
					bottomRight: 0,
					wrong: new Map()
				};
				tallies.set(a.questionId, t);
			}
			const right = a.verdict === 'correct' ? 1 : 0;
			t.seen++;
			t.right += right;
			if (top) {
				t.topSeen++;
				t.topRight += right;
			}
			if (bottom) {
				t.bottomSeen++;
				t.bottomRight += right;
			}
			if (a.verdict === 'wrong' && a.response !== null) {
				const choice = choiceText(a.response, questions.get(a.questionId)?.type);
				t.wrong.set(choice, (t.wrong.get(choice) ?? 0) + 1);
			}
		}
	}
	const items: ItemStat[] = [];
	const tags = new Map<string, { seen: number; right: number }>();
	for (const [id, t] of tallies) {
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
			wrongChoices: [...t.wrong]
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
