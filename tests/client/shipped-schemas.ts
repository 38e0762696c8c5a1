/**
 * The IndexedDB schema as each version of the app shipped it (client/db.ts of its day), frozen:
 * tables and indexes only. For the tests that open an old database with today's code.
 */
import Dexie from 'dexie';

export const SHIPPED_SCHEMAS: [number, Record<string, string>][] = [
	[
		1,
		{
			banks: 'id',
			bankVersions: '[bankId+version], bankId',
			manifests: '[bankId+version]',
			questions: '[bankId+id+rev]',
			cards: '[bankId+id+rev], date',
			attempts: 'id, [bankId+status], status, updatedAt',
			answers: '[attemptId+questionId], attemptId',
			outbox: 'id, status, memberId, createdAt',
			members: 'id',
			settings: 'key',
			reviewLog: '[attemptId+questionId]',
			deck: '[memberKey+bankId+questionId], [memberKey+due], [memberKey+bankId+due]'
		}
	],
	[
		2,
		{
			checkins: '[memberKey+day+kind], [memberKey+status], status',
			dayCards: '[memberKey+day]',
			readingLog: 'id, [memberKey+day]'
		}
	],
	[
		4,
		{
			competitions: '[memberId+id], memberId',
			papers: '[memberId+competitionId]',
			competitionRuns: 'id, [memberId+competitionId], status',
			competitionAnswers: '[runId+questionId], runId',
			competitionResults: '[memberId+competitionId]',
			competitionBoards: '[memberId+competitionId]'
		}
	],
	[5, { stageContests: 'id, updatedAt', stageEvents: '[contestId+seq]' }]
];

/** A database declared as version `version` shipped it (every version up to it). */
export function openAsShipped(name: string, version: number): Dexie {
	const db = new Dexie(name);
	for (const [v, stores] of SHIPPED_SCHEMAS) if (v <= version) db.version(v).stores(stores);
	return db;
}
