/**
 * 打卡 on the device: check-ins are written the moment they happen (offline too), counted in the
 * streak at once, uploaded by the uploader, and merged with the server's set from other devices.
 * The table is keyed like the server's set, (member, day, kind), so recording twice, a resend or
 * a merge can never count a day twice.
 */
import type { CardContent } from '$lib/core/checkin/card-layout';
import type { CheckinUpload } from '$lib/core/sync/checkin';
import type { CheckinResult } from '$lib/core/sync/envelope';
import { checkinUploadKey } from '$lib/core/sync/build';
import { computeStreak, type CheckinKind, type Streak } from '$lib/core/checkin/streak';
import { dayNumber, studyDay } from '$lib/core/calendar/study-day';
import { cardOfDay, dayOptionsOf, todayFor } from './daily-menu';
import type { CheckinRow, DayCardRow, MemberRow, PocketDb } from './db';
import { memberKeyOf } from './review-due';

/** Uploads carry at most this many characters of a lecture code (codes are 8 characters). */
const CODE_MAX = 16;

export interface CheckinInput {
	kind: CheckinKind;
	/** 讲坛: the code read out at the session. */
	code?: string;
}

export interface RecordedCheckin {
	row: CheckinRow;
	/** False when this day already had this kind of check-in (nothing changed). */
	created: boolean;
	/** The day's 打卡 card, created with the day's first check-in. */
	card: DayCardRow | null;
	/** The streak after this check-in. */
	streak: Streak;
}

/**
 * Whether a check-in of this member may go to the server: only a joined member's, and only for
 * days from the day they joined (the server refuses earlier days; they still count here).
 */
function uploadStatus(member: MemberRow | undefined | null, day: string): CheckinRow['status'] {
	if (!member) return 'local';
	const joined = studyDay(member.joinedAt, dayOptionsOf(member));
	return dayNumber(day) < dayNumber(joined) ? 'local' : 'pending';
}

/** The days a player has studied on as far as this device knows (refused check-ins do not count). */
export async function studiedDaysOf(db: PocketDb, memberKey: string): Promise<string[]> {
	const rows = await db.checkins
		.where('[memberKey+day+kind]')
		.between([memberKey, '', ''], [memberKey, '\uffff', '\uffff'])
		.toArray();
	return rows.filter((r) => r.status !== 'rejected').map((r) => r.day);
}

/** The player's streak today, from this device's check-ins merged with the server's. */
export async function streakOf(
	db: PocketDb,
	member: MemberRow | undefined | null,
	now = Date.now()
): Promise<Streak> {
	return computeStreak(await studiedDaysOf(db, memberKeyOf(member?.id)), todayFor(member, now));
}

/** Today's check-ins of a player, by kind. */
export async function checkinsOfDay(
	db: PocketDb,
	memberKey: string,
	day: string
): Promise<Partial<Record<CheckinKind, CheckinRow>>> {
	const rows = await db.checkins
		.where('[memberKey+day+kind]')
		.between([memberKey, day, ''], [memberKey, day, '\uffff'])
		.toArray();
	return Object.fromEntries(rows.map((r) => [r.kind, r]));
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
 * Write today's check-in row, unless the day already has this kind (a lecture check-in that was
 * refused may be made again with another code). Runs inside the caller's transaction when there
 * is one (it must include db.checkins), so a check-in can commit together with what earned it.
 */
export async function putCheckin(
	db: PocketDb,
	member: MemberRow | undefined | null,
	input: CheckinInput,
	now = Date.now()
): Promise<{ row: CheckinRow; created: boolean }> {
	const memberKey = memberKeyOf(member?.id);
	const day = todayFor(member, now);
	const code = input.code?.trim().slice(0, CODE_MAX);
	if (input.kind === 'jiang' && !code) throw new Error('请填写讲坛签到码');
	const fresh: CheckinRow = {
		memberKey,
		day,
		kind: input.kind,
		at: now,
		status: uploadStatus(member, day),
		...(input.kind === 'jiang' ? { code } : {})
	};
	return db.transaction('rw', db.checkins, async () => {
		const existing = await db.checkins.get([memberKey, day, input.kind]);
		if (existing && existing.status !== 'rejected') return { row: existing, created: false };
		await db.checkins.put(fresh);
		return { row: fresh, created: true };
	});
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

/** Check-ins waiting to be uploaded for a member, oldest first. */
export async function pendingCheckins(db: PocketDb, memberId: string): Promise<CheckinRow[]> {
	const rows = await db.checkins
		.where('[memberKey+status]')
		.equals([memberId, 'pending'])
		.toArray();
	return rows.sort((a, b) => a.at - b.at);
}

/** The upload form of a check-in row. */
export function checkinUpload(row: CheckinRow): CheckinUpload {
	return {
		day: row.day,
		kind: row.kind,
		at: row.at,
		...(row.code !== undefined ? { code: row.code } : {})
	};
}

/**
 * Apply the server's answers to a member's check-ins: accepted or duplicate → sent; rejected →
 * rejected with the reason (the member sees it and, for a lecture, may try another code).
 * An answer for a row that is no longer pending changes nothing.
 */
export async function applyCheckinResults(
	db: PocketDb,
	memberId: string,
	results: readonly CheckinResult[]
): Promise<{ sent: number; rejected: number }> {
	const counts = { sent: 0, rejected: 0 };
	await db.transaction('rw', db.checkins, async () => {
		for (const r of results) {
			const [day, kind] = r.key.split('/') as [string, CheckinKind];
			const row = await db.checkins.get([memberId, day, kind]);
			if (!row || row.status !== 'pending' || checkinUploadKey(row) !== r.key) continue;
			if (r.status === 'rejected') {
				counts.rejected += 1;
				await db.checkins.update([memberId, day, kind], {
					status: 'rejected',
					reason: r.reason ?? '服务器拒收'
				});
			} else {
				counts.sent += 1;
				await db.checkins.update([memberId, day, kind], { status: 'sent', reason: undefined });
			}
		}
	});
	return counts;
}

/**
 * Merge the server's set (check-ins from every device of the member) into this device's: a day
 * the server has becomes `sent` here, a day only the server had is added. Idempotent.
 */
export async function mergeServerCheckins(
	db: PocketDb,
	memberId: string,
	server: readonly { day: string; kind: CheckinKind }[],
	now = Date.now()
): Promise<number> {
	let added = 0;
	await db.transaction('rw', db.checkins, async () => {
		for (const s of server) {
			const row = await db.checkins.get([memberId, s.day, s.kind]);
			if (!row) {
				added += 1;
				await db.checkins.add({
					memberKey: memberId,
					day: s.day,
					kind: s.kind,
					at: now,
					status: 'sent'
				});
			} else if (row.status !== 'sent') {
				await db.checkins.update([memberId, s.day, s.kind], { status: 'sent', reason: undefined });
			}
		}
	});
	return added;
}

/**
 * Put the check-ins, cards and reading notes made before joining under the new member, in one
 * transaction. Days from the join day on are queued for upload; earlier ones stay on the device.
 */
export async function claimCheckins(db: PocketDb, member: MemberRow): Promise<number> {
	return db.transaction('rw', db.checkins, db.dayCards, db.readingLog, async () => {
		const rows = await db.checkins
			.where('[memberKey+day+kind]')
			.between(['', '', ''], ['', '\uffff', '\uffff'])
			.toArray();
		for (const row of rows) {
			const key: [string, string, string] = [member.id, row.day, row.kind];
			if (!(await db.checkins.get(key))) {
				await db.checkins.add({
					...row,
					memberKey: member.id,
					status: row.status === 'rejected' ? 'rejected' : uploadStatus(member, row.day)
				});
			}
			await db.checkins.delete(['', row.day, row.kind]);
		}
		const cards = await db.dayCards
			.where('[memberKey+day]')
			.between(['', ''], ['', '\uffff'])
			.toArray();
		for (const card of cards) {
			if (!(await db.dayCards.get([member.id, card.day]))) {
				await db.dayCards.add({
					...card,
					memberKey: member.id,
					content: { ...card.content, name: member.displayName, group: member.groupName }
				});
			}
			await db.dayCards.delete(['', card.day]);
		}
		await db.readingLog.where('[memberKey+day]').between(['', ''], ['', '\uffff']).modify({
			memberKey: member.id
		});
		return rows.length;
	});
}

export interface ReadingInput {
	book: string;
	chapter: string;
	note?: string;
}

/** Reading limits: a book title, a chapter name and a short note (悦读心得). */
export const READING_LIMITS = { book: 40, chapter: 40, note: 200 } as const;

/**
 * 悦读 by chapter: keep what was read (on the device only) and record the day's 悦读 check-in,
 * in that order, so a note is never lost to a failed check-in.
 */
export async function recordReading(
	db: PocketDb,
	member: MemberRow | undefined | null,
	input: ReadingInput,
	now = Date.now()
): Promise<RecordedCheckin> {
	const book = input.book.trim();
	const chapter = input.chapter.trim();
	const note = input.note?.trim();
	if (!book) throw new Error('请填写书名');
	if (!chapter) throw new Error('请填写读到的章节');
	if (book.length > READING_LIMITS.book) throw new Error(`书名最多 ${READING_LIMITS.book} 个字`);
	if (chapter.length > READING_LIMITS.chapter) {
		throw new Error(`章节最多 ${READING_LIMITS.chapter} 个字`);
	}
	if (note && note.length > READING_LIMITS.note) {
		throw new Error(`心得最多 ${READING_LIMITS.note} 个字`);
	}
	await db.readingLog.add({
		// Never leaves the device, so a random UUID will do (no ordering by id is needed).
		id: crypto.randomUUID(),
		memberKey: memberKeyOf(member?.id),
		day: todayFor(member, now),
		book,
		chapter,
		...(note ? { note } : {}),
		at: now
	});
	return recordCheckin(db, member, { kind: 'yue' }, now);
}

/** The reading log of a player, newest first. */
export async function readingsOf(db: PocketDb, memberKey: string) {
	const rows = await db.readingLog
		.where('[memberKey+day]')
		.between([memberKey, ''], [memberKey, '\uffff'])
		.toArray();
	return rows.sort((a, b) => b.at - a.at);
}

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
