/**
 * Check-ins the member makes on the 打卡 pages (讲坛 code, the day's card read, a chapter noted):
 * each is written to IndexedDB at once, offline too, and then offered for upload.
 */
import { appDb } from '$lib/client/app-db';
import type { MemberRow } from '$lib/client/db';
import { recordCheckin, type RecordedCheckin } from '$lib/client/day-card-store';
import { recordReading, type ReadingInput } from '$lib/client/reading-log-store';
import { uploadService } from './upload-service.svelte';

export { READING_LIMITS } from '$lib/client/reading-log-store';

/** 讲坛: the code read out at the lecture, confirmed by the server when the device is online. */
export async function checkInLecture(
	member: MemberRow | null,
	code: string
): Promise<RecordedCheckin> {
	const recorded = await recordCheckin(appDb(), member, { kind: 'jiang', code });
	void uploadService.flush();
	return recorded;
}

/** 悦读: the day's knowledge card was read to its end. */
export async function checkInCardRead(member: MemberRow | null): Promise<RecordedCheckin> {
	const recorded = await recordCheckin(appDb(), member, { kind: 'yue' });
	void uploadService.flush();
	return recorded;
}

/** 悦读: a chapter of a book read (kept on the device), which is also the day's check-in. */
export async function checkInReading(
	member: MemberRow | null,
	input: ReadingInput
): Promise<RecordedCheckin> {
	const recorded = await recordReading(appDb(), member, input);
	void uploadService.flush();
	return recorded;
}
