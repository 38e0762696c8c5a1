/**
 * Stage and classroom contests on the device. A contest's setup is one row; its play is an
 * append-only event log, one row per event, written the moment the host acts, so a crash or a
 * reload resumes exactly (the screen is a fold of the log). Undo removes the last row.
 */
import type { Question } from '$lib/core/bank/schema';
import type { StageContest, StageQuestion } from '$lib/core/stage/contest';
import { stageQuestionOf } from '$lib/core/stage/contest';
import { MAX_EVENTS, type StageEvent } from '$lib/core/stage/events';
import { buildStageRecord } from '$lib/core/stage/record';
import type { PocketDb, StageContestRow } from './db';
import { questionsOf } from './attempt-store';
import { enqueue } from './outbox';

/** Another window wrote this place of the log first: re-read the log and decide again. */
export class StageLogConflict extends Error {
	constructor(contestId: string, seq: number) {
		super(`event ${seq} of contest ${contestId} was already written`);
		this.name = 'StageLogConflict';
	}
}

export async function saveContest(db: PocketDb, contest: StageContest): Promise<void> {
	await db.stageContests.put({ ...contest, updatedAt: contest.createdAt });
}

export async function loadContest(db: PocketDb, id: string): Promise<StageContestRow | undefined> {
	return db.stageContests.get(id);
}

/** The contest's log in order. */
export async function loadEvents(db: PocketDb, contestId: string): Promise<StageEvent[]> {
	const rows = await db.stageEvents
		.where('[contestId+seq]')
		.between([contestId, 0], [contestId, Infinity])
		.toArray();
	return rows.map((r) => r.event);
}

/**
 * Write event number `seq` (0-based) of a contest. It must be exactly the next one: if another
 * window already wrote that place, or the log is shorter, StageLogConflict is thrown and nothing
 * is written. When the event finishes a contest that goes to a group, its record is queued for
 * upload in the same transaction.
 */
export async function appendEvent(
	db: PocketDb,
	contest: StageContest,
	seq: number,
	event: StageEvent,
	finished: boolean,
	log: readonly StageEvent[]
): Promise<void> {
	if (seq >= MAX_EVENTS) throw new Error('这场比赛的记录已达上限');
	const contestId = contest.id;
	const tables = [db.stageEvents, db.stageContests, db.members, db.outbox];
	await db.transaction('rw', tables, async () => {
		const count = await db.stageEvents
			.where('[contestId+seq]')
			.between([contestId, 0], [contestId, Infinity])
			.count();
		if (count !== seq) throw new StageLogConflict(contestId, seq);
		await db.stageEvents.add({ contestId, seq, event });
		await db.stageContests.update(contestId, {
			updatedAt: event.at,
			finishedAt: finished ? event.at : undefined
		});
		if (finished) await queueRecord(db, contest, [...log, event], event.at);
	});
}

/**
 * Queue a finished contest's record for the group the host chose, under a member profile of that
 * group on this device. Finishing again after an undo replaces a record not yet sent; one the
 * server already has stays as it was (the server answers a resend of the id as a duplicate).
 */
async function queueRecord(
	db: PocketDb,
	contest: StageContest,
	log: StageEvent[],
	now: number
): Promise<void> {
	if (!contest.groupId) return;
	const member = (await db.members.toArray()).find((m) => m.groupId === contest.groupId);
	if (!member) return;
	const payload = buildStageRecord(contest, log, now);
	const existing = await db.outbox.get(contest.id);
	if (existing?.status === 'sent') return;
	if (existing) {
		await db.outbox.update(contest.id, { payload, status: 'pending', lastError: undefined });
		return;
	}
	await enqueue(
		db,
		{ id: contest.id, kind: 'stage', payload, memberId: member.id, label: contest.title },
		now
	);
}

/**
 * Undo: remove the last event, if it is event number `seq` (so a second window's undo of the
 * same event cannot remove one more).
 */
export async function dropLastEvent(
	db: PocketDb,
	contestId: string,
	seq: number,
	finished: boolean
): Promise<void> {
	await db.transaction('rw', db.stageEvents, db.stageContests, async () => {
		const count = await db.stageEvents
			.where('[contestId+seq]')
			.between([contestId, 0], [contestId, Infinity])
			.count();
		if (count !== seq + 1) throw new StageLogConflict(contestId, seq);
		await db.stageEvents.delete([contestId, seq]);
		await db.stageContests.update(contestId, {
			finishedAt: finished ? Date.now() : undefined
		});
	});
}

/** Past and unfinished contests, newest first. */
export async function recentContests(db: PocketDb, limit = 20): Promise<StageContestRow[]> {
	return db.stageContests.orderBy('updatedAt').reverse().limit(limit).toArray();
}

export async function deleteContest(db: PocketDb, id: string): Promise<void> {
	await db.transaction('rw', db.stageEvents, db.stageContests, async () => {
		await db.stageEvents.where('[contestId+seq]').between([id, 0], [id, Infinity]).delete();
		await db.stageContests.delete(id);
	});
}

/** A bank's questions on its active version, for choosing a contest's questions. */
export async function activeBankQuestions(
	db: PocketDb,
	bankId: string
): Promise<{ version: string; questions: Question[] } | null> {
	const bank = await db.banks.get(bankId);
	if (!bank) return null;
	const manifest = await db.manifests.get([bankId, bank.activeVersion]);
	if (!manifest) return null;
	const ids = Object.keys(manifest.questions).sort();
	const questions = await questionsOf(db, bankId, bank.activeVersion, ids);
	return { version: bank.activeVersion, questions };
}

/** Snapshot the chosen questions into the contest, so a later bank update changes nothing. */
export function snapshotQuestions(
	bankId: string,
	version: string,
	questions: readonly Question[]
): StageQuestion[] {
	return questions.map((q) => stageQuestionOf(q, bankId, version));
}
