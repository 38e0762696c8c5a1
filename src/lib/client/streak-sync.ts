/**
 * The other half of check-in sync: fetch the member's set from the server (GET /api/streak,
 * the union of every device's uploads) and merge it here, so a streak kept on two phones shows
 * the same count on both. Also learns the org's time zone and day start hour.
 */
import { type CheckinKind, CHECKIN_KINDS } from '$lib/core/checkin/streak';
import { isDay } from '$lib/core/calendar/study-day';
import { mergeServerCheckins } from './checkin-store';
import { ensureDayCard } from './day-card-store';
import type { MemberRow, PocketDb } from './db';

/** Pull at most this often per member, unless asked to. */
export const STREAK_PULL_EVERY_MS = 10 * 60 * 1000;
const pulledKey = (memberId: string) => `streakPulledAt:${memberId}`;

interface ServerStreak {
	timeZone: string;
	startHour: number;
	checkins: { day: string; kind: CheckinKind }[];
}

/** Read the server's answer defensively: anything unexpected is ignored, never half-merged. */
export function parseServerStreak(input: unknown): ServerStreak | null {
	if (typeof input !== 'object' || input === null) return null;
	const { timeZone, startHour, checkins } = input as Record<string, unknown>;
	if (typeof timeZone !== 'string' || !Number.isInteger(startHour) || !Array.isArray(checkins)) {
		return null;
	}
	const out: ServerStreak['checkins'] = [];
	for (const c of checkins) {
		const { day, kind } = (c ?? {}) as Record<string, unknown>;
		if (typeof day !== 'string' || !isDay(day)) return null;
		if (!(CHECKIN_KINDS as readonly unknown[]).includes(kind)) return null;
		out.push({ day, kind: kind as CheckinKind });
	}
	return { timeZone, startHour: startHour as number, checkins: out };
}

export type PullOutcome = 'merged' | 'skipped' | 'failed' | 'unauthorized';

/** Fetch and merge one member's set. A refused token marks the profile as needing to rejoin. */
export async function pullServerStreak(
	db: PocketDb,
	member: MemberRow,
	fetchFn: typeof fetch,
	now = Date.now()
): Promise<PullOutcome> {
	let response: Response;
	try {
		response = await fetchFn('/api/streak', {
			headers: { authorization: `Bearer ${member.token}` },
			signal: AbortSignal.timeout(15_000)
		});
	} catch {
		return 'failed';
	}
	if (response.status === 401) {
		await db.members.update(member.id, { needsRejoin: true });
		return 'unauthorized';
	}
	const body = response.ok ? parseServerStreak(await response.json().catch(() => null)) : null;
	if (!body) return 'failed';
	const added = await mergeServerCheckins(db, member.id, body.checkins, now);
	await db.members.update(member.id, { timeZone: body.timeZone, startHour: body.startHour });
	// Today studied on another phone: this one gets the day's card too (made only when today has
	// a check-in and no card yet), as every other way a check-in arrives makes it.
	if (added) {
		const clock = { timeZone: body.timeZone, startHour: body.startHour };
		await ensureDayCard(db, { ...member, ...clock }, now);
	}
	await db.settings.put({ key: pulledKey(member.id), value: now });
	return 'merged';
}

/** Pull every joined profile's set that was not pulled recently (or all of them when forced). */
export async function pullServerStreaks(
	db: PocketDb,
	fetchFn: typeof fetch,
	options: { force?: boolean; now?: number } = {}
): Promise<PullOutcome[]> {
	const now = options.now ?? Date.now();
	const out: PullOutcome[] = [];
	for (const member of await db.members.toArray()) {
		if (member.needsRejoin) continue;
		const last = (await db.settings.get(pulledKey(member.id)))?.value;
		if (!options.force && typeof last === 'number' && now - last < STREAK_PULL_EVERY_MS) {
			out.push('skipped');
			continue;
		}
		out.push(await pullServerStreak(db, member, fetchFn, now));
	}
	return out;
}
