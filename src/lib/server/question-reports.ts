/**
 * 纠错 on the server: the record handler that stores members' reports of a question (record kind
 * 'question-report'), the counts reporters see (「已有 N 人反馈，核实中」) and the admins' view of
 * reports per question. A report names a bank version the server has and a question in it;
 * it is stored once by the id the device made, so a resend answers `duplicate`.
 */
import type { ReportCounts, ReportedQuestion } from '$lib/core/api-types';
import type { SyncItemResult } from '$lib/core/sync/envelope';
import type { QuestionReport } from '$lib/core/sync/question-report';
import { REPORT_REASONS, type ReportReason } from '$lib/core/sync/report-reasons';
import type { AdminIdentity } from './accounts';
import { questionsOf, type BankRegistry } from './bank-registry';
import { inTransaction, type Db } from './database';
import { listGroups } from './groups';
import type { MemberIdentity } from './members';
import type { IngestContext } from './ingest-context';

/** The most reports one admin view lists (newest first); older ones are counted, not listed. */
export const MAX_LISTED_REPORTS = 5000;

/**
 * The record handler: check each report against the bank versions the server has, then insert
 * them idempotently by id in one transaction. A resend of a stored report answers `duplicate`;
 * an id another member already used is refused.
 */
export async function ingestQuestionReports(
	{ db, registry, member, now }: IngestContext,
	reports: readonly QuestionReport[]
): Promise<SyncItemResult[]> {
	const results: SyncItemResult[] = [];
	const valid: { report: QuestionReport; at: number }[] = [];
	for (const report of reports) {
		const questions = questionsOf(registry, report.bankId, report.bankVersion);
		if (!questions) {
			results.push({
				id: report.id,
				status: 'rejected',
				reason: `服务器没有题库 ${report.bankId} v${report.bankVersion}`
			});
		} else if (!questions.has(report.questionId)) {
			results.push({
				id: report.id,
				status: 'rejected',
				reason: `题库 ${report.bankId} v${report.bankVersion} 中没有题目 ${report.questionId}`
			});
		} else {
			results.push({ id: report.id, status: 'accepted' });
			valid.push({ report, at: results.length - 1 });
		}
	}
	if (!valid.length) return results;
	await inTransaction(db, async (trx) => {
		for (const { report, at } of valid) {
			const inserted = await trx
				.insertInto('question_report')
				.values({
					id: report.id,
					member_id: member.memberId,
					group_id: member.groupId,
					bank_id: report.bankId,
					bank_version: report.bankVersion,
					question_id: report.questionId,
					reason: report.reason,
					note: report.note.trim(),
					device_at: report.reportedAt,
					received_at: now
				})
				.onConflict((oc) => oc.column('id').doNothing())
				.executeTakeFirst();
			if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) continue;
			const stored = await trx
				.selectFrom('question_report')
				.select('member_id')
				.where('id', '=', report.id)
				.executeTakeFirstOrThrow();
			results[at] =
				stored.member_id === member.memberId
					? { id: report.id, status: 'duplicate' }
					: { id: report.id, status: 'rejected', reason: '这条反馈属于另一位成员' };
		}
	});
	return results;
}

/**
 * For each question this member reported on one bank version: how many different members have
 * reported it on that version (what 「已有 N 人反馈，核实中」 shows them).
 */
export async function reportCountsFor(
	db: Db,
	member: MemberIdentity,
	bankId: string,
	version: string
): Promise<ReportCounts> {
	const rows = await db
		.selectFrom('question_report')
		.select((eb) => ['question_id', eb.fn.count<number>('member_id').distinct().as('reporters')])
		.where('bank_id', '=', bankId)
		.where('bank_version', '=', version)
		.where('question_id', 'in', (eb) =>
			eb
				.selectFrom('question_report')
				.select('question_id')
				.where('member_id', '=', member.memberId)
				.where('bank_id', '=', bankId)
				.where('bank_version', '=', version)
		)
		.groupBy('question_id')
		.execute();
	return {
		bankId,
		version,
		counts: Object.fromEntries(rows.map((r) => [r.question_id, Number(r.reporters)]))
	};
}

const isReason = (r: string): r is ReportReason =>
	(REPORT_REASONS as readonly string[]).includes(r);

/**
 * The reports an admin may see (members of their groups), per question and bank version: how
 * many members reported it, and every note, newest first. Questions with the most reporters
 * come first.
 */
export async function reportedQuestions(
	db: Db,
	admin: AdminIdentity,
	registry: BankRegistry,
	titles: ReadonlyMap<string, string>
): Promise<ReportedQuestion[]> {
	const groups = await listGroups(db, admin);
	if (!groups.length) return [];
	const names = new Map(groups.map((g) => [g.id, g.name]));
	const rows = await db
		.selectFrom('question_report')
		.select([
			'member_id',
			'group_id',
			'bank_id',
			'bank_version',
			'question_id',
			'reason',
			'note',
			'received_at'
		])
		.where('group_id', 'in', [...names.keys()])
		.orderBy('received_at', 'desc')
		.orderBy('id')
		.limit(MAX_LISTED_REPORTS)
		.execute();
	const byQuestion = new Map<string, ReportedQuestion>();
	const membersOf = new Map<string, Set<string>>();
	for (const r of rows) {
		const key = `${r.bank_id}\n${r.question_id}\n${r.bank_version}`;
		let entry = byQuestion.get(key);
		if (!entry) {
			const question = questionsOf(registry, r.bank_id, r.bank_version)?.get(r.question_id);
			entry = {
				bankId: r.bank_id,
				bankTitle: titles.get(r.bank_id) ?? r.bank_id,
				questionId: r.question_id,
				bankVersion: r.bank_version,
				stem: question?.stem ?? null,
				reporters: 0,
				reports: []
			};
			byQuestion.set(key, entry);
		}
		const members = membersOf.get(key) ?? new Set<string>();
		members.add(r.member_id);
		membersOf.set(key, members);
		entry.reporters = members.size;
		entry.reports.push({
			reason: isReason(r.reason) ? r.reason : 'other',
			note: r.note,
			groupName: names.get(r.group_id) ?? '',
			receivedAt: Number(r.received_at)
		});
	}
	return [...byQuestion.values()].sort(
		(a, b) =>
			b.reporters - a.reporters ||
			(b.reports[0]?.receivedAt ?? 0) - (a.reports[0]?.receivedAt ?? 0) ||
			a.questionId.localeCompare(b.questionId)
	);
}
