/**
 * The contests kept on this device, newest first, each with where it stands (for 课堂 / 现场赛).
 */
import { appDb } from '$lib/client/app-db';
import { deleteContest, loadEvents, recentContests } from '$lib/client/stage-store';
import { setupOf } from '$lib/core/stage/contest';
import { foldStage } from '$lib/core/stage/fold';
import { LiveQuery } from './live-query.svelte';

export function recentStageContests() {
	return new LiveQuery(async () => {
		const db = appDb();
		const contests = await recentContests(db);
		return Promise.all(
			contests.map(async (contest) => {
				const state = foldStage(setupOf(contest), await loadEvents(db, contest.id));
				return { contest, finished: state.phase === 'finished', asked: state.used.length };
			})
		);
	}, []);
}

export function removeStageContest(id: string): Promise<void> {
	return deleteContest(appDb(), id);
}
