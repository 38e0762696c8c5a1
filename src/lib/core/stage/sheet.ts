/**
 * The score sheet (记分表) and the result: per-team totals and the standings, read from a folded
 * state's entries, so the printed sheet always agrees with the scores on the screen.
 */
import type { StageEvent } from './events';
import { ranksOf, type StageState } from './fold';

export interface TeamSummary {
	team: number;
	score: number;
	rank: number;
	right: number;
	wrong: number;
	fouls: number;
	/** Sum of 评委调整. */
	adjusted: number;
}

/**
 * Each team's totals and rank, in seat order.
 *
 * @example summarize(state)[0] // → { team: 0, score: 130, rank: 1, right: 3, wrong: 0, fouls: 1, adjusted: 0 }
 */
export function summarize(state: StageState): TeamSummary[] {
	const ranks = ranksOf(state.scores);
	const rows = state.scores.map((score, team) => ({
		team,
		score,
		rank: ranks[team] ?? 1,
		right: 0,
		wrong: 0,
		fouls: 0,
		adjusted: 0
	}));
	for (const entry of state.entries) {
		if (entry.kind === 'adjust') {
			const row = rows[entry.team];
			if (row) row.adjusted += entry.delta;
			continue;
		}
		for (const foul of entry.fouls) {
			const row = rows[foul.team];
			if (row) row.fouls++;
		}
		const row = entry.team === null ? undefined : rows[entry.team];
		if (row && entry.result === 'right') row.right++;
		if (row && entry.result === 'wrong') row.wrong++;
	}
	return rows;
}

/**
 * Teams in standing order: by rank, then seat. Ties keep the same rank.
 *
 * @example standings(state).map((s) => s.team) // → [2, 0, 1]
 */
export function standings(state: StageState): TeamSummary[] {
	return summarize(state).sort((a, b) => a.rank - b.rank || a.team - b.team);
}

/** A few words for each event, for 「已撤销：…」 and the audit list. */
export function eventLabel(event: StageEvent, teamName: (team: number) => string): string {
	switch (event.type) {
		case 'next':
			return '下一步';
		case 'cue':
			return '请抢答';
		case 'buzz':
			return `${teamName(event.team)} 抢答`;
		case 'pick':
			return event.tier === null ? '放弃答题' : '选择分值';
		case 'judge':
			return event.right ? '判定答对' : '判定答错';
		case 'reveal':
			return '公布答案';
		case 'adjust':
			return `评委调整 ${teamName(event.team)} ${event.delta > 0 ? '+' : ''}${event.delta}（${event.reason}）`;
		case 'timer':
			return event.running ? '继续计时' : '暂停计时';
		case 'finish':
			return '结束比赛';
	}
}
