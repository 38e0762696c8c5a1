/**
 * When the layout brings the active member's competitions up to date (知识竞赛: papers ahead of
 * the window, results and boards): when a member can play here, when another one takes over or
 * joins again, and when the connection comes back. Not when the member's row changes for other
 * reasons: the streak pull writes its time zone, and each such write asked the server again
 * beside the uploads it came with (issue #14's drain).
 */
import { online } from './online.svelte';
import { profiles } from './profiles.svelte';

/** Start watching; `refresh` loads and runs the refresh. Returns the way to stop. */
export function watchMemberCompetitions(refresh: () => void): () => void {
	return $effect.root(() => {
		// Who plays, with which token: a string, so an equal one re-runs nothing.
		const playing = $derived.by(() => {
			const member = profiles.active.current;
			return member && !member.needsRejoin ? `${member.id} ${member.token}` : null;
		});
		$effect(() => {
			if (!playing || online.current === false) return;
			refresh();
		});
	});
}
