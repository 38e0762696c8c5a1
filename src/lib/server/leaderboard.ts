/**
 * A group's leaderboard: the top and "you", never a list of who did not study. School classes
 * get none: their pupils are shown the class together, never a ranking of each other.
 */
import type { Leaderboard, LeaderboardRow, PointsBoard, PointsRow } from '$lib/core/api-types';
import type { Db } from './database';

/** Competition ranking (1, 2, 2, 4) over rows already sorted best first. */
function ranked<T>(rows: T[], same: (a: T, b: T) => boolean): (T & { rank: number })[] {
	const out: (T & { rank: number })[] = [];
	for (const [i, r] of rows.entries()) {
		const prev = out[i - 1];
		out.push({ ...r, rank: prev && same(prev, r) ? prev.rank : i + 1 });
	}
	return out;
}

/**
 * The group's board. `individual: false` (what a class member gets) leaves out every row and
 * ranking and keeps only how many take part; the admin view of a class passes true.
 */
export async function groupLeaderboard(
	db: Db,
	groupId: string,
	memberId: string | null,
	topN = 10,
	options: { individual?: boolean } = {}
): Promise<Leaderboard> {
	const individual = options.individual ?? true;
	const rows = await db
		.selectFrom('attempt')
		.innerJoin('member', 'member.id', 'attempt.member_id')
		// Removed members (a leaked code's fake joins) leave the boards; their rows stay stored.
		.where('member.removed_at', 'is', null)
		.select((eb) => [
			'attempt.member_id',
			'member.display_name',
			eb.fn.sum<number>('attempt.correct').as('score'),
			eb.fn.sum<number>('attempt.total').as('answered'),
			eb.fn.count<number>('attempt.id').as('attempts')
		])
		.where('attempt.group_id', '=', groupId)
		// Only what the daily cap lets count (ingest.ts, RANKED_ATTEMPTS_PER_DAY).
		.where('attempt.ranked', '=', 1)
		.groupBy(['attempt.member_id', 'member.display_name'])
		.execute();
	const updatedAt = Date.now();
	if (!individual) {
		return {
			groupId,
			individual,
			top: [],
			you: null,
			members: rows.length,
			timed: null,
			updatedAt
		};
	}
	const withRank: LeaderboardRow[] = ranked(
		rows
			.map((r) => ({
				memberId: r.member_id,
				displayName: r.display_name,
				score: Number(r.score),
				attempts: Number(r.attempts),
				accuracy: Number(r.answered) ? Number(r.score) / Number(r.answered) : 0
			}))
			.sort(
				(a, b) =>
					b.score - a.score || b.accuracy - a.accuracy || a.displayName.localeCompare(b.displayName)
			),
		(a, b) => a.score === b.score && a.accuracy === b.accuracy
	);
	return {
		groupId,
		individual,
		top: withRank.slice(0, topN),
		you: withRank.find((r) => r.memberId === memberId) ?? null,
		members: withRank.length,
		timed: await timedBoard(db, groupId, memberId, topN),
		updatedAt
	};
}

/** 限时赛: each player's best round by server-scored points; only players appear. */
async function timedBoard(
	db: Db,
	groupId: string,
	memberId: string | null,
	topN: number
): Promise<PointsBoard | null> {
	const rows = await db
		.selectFrom('attempt')
		.innerJoin('member', 'member.id', 'attempt.member_id')
		// Removed members (a leaked code's fake joins) leave the boards; their rows stay stored.
		.where('member.removed_at', 'is', null)
		.select((eb) => [
			'attempt.member_id',
			'member.display_name',
			eb.fn.max<number>('attempt.points').as('best'),
			eb.fn.count<number>('attempt.id').as('rounds')
		])
		.where('attempt.group_id', '=', groupId)
		.where('attempt.mode', '=', 'timed')
		.where('attempt.points', 'is not', null)
		.where('attempt.ranked', '=', 1)
		.groupBy(['attempt.member_id', 'member.display_name'])
		.execute();
	if (!rows.length) return null;
	const all: PointsRow[] = ranked(
		rows
			.map((r) => ({
				memberId: r.member_id,
				displayName: r.display_name,
				points: Number(r.best),
				rounds: Number(r.rounds)
			}))
			.sort((a, b) => b.points - a.points || a.displayName.localeCompare(b.displayName)),
		(a, b) => a.points === b.points
	);
	return {
		top: all.slice(0, topN),
		you: all.find((r) => r.memberId === memberId) ?? null,
		players: all.length
	};
}

/** What a member sees of their own group: a branch's boards, or a class without rankings. */
export async function memberLeaderboard(
	db: Db,
	member: { groupId: string; memberId: string }
): Promise<Leaderboard> {
	const group = await db
		.selectFrom('study_group')
		.select('kind')
		.where('id', '=', member.groupId)
		.executeTakeFirstOrThrow();
	return groupLeaderboard(db, member.groupId, member.memberId, 10, {
		individual: group.kind !== 'class'
	});
}
