import { beforeAll, describe, expect, it } from 'vitest';
import { startAttemptOnActiveVersion } from '../../src/lib/client/attempt-store';
import { updateBanks } from '../../src/lib/client/bank-installer';
import type { MemberRow, PocketDb } from '../../src/lib/client/db';
import { saveJoinedMember } from '../../src/lib/client/profiles';
import {
	myReports,
	refreshReportCounts,
	reportQuestion,
	storedReportCounts
} from '../../src/lib/client/question-reports';
import { flushOutbox } from '../../src/lib/client/uploader';
import { conflictsWithin } from '../../src/lib/core/bank/conflicts';
import { selectQuestionIds } from '../../src/lib/core/play/random';
import { joinWithName } from '../../src/lib/server/members';
import { judge, meta, multiple, single } from '../fixtures/questions';
import { freshDb, serveBank, siteFetch, testClock } from './helpers';
import { startServer } from './server-fetch';

const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));

describe('conflicting questions on the device', () => {
	it('keeps the version’s conflicts and hands them to every draw', async () => {
		const db = freshDb();
		const conflicts: [string, string][] = [[single.id, judge.id]];
		await updateBanks({
			db,
			fetch: siteFetch([serveBank({ ...meta, conflicts }, [single, multiple, judge])]).fetch,
			now: testClock.now,
			indexUrl: '/banks/index.json'
		});
		expect((await db.bankVersions.get([meta.id, '1.0.0']))?.conflicts).toEqual(conflicts);
		for (let s = 0; s < 30; s++) {
			let given: readonly (readonly [string, string])[] = [];
			const { attempt } = await startAttemptOnActiveVersion(db, {
				mode: 'practice',
				bankId: meta.id,
				seed: `s-${s}`,
				pick: (pool, listed) => {
					given = listed;
					return selectQuestionIds(pool, 3, `s-${s}`, listed);
				}
			});
			expect(given).toEqual(conflicts);
			expect(attempt.questionIds).toHaveLength(2);
			expect(conflictsWithin(attempt.questionIds, conflicts)).toEqual([]);
		}
	});
});

describe('纠错 on the device, uploaded to the real server logic', () => {
	let server: Awaited<ReturnType<typeof startServer>>;
	let db: PocketDb;
	let member: MemberRow;
	const flush = (fetchFn: typeof fetch) =>
		flushOutbox({ db, fetch: fetchFn, now: () => Date.now(), timeoutMs: 5_000 });

	beforeAll(async () => {
		server = await startServer();
		db = freshDb();
		member = await saveJoinedMember(
			db,
			await joinWithName(server.db, server.branch.joinCode, '张三'),
			Date.now()
		);
		return () => server.close();
	});

	it('stores a report offline, uploads it once online, and a resend changes nothing', async () => {
		const report = await reportQuestion(db, member.id, {
			bankId: meta.id,
			bankVersion: '1.0.0',
			questionId: single.id,
			reason: 'answer',
			note: ' 应为 C '
		});
		expect(report.note).toBe('应为 C');
		expect(await myReports(db, member.id, meta.id)).toEqual([
			{ id: report.id, questionId: single.id, bankVersion: '1.0.0', status: 'pending' }
		]);
		expect((await flush(offline)).outcome).toBe('retry');
		expect((await myReports(db, member.id, meta.id))[0]?.status).toBe('pending');

		expect((await flush(server.fetch)).outcome).toBe('done');
		expect((await myReports(db, member.id, meta.id))[0]?.status).toBe('sent');
		const stored = await server.db.selectFrom('question_report').selectAll().execute();
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({ id: report.id, question_id: single.id, note: '应为 C' });

		// The answer was lost on the way back: the device sends it again; still one row.
		await db.outbox.update(report.id, { status: 'pending' });
		expect((await flush(server.fetch)).outcome).toBe('done');
		expect(await server.db.selectFrom('question_report').select('id').execute()).toHaveLength(1);
	});

	it('reads and keeps how many members reported the question', async () => {
		const other = await joinWithName(server.db, server.branch.joinCode, '李四');
		const { syncBatch } = await import('../../src/lib/server/sync');
		await syncBatch(server.db, server.registry, other, {
			records: [
				{
					kind: 'question-report',
					payload: {
						id: '01930000-0000-7000-8000-000000000001',
						bankId: meta.id,
						bankVersion: '1.0.0',
						questionId: single.id,
						reason: 'typo',
						note: '',
						reportedAt: Date.now()
					}
				}
			]
		});
		expect(await refreshReportCounts(db, member, meta.id, '1.0.0', server.fetch)).toEqual({
			[single.id]: 2
		});
		// Kept for offline: the notice still has the count without the network.
		expect(await refreshReportCounts(db, member, meta.id, '1.0.0', offline)).toBeNull();
		expect(await storedReportCounts(db, member.id, meta.id, '1.0.0')).toEqual({ [single.id]: 2 });
	});
});
