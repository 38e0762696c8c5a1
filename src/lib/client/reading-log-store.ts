/**
 * 悦读 by chapter: what a player read (book, chapter, an optional note), kept on the device only;
 * each entry also records the day's 悦读 check-in.
 */
import { recordCheckin, type RecordedCheckin } from './day-card-store';
import type { MemberRow, PocketDb } from './db';
import { memberKeyOf } from './profiles';
import { todayFor } from './study-day';

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
