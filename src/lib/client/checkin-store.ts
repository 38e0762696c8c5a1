/**
 * 打卡 on the device: check-ins are written the moment they happen (offline too), counted in the
 * streak at once, uploaded by the uploader, and merged with the server's set from other devices.
 * The table is keyed like the server's set, (member, day, kind), so recording twice, a resend or
 * a merge can never count a day twice. The day's card is in day-card-store.ts, the reading log in
 * reading-log-store.ts, and what 今日 and 打卡 show in today-status.ts.
 */
import type { CheckinUpload } from '$lib/core/sync/checkin';
import type { CheckinResult } from '$lib/core/sync/envelope';
import { checkinUploadKey } from '$lib/core/sync/build';
import { computeStreak, type CheckinKind, type Streak } from '$lib/core/checkin/streak';
import { dayNumber, studyDay } from '$lib/core/calendar/study-day';
import type { CheckinRow, MemberRow, PocketDb } from './db';
import { memberKeyOf } from './profiles';
import { dayOptionsOf, todayFor } from './study-day';

/** Uploads carry at most this many characters of a lecture code (codes are 8 characters). */
const CODE_MAX = 16;

export interface CheckinInput {
	kind: CheckinKind;
	/** 讲坛: the code read out at the session. */
	code?: string;
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
	// Keys only (the day is in the key): 今日 opens without reading years of check-in rows; the
	// few refused ones are found through their own index.
	const [keys, refused] = await Promise.all([
		db.checkins
			.where('[memberKey+day+kind]')
			.between([memberKey, '', ''], [memberKey, '\uffff', '\uffff'])
			.primaryKeys(),
		db.checkins.where('[memberKey+status]').equals([memberKey, 'rejected']).primaryKeys()
	]);
	const skip = new Set(refused.map(([, day, kind]) => `${day}\n${kind}`));
	return keys.filter(([, day, kind]) => !skip.has(`${day}\n${kind}`)).map(([, day]) => day);
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
