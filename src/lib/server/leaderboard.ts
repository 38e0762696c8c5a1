/**
 * A group's leaderboard: the top and "you", never a list of who did not study.
 */
import type { Leaderboard, LeaderboardRow } from '$lib/core/api-types';
import type { Db } from './database';

export async function groupLeaderboard(
	db: Db,
	groupId: string,
	memberId: string | null,
	topN = 10
): Promise<Leaderboard> {
	const rows = await db
		.selectFrom('attempt')
		.innerJoin('member', 'member.id', 'attempt.member_id')
		.select((eb) => [
			'attempt.member_id',
			'member.display_name',
			eb.fn.sum<number>('attempt.correct').as('score'),
			eb.fn.sum<number>('attempt.total').as('answered'),
			eb.fn.count<number>('attempt.id').as('attempts')
		])
		.where('attempt.group_id', '=', groupId)
		.groupBy(['attempt.member_id', 'member.display_name'])
		.execute();
	const ranked = rows
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
		);
	// Equal scores share a rank (competition ranking: 1, 2, 2, 4).
	const withRank: LeaderboardRow[] = [];
	for (const [i, r] of ranked.entries()) {
		const prev = withRank[i - 1];
		const rank = prev && prev.score === r.score && prev.accuracy === r.accuracy ? prev.rank : i + 1;
		withRank.push({ rank, ...r });
	}
	return {
		groupId,
		top: withRank.slice(0, topN),
		you: withRank.find((r) => r.memberId === memberId) ?? null,
		members: withRank.length,
		updatedAt: Date.now()
	};
}
