/**
 * Stage and classroom contests in the sync contract (record kind 'stage'): the server re-folds
 * each uploaded log with core/stage, checks its questions against the banks it has, and stores
 * the contest for the uploading member's group with the scores of its own fold, idempotently by
 * contest id. Also the group's list of stored contests, for 组织.
 */
import { checkStageRecord, type StageRecord } from '$lib/core/stage/record';
import type { ContestKind } from '$lib/core/stage/rules';
import type { StageContestListing, StageContestTeam } from '$lib/core/api-types';
import type { SyncItemResult } from '$lib/core/sync/envelope';
import { questionsOf, type BankRegistry } from './bank-registry';
import { inTransaction, type Db } from './database';
import type { IngestContext } from './ingest-context';

/** Why the contest's questions do not match the server's banks, or null when they do. */
function questionProblem(registry: BankRegistry, record: StageRecord): string | null {
	const seen = new Set<string>();
	for (const ref of record.questions) {
		const key = `${ref.bankId}/${ref.id}`;
		if (seen.has(key)) return `题目 ${ref.id} 出现了两次`;
		seen.add(key);
		const questions = questionsOf(registry, ref.bankId, ref.version);
		if (!questions) return `服务器没有题库 ${ref.bankId} v${ref.version}`;
		const question = questions.get(ref.id);
		if (!question) return `题库 ${ref.bankId} v${ref.version} 没有题目 ${ref.id}`;
		if (question.difficulty !== ref.difficulty) return `题目 ${ref.id} 的难度与题库不符`;
	}
	return null;
}

/**
 * The stage handler of the sync contract: check each contest (already shape-checked), then
 * insert the valid ones in one transaction. A resend answers `duplicate`; a contest id stored
 * by another member is refused.
 */
export async function ingestStageRecords(
	{ db, registry, member, now }: IngestContext,
	records: readonly StageRecord[]
): Promise<SyncItemResult[]> {
	const results: SyncItemResult[] = [];
	const valid: { record: StageRecord; teams: StageContestTeam[]; at: number }[] = [];
	for (const record of records) {
		const problem = questionProblem(registry, record);
		if (problem) {
			results.push({ id: record.id, status: 'rejected', reason: problem });
			continue;
		}
		const check = checkStageRecord(record);
		if (!check.ok) {
			results.push({ id: record.id, status: 'rejected', reason: check.reason });
			continue;
		}
		const teams = check.teams.map(({ team, ...line }) => ({
			name: record.teams[team]?.name ?? '',
			colour: record.teams[team]?.colour ?? 0,
			...line
		}));
		results.push({ id: record.id, status: 'accepted' });
		valid.push({ record, teams, at: results.length - 1 });
	}
	if (!valid.length) return results;

	await inTransaction(db, async (trx) => {
		for (const { record, teams, at } of valid) {
			const inserted = await trx
				.insertInto('stage_contest')
				.values({
					id: record.id,
					group_id: member.groupId,
					member_id: member.memberId,
					kind: record.kind,
					title: record.title,
					teams: JSON.stringify(teams),
					question_count: record.questions.length,
					device_started_at: record.startedAt,
					device_finished_at: record.finishedAt,
					received_at: now,
					payload: JSON.stringify(record)
				})
				.onConflict((oc) => oc.column('id').doNothing())
				.executeTakeFirst();
			if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) continue;
			const stored = await trx
				.selectFrom('stage_contest')
				.select(['member_id'])
				.where('id', '=', record.id)
				.executeTakeFirstOrThrow();
			results[at] =
				stored.member_id === member.memberId
					? { id: record.id, status: 'duplicate' }
					: { id: record.id, status: 'rejected', reason: '这场比赛的记录属于另一位成员' };
		}
	});
	return results;
}

/** A group's stored contests, newest first (at most `limit`). */
export async function groupStageContests(
	db: Db,
	groupId: string,
	limit = 20
): Promise<StageContestListing[]> {
	const rows = await db
		.selectFrom('stage_contest')
		.select(['id', 'kind', 'title', 'teams', 'question_count', 'device_finished_at', 'received_at'])
		.where('group_id', '=', groupId)
		.orderBy('device_finished_at', 'desc')
		.limit(Math.max(1, Math.min(100, limit)))
		.execute();
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind as ContestKind,
		title: r.title,
		teams: JSON.parse(r.teams) as StageContestTeam[],
		questionCount: Number(r.question_count),
		// A device clock set forward cannot date a contest after the server received it.
		finishedAt: Math.min(Number(r.device_finished_at), Number(r.received_at))
	}));
}
