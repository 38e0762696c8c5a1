/**
 * 纠错 on the device: a member's report of a question goes into the outbox (record kind
 * 'question-report') the moment it is made, offline too, and uploads with everything else. The
 * number of members who reported the same question on the same bank version comes from the server
 * when online and is kept in settings, so 「已有 N 人反馈，核实中」 still shows offline.
 */
import type { ReportCounts } from '$lib/core/api-types';
import { uuidv7 } from '$lib/core/ids';
import type { QuestionReport } from '$lib/core/sync/question-report';
import type { ReportReason } from '$lib/core/sync/report-reasons';
import type { MemberRow, OutboxRow, PocketDb } from './db';
import { enqueue } from './outbox';

export interface ReportInput {
	bankId: string;
	bankVersion: string;
	questionId: string;
	reason: ReportReason;
	note: string;
}

/** A report this device holds (sent or not). */
export interface MyReport {
	id: string;
	questionId: string;
	bankVersion: string;
	status: OutboxRow['status'];
	/** The server's reason, when it refused the report. */
	lastError?: string;
}

/**
 * Store a report and queue it for upload, in one transaction. `memberId` is the active profile
 * (null before joining: the report waits, like a result, until a member claims it).
 */
export async function reportQuestion(
	db: PocketDb,
	memberId: string | null,
	input: ReportInput,
	now: number = Date.now()
): Promise<QuestionReport> {
	const report: QuestionReport = {
		id: uuidv7(now, crypto.getRandomValues(new Uint8Array(10))),
		...input,
		note: input.note.trim(),
		reportedAt: now
	};
	await db.transaction('rw', db.outbox, () =>
		enqueue(
			db,
			{
				id: report.id,
				kind: 'question-report',
				payload: report,
				memberId,
				label: `纠错 ${input.questionId}`
			},
			now
		)
	);
	return report;
}

/** The reports of one player on one bank, oldest first. */
export async function myReports(
	db: PocketDb,
	memberId: string | null,
	bankId: string
): Promise<MyReport[]> {
	const rows = await db.outbox
		.filter((r) => r.kind === 'question-report' && r.memberId === memberId)
		.sortBy('createdAt');
	return rows.flatMap((r) =>
		r.kind === 'question-report' && r.payload.bankId === bankId
			? [
					{
						id: r.id,
						questionId: r.payload.questionId,
						bankVersion: r.payload.bankVersion,
						status: r.status,
						...(r.lastError ? { lastError: r.lastError } : {})
					}
				]
			: []
	);
}

const countsKey = (memberId: string, bankId: string, version: string) =>
	`report-counts:${memberId}:${bankId}@${version}`;

/** The counts last read from the server for this member and bank version (empty if never). */
export async function storedReportCounts(
	db: PocketDb,
	memberId: string,
	bankId: string,
	version: string
): Promise<Record<string, number>> {
	const value = (await db.settings.get(countsKey(memberId, bankId, version)))?.value;
	return value && typeof value === 'object' ? (value as Record<string, number>) : {};
}

/**
 * Ask the server how many members reported each question this member reported on a bank
 * version, and keep the answer. Returns null when the server could not be reached or refused.
 */
export async function refreshReportCounts(
	db: PocketDb,
	member: MemberRow,
	bankId: string,
	version: string,
	fetchFn: typeof fetch = fetch
): Promise<Record<string, number> | null> {
	let body: ReportCounts;
	try {
		const response = await fetchFn(
			`/api/question-reports?${new URLSearchParams({ bankId, version })}`,
			{
				headers: { authorization: `Bearer ${member.token}` },
				signal: AbortSignal.timeout(15_000)
			}
		);
		if (!response.ok) return null;
		body = (await response.json()) as ReportCounts;
	} catch {
		return null;
	}
	const counts: Record<string, number> = {};
	for (const [id, n] of Object.entries(body.counts ?? {})) {
		if (typeof n === 'number' && Number.isInteger(n) && n > 0) counts[id] = n;
	}
	await db.settings.put({ key: countsKey(member.id, bankId, version), value: counts });
	return counts;
}
