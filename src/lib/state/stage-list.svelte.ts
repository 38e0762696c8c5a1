/**
 * The contests kept on this device, newest first, each with where it stands (for 课堂 / 现场赛).
 */
import type { StageContestList } from '$lib/core/api-types';
import { callApi } from '$lib/client/api';
import { appDb } from '$lib/client/app-db';
import type { MemberRow } from '$lib/client/db';
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

/**
 * The group's contests the server stored (组织): fetched when online for the given member and
 * kept on the device for offline, like the group's boards.
 */
export class GroupStageContests {
	#list = $state.raw<StageContestList | null>(null);

	constructor(member: MemberRow) {
		const key = `stage-contests:${member.id}`;
		void appDb()
			.settings.get(key)
			.then((cached) => {
				if (cached && !this.#list) this.#list = cached.value as StageContestList;
			});
		if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
		void callApi<StageContestList>('/api/stage-contests', { token: member.token }).then(
			async (result) => {
				if (!result.ok) return;
				this.#list = result.data;
				await appDb().settings.put({ key, value: result.data });
			}
		);
	}

	get contests(): StageContestList['contests'] {
		return this.#list?.contests ?? [];
	}
}
