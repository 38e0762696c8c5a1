/**
 * What the mode screens show from this device's records: how many 错题 of a bank are due (错题复习),
 * the bank's topics with their question counts (专项练习), and the best 挑战答题 run. Loaded with
 * the other modes' choices and the result screen, never with the practice page's first screen.
 */
import { appDb } from '$lib/client/app-db';
import { activeBankTags, bestChallengeRun } from '$lib/client/mode-records';
import { activeMember, memberKeyOf } from '$lib/client/profiles';
import { dueQuestionIds } from '$lib/client/review-due';
import { LiveQuery } from './live-query.svelte';

/** The number of the active player's 错题 of a bank that are due now. */
export function dueCount(bankId: () => string): LiveQuery<number> {
	return new LiveQuery(async () => {
		const db = appDb();
		const member = await activeMember(db);
		return (await dueQuestionIds(db, memberKeyOf(member?.id), bankId(), Date.now())).length;
	}, 0);
}

/** The topics (tags) of a bank's active version with their question counts; null until read. */
export function bankTopics(bankId: () => string): LiveQuery<[string, number][] | null> {
	return new LiveQuery(() => activeBankTags(appDb(), bankId()), null);
}

/**
 * The best 挑战答题 run on a bank of a player (or of whoever played before joining, for null),
 * the run just sealed included, so a new record shows at once.
 */
export function bestRun(of: () => { bankId: string; memberId: string | null }): LiveQuery<number> {
	return new LiveQuery(() => {
		const { bankId, memberId } = of();
		return bestChallengeRun(appDb(), bankId, memberId);
	}, 0);
}
