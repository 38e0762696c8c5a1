/**
 * The 组织 page's leaderboard for the active profile: the board the server sends while online,
 * and the last one it sent for that member (kept on the device) while offline. Everything is
 * per member: a board or an error fetched for one profile never shows under another, whether the
 * profile was switched in another tab or a slow answer arrived after the switch.
 */
import { untrack } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import { online } from '$lib/state/online.svelte';
import type { Leaderboard } from '$lib/core/api-types';
import { callApi } from '$lib/client/api';
import { appDb } from '$lib/client/app-db';
import type { MemberRow } from '$lib/client/db';
import { activeMember } from '$lib/client/profiles';
import { LiveQuery } from './live-query.svelte';
import { profiles } from './profiles.svelte';

const cacheKey = (memberId: string) => `leaderboard:${memberId}`;

/** One fetch of one member's board, started when something first reads it. */
class BoardRequest {
	readonly memberId: string;
	#board = $state.raw<Leaderboard | null>(null);
	#error = $state<string | null>(null);
	#subscribe: () => void;

	constructor(member: MemberRow) {
		this.memberId = member.id;
		this.#subscribe = createSubscriber(() => {
			void this.#run(member);
		});
	}

	get board(): Leaderboard | null {
		this.#subscribe();
		return this.#board;
	}

	get error(): string | null {
		this.#subscribe();
		return this.#error;
	}

	async #run(member: MemberRow): Promise<void> {
		const result = await callApi<Leaderboard>('/api/leaderboard', { token: member.token });
		if (!result.ok) {
			this.#error = result.message;
			return;
		}
		// Kept for offline first (under this member's key, whatever is active by now), then shown:
		// a board on screen is also on the device. Shown first, a page left right after the board
		// appeared could take the write with it, and offline the board was gone.
		try {
			await appDb().settings.put({ key: cacheKey(member.id), value: result.data });
		} catch (e) {
			console.error('leaderboard not kept for offline', e);
		}
		this.#board = result.data;
		this.#error = null;
	}
}

export class GroupBoard {
	readonly member = $derived(profiles.active.current);
	/** The board last kept on this device for the active member, tagged with whose it is. */
	readonly #cached = new LiveQuery(async () => {
		const member = await activeMember(appDb());
		if (!member) return null;
		const row = await appDb().settings.get(cacheKey(member.id));
		return { memberId: member.id, board: (row?.value as Leaderboard | undefined) ?? null };
	}, null);
	readonly #memberId = $derived(this.member?.id ?? null);
	/**
	 * Made again when another profile becomes active or the connection returns; none while
	 * offline. Keyed by the id alone: the profile row read again (a write elsewhere in its table)
	 * must not fetch again.
	 */
	readonly #request = $derived.by(() => {
		const id = this.#memberId;
		if (id === null || online.current === false) return null;
		const member = untrack(() => this.member);
		return member ? new BoardRequest(member) : null;
	});

	/** The board to show: the server's fresh one, else the one kept for this member, else none. */
	get board(): Leaderboard | null {
		const member = this.member;
		if (!member) return null;
		const request = this.#request;
		const fresh = request?.memberId === member.id ? request.board : null;
		if (fresh) return fresh;
		const cached = this.#cached.current;
		return cached?.memberId === member.id ? cached.board : null;
	}

	/** Why the server's board could not be fetched (the API's own words). */
	get error(): string | null {
		const request = this.#request;
		return request && request.memberId === this.member?.id ? request.error : null;
	}

	get offline(): boolean {
		return online.current === false;
	}
}
