import type { Leaderboard } from '../../src/lib/core/api-types';
import type { MemberRow } from '../../src/lib/client/db';

/** A joined member of a branch, as the device keeps it. */
export function memberRow(id: string, name: string, change: Partial<MemberRow> = {}): MemberRow {
	return {
		id,
		displayName: name,
		groupId: `group-of-${id}`,
		groupName: `${name}的支部`,
		groupKind: 'branch',
		token: `token-${id}`,
		needsRejoin: false,
		joinedAt: 1_700_000_000_000,
		...change
	};
}

/** A leaderboard with one row: the member, at a score that tells boards apart. */
export function boardOf(member: MemberRow, score: number): Leaderboard {
	const row = {
		rank: 1,
		memberId: member.id,
		displayName: member.displayName,
		score,
		attempts: 1,
		accuracy: 1
	};
	return {
		groupId: member.groupId,
		individual: true,
		top: [row],
		you: row,
		members: 1,
		timed: null,
		updatedAt: 1_700_000_000_000
	};
}

/** A promise with its resolve, for answers that arrive when the test says. */
export function deferred<T>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

/** The browser going on or off line, as the tests' environment lets a test say it. */
export function setOnline(onLine: boolean) {
	(navigator as { onLine: boolean }).onLine = onLine;
	window.dispatchEvent(new Event(onLine ? 'online' : 'offline'));
}
