/**
 * The day's 打卡 card: made with the day's first check-in from the day's card, the streak, the
 * name and the group, then kept as it was made (the gallery shows past days as they were).
 */
import type { CardContent } from '$lib/core/checkin/card-layout';
import type { Streak } from '$lib/core/checkin/streak';
import { putCheckin, streakOf, type CheckinInput } from './checkin-store';
import { cardOfDay } from './daily-menu';
import type { CheckinRow, DayCardRow, MemberRow, PocketDb } from './db';
import { memberKeyOf } from './profiles';
import { todayFor } from './study-day';

export interface RecordedCheckin {
	row: CheckinRow;
	/** False when this day already had this kind of check-in (nothing changed). */
	created: boolean;
	/** The day's 打卡 card, created with the day's first check-in. */
	card: DayCardRow | null;
	/** The streak after this check-in. */
	streak: Streak;
}

async function cardContentFor(
	db: PocketDb,
	member: MemberRow | undefined | null,
	day: string,
	streak: number
): Promise<CardContent> {
	const card = await cardOfDay(db, member, day);
	return {
		day,
		streak,
		title: card?.title ?? '学党史 · 悟思想',
		...(card ? { excerpt: card.body } : {}),
		name: member?.displayName ?? '口袋课堂学员',
		...(member ? { group: member.groupName } : {})
	};
}

/**
 * The day's 打卡 card, made the first time it is asked for after a check-in: the day's card
 * title and text, the streak, name and group. Null when the day has no check-in yet.
 */
export async function ensureDayCard(
	db: PocketDb,
	member: MemberRow | undefined | null,
	now = Date.now()
): Promise<{ card: DayCardRow | null; created: boolean; streak: Streak }> {
	const memberKey = memberKeyOf(member?.id);
	const day = todayFor(member, now);
	const streak = await streakOf(db, member, now);
	const existing = await db.dayCards.get([memberKey, day]);
	if (existing || !streak.todayDone) return { card: existing ?? null, created: false, streak };
	const content = await cardContentFor(db, member, day, streak.current);
	const made: DayCardRow = { memberKey, day, content, createdAt: now };
	// Another tab may have made the day's card meanwhile: the first one stays.
	return db.transaction('rw', db.dayCards, async () => {
		const other = await db.dayCards.get([memberKey, day]);
		if (other) return { card: other, created: false, streak };
		await db.dayCards.add(made);
		return { card: made, created: true, streak };
	});
}

/** Record a check-in for today and make the day's card with the first one. */
export async function recordCheckin(
	db: PocketDb,
	member: MemberRow | undefined | null,
	input: CheckinInput,
	now = Date.now()
): Promise<RecordedCheckin> {
	const { row, created } = await putCheckin(db, member, input, now);
	const day = await ensureDayCard(db, member, now);
	return { row, created, card: day.created ? day.card : null, streak: day.streak };
}

/** The cards of past days, newest first (the gallery). */
export async function dayCardsOf(db: PocketDb, memberKey: string): Promise<DayCardRow[]> {
	const rows = await db.dayCards
		.where('[memberKey+day]')
		.between([memberKey, ''], [memberKey, '\uffff'])
		.toArray();
	return rows.reverse();
}
