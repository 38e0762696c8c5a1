/**
 * Who counts and in which order: the try that counts for a member, the ranking of entrants,
 * award tiers, and the branch and town boards. Pure, so the server, the bench and the tests run
 * the same code.
 */
import type { AwardTier, GroupBoardRow, TryRule } from './types';

/** What ranking needs of a counted submission. */
export interface RankInput {
	score: number;
	answeringMs: number;
	receivedAt: number;
	/** Stable last resort, so equal submissions sort the same on every call. */
	id: string;
}

/**
 * Board order: higher score first, then less total time, then the earlier submission.
 *
 * @example compareEntries({ score: 5, answeringMs: 9, receivedAt: 1, id: 'a' }, { score: 5, answeringMs: 8, receivedAt: 2, id: 'b' }) // → 1
 */
export function compareEntries(a: RankInput, b: RankInput): number {
	return (
		b.score - a.score ||
		a.answeringMs - b.answeringMs ||
		a.receivedAt - b.receivedAt ||
		(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

/**
 * Rank entrants (1, 2, 2, 4): sorted by `compareEntries`; entrants equal on score, time and
 * submission time share a rank.
 *
 * @example rankEntrants([{ score: 3, … }, { score: 5, … }]).map((r) => r.rank) // → [1, 2] (5 first)
 */
export function rankEntrants<T extends RankInput>(entries: readonly T[]): (T & { rank: number })[] {
	const sorted = [...entries].sort(compareEntries);
	const out: (T & { rank: number })[] = [];
	for (const [i, e] of sorted.entries()) {
		const prev = out[i - 1];
		const tied =
			prev &&
			prev.score === e.score &&
			prev.answeringMs === e.answeringMs &&
			prev.receivedAt === e.receivedAt;
		out.push({ ...e, rank: tied ? prev.rank : i + 1 });
	}
	return out;
}

/**
 * The try that counts for one member: the best (board order) or the first (earliest start, then
 * earliest received). Undefined for no tries.
 *
 * @example countedTry([first, better], 'first') // → first
 */
export function countedTry<T extends RankInput & { startedAt: number }>(
	tries: readonly T[],
	rule: TryRule
): T | undefined {
	const sorted = [...tries].sort(
		rule === 'best'
			? compareEntries
			: (a, b) => a.startedAt - b.startedAt || a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : 1)
	);
	return sorted[0];
}

/**
 * The award for a rank among `entrants`: the first tier it qualifies for. `rank` tiers: rank ≤
 * value; `share` tiers: rank ≤ ceil(value × entrants). Ties share a rank, so a tie on a border is
 * inside the tier.
 *
 * @example awardFor(4, 100, [{ name: '一等奖', by: 'rank', value: 3 }, { name: '二等奖', by: 'share', value: 0.1 }]) // → '二等奖'
 */
export function awardFor(
	rank: number,
	entrants: number,
	tiers: readonly AwardTier[]
): string | null {
	for (const t of tiers) {
		const last = t.by === 'rank' ? t.value : Math.ceil(t.value * entrants - 1e-9);
		if (rank <= last) return t.name;
	}
	return null;
}

/** A group as the boards need it. */
export interface BoardGroup {
	id: string;
	name: string;
	kind: 'branch' | 'class';
	members: number;
}

/** Average of the best `topN` scores used when none is given. */
export const DEFAULT_TOP_N = 10;

/**
 * The branch and town board: for each group, participants ÷ members, the average score and the
 * average of its best `topN` scores (of fewer when fewer took part). Branches are ranked by the
 * top average, then participation, then the average; classes are listed with totals only
 * (`rank: null`) after the branches: pupils are never ranked, and a class is not raced against
 * branches.
 *
 * @example groupBoard([{ id: 'g', name: '一支部', kind: 'branch', members: 4 }], [{ groupId: 'g', score: 8 }])
 * // → [{ rank: 1, groupId: 'g', participants: 1, participation: 0.25, averageScore: 8, topAverage: 8, … }]
 */
export function groupBoard(
	groups: readonly BoardGroup[],
	entries: readonly { groupId: string; score: number }[],
	topN = DEFAULT_TOP_N
): GroupBoardRow[] {
	const scores = new Map<string, number[]>();
	for (const e of entries) {
		const list = scores.get(e.groupId);
		if (list) list.push(e.score);
		else scores.set(e.groupId, [e.score]);
	}
	const rows = groups.map((g): GroupBoardRow => {
		const s = (scores.get(g.id) ?? []).sort((a, b) => b - a);
		const top = s.slice(0, topN);
		return {
			rank: null,
			groupId: g.id,
			groupName: g.name,
			kind: g.kind,
			members: g.members,
			participants: s.length,
			participation: g.members ? Math.min(1, s.length / g.members) : 0,
			averageScore: average(s),
			topAverage: average(top),
			topN
		};
	});
	const better = (a: GroupBoardRow, b: GroupBoardRow) =>
		b.topAverage - a.topAverage ||
		b.participation - a.participation ||
		b.averageScore - a.averageScore;
	const branches = rows
		.filter((r) => r.kind === 'branch')
		.sort((a, b) => better(a, b) || a.groupName.localeCompare(b.groupName, 'zh-CN'));
	for (const [i, r] of branches.entries()) {
		const prev = branches[i - 1];
		r.rank = prev && better(prev, r) === 0 ? prev.rank : i + 1;
	}
	const classes = rows
		.filter((r) => r.kind === 'class')
		.sort((a, b) => a.groupName.localeCompare(b.groupName, 'zh-CN'));
	return [...branches, ...classes];
}

function average(values: readonly number[]): number {
	if (!values.length) return 0;
	return Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 100) / 100;
}
