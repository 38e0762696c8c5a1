import { describe, expect, it } from 'vitest';
import type { StageContest } from '../../src/lib/core/stage/contest';
import { setupOf } from '../../src/lib/core/stage/contest';
import { foldStage } from '../../src/lib/core/stage/fold';
import { checkStageRecord } from '../../src/lib/core/stage/record';
import {
	appendEvent,
	dropLastEvent,
	loadEvents,
	saveContest,
	StageLogConflict
} from '../../src/lib/client/stage-store';
import type { PocketDb } from '../../src/lib/client/db';
import { stageRecord } from '../fixtures/stage';
import { freshDb } from './helpers';

/** The fixture's contest as the device keeps it, with its log to replay. */
function contestAndLog(groupId: string | null) {
	const record = stageRecord();
	const contest: StageContest = {
		id: record.id,
		kind: record.kind,
		title: record.title,
		teams: record.teams,
		rules: record.rules,
		questions: record.questions.map((q) => ({
			...q,
			type: 'single',
			stem: '题目',
			options: [],
			answerKeys: [],
			answerText: '',
			explanation: '',
			source: ''
		})),
		groupId,
		createdAt: record.startedAt
	};
	return { contest, log: record.events };
}

async function play(
	db: PocketDb,
	contest: StageContest,
	log: ReturnType<typeof stageRecord>['events']
) {
	for (const [seq, event] of log.entries()) {
		const finished = foldStage(setupOf(contest), log.slice(0, seq + 1)).phase === 'finished';
		await appendEvent(db, contest, seq, event, finished, log.slice(0, seq));
	}
}

describe('stage store', () => {
	it('the log is stored in order and folds back to the same state after a reload', async () => {
		const db = freshDb();
		const { contest, log } = contestAndLog(null);
		await saveContest(db, contest);
		await play(db, contest, log);
		const reloaded = await loadEvents(db, contest.id);
		expect(reloaded).toEqual(log);
		expect(foldStage(setupOf(contest), reloaded).scores).toEqual([5, 0]);
		// Without a group the contest stays on the device: nothing to upload.
		expect(await db.outbox.count()).toBe(0);
	});

	it('a second window cannot write the same place of the log, nor undo twice', async () => {
		const db = freshDb();
		const { contest, log } = contestAndLog(null);
		await saveContest(db, contest);
		await appendEvent(db, contest, 0, log[0]!, false, []);
		await expect(appendEvent(db, contest, 0, log[0]!, false, [])).rejects.toBeInstanceOf(
			StageLogConflict
		);
		await appendEvent(db, contest, 1, log[1]!, false, log.slice(0, 1));
		await dropLastEvent(db, contest.id, 1, false);
		await expect(dropLastEvent(db, contest.id, 1, false)).rejects.toBeInstanceOf(StageLogConflict);
		expect(await loadEvents(db, contest.id)).toEqual(log.slice(0, 1));
	});

	it('finishing a contest for a group queues its record under that group’s profile, in the same transaction', async () => {
		const db = freshDb();
		await db.members.add({
			id: 'm-1',
			displayName: '王老师',
			groupId: 'g-class',
			groupName: '三年级一班',
			groupKind: 'class',
			token: 't',
			needsRejoin: false,
			joinedAt: 1
		});
		const { contest, log } = contestAndLog('g-class');
		await saveContest(db, contest);
		await play(db, contest, log);
		const [row] = await db.outbox.toArray();
		expect(row).toMatchObject({
			id: contest.id,
			kind: 'stage',
			memberId: 'm-1',
			status: 'pending'
		});
		expect(row?.kind === 'stage' && checkStageRecord(row.payload)).toMatchObject({ ok: true });

		// Undo the finish, adjust again, finish again: the waiting record is replaced, not doubled.
		const last = log.length - 1;
		await dropLastEvent(db, contest.id, last, false);
		await appendEvent(db, contest, last, log[last]!, true, log.slice(0, last));
		expect(await db.outbox.count()).toBe(1);
	});
});
