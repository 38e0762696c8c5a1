/**
 * The member profiles on this device and the active one, for every screen that shows them.
 */
import { appDb } from '$lib/client/app-db';
import { activeMember, switchMember } from '$lib/client/profiles';
import { LiveQuery } from './live-query.svelte';

export const profiles = {
	all: new LiveQuery(
		async () => (await appDb().members.toArray()).sort((a, b) => a.joinedAt - b.joinedAt),
		[]
	),
	active: new LiveQuery(async () => (await activeMember(appDb())) ?? null, null),
	/** Make another profile of a shared tablet the active one (every screen follows). */
	switchTo: (memberId: string | null): Promise<void> => switchMember(appDb(), memberId)
};
