/**
 * What the 今日 and 打卡 screens show about today, read in one go: the day's check-ins by kind,
 * the streak and the day's card.
 */
import type { CheckinKind, Streak } from '$lib/core/checkin/streak';
import { checkinsOfDay, streakOf } from './checkin-store';
import type { CheckinRow, DayCardRow, MemberRow, PocketDb } from './db';
import { memberKeyOf } from './profiles';
import { todayFor } from './study-day';

export interface TodayStatus {
	day: string;
	memberKey: string;
	checkins: Partial<Record<CheckinKind, CheckinRow>>;
	streak: Streak;
	/** The day's 打卡 card, once the day has a check-in. */
	card: DayCardRow | undefined;
}

/** Everything the 今日 and 打卡 screens show about today, in one read. */
export async function todayStatus(
	db: PocketDb,
	member: MemberRow | undefined | null,
	now = Date.now()
): Promise<TodayStatus> {
	const memberKey = memberKeyOf(member?.id);
	const day = todayFor(member, now);
	const [checkins, streak, card] = await Promise.all([
		checkinsOfDay(db, memberKey, day),
		streakOf(db, member, now),
		db.dayCards.get([memberKey, day])
	]);
	return { day, memberKey, checkins, streak, card };
}
