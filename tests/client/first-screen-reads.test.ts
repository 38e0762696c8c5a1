/**
 * What the first screens read from IndexedDB (issue #14): a 10-question practice on a large bank
 * reads ten question rows, not the bank; 今日's streak reads check-in keys, not rows. Counted by
 * a Dexie middleware under the real store code (fake-indexeddb below it).
 */
import { describe, expect, it } from 'vitest';
import { countRowsRead, freshDb, installedBankDb, T0 } from './helpers';
import { questionsOf, startAttemptOnActiveVersion } from '../../src/lib/client/attempt-store';
import { studiedDaysOf } from '../../src/lib/client/checkin-store';
import type { CheckinRow } from '../../src/lib/client/db';
import { generatedQuestions, meta } from '../fixtures/questions';

describe('first screens read little', () => {
	it('a 10-question practice on a 300-question bank reads ten question rows', async () => {
		const db = await installedBankDb(generatedQuestions(300));
		// A second handle on the same database, with the counter under it.
		const { openPocketDb } = await import('../../src/lib/client/db');
		const counted = openPocketDb(db.name);
		const reads = countRowsRead(counted, 'questions');
		const { attempt, questions } = await startAttemptOnActiveVersion(counted, {
			mode: 'practice',
			bankId: meta.id,
			seed: 's',
			pick: (pool) => pool.slice(0, 10)
		});
		// The drawn questions come with the attempt, in its order, from the same transaction.
		expect(questions.map((q) => q.id)).toEqual(attempt.questionIds);
		expect(reads.rows).toBe(10);
		// A resumed run reads the same ten through the version's manifest.
		const again = await questionsOf(counted, meta.id, attempt.bankVersion, attempt.questionIds);
		expect(again).toEqual(questions);
		expect(reads.rows).toBe(20);
	});

	it('takes the active version the entry screen read as a guess, never as the truth', async () => {
		const db = await installedBankDb(generatedQuestions(30));
		const start = (expectedVersion: string) =>
			startAttemptOnActiveVersion(db, {
				mode: 'practice',
				bankId: meta.id,
				seed: 's',
				expectedVersion,
				pick: (pool) => pool.slice(0, 5)
			});
		// Read with the bank's row when it is right...
		const right = await start(meta.version);
		expect(right.attempt.bankVersion).toBe(meta.version);
		expect(right.questions.map((q) => q.id)).toEqual(right.attempt.questionIds);
		// ...and the bank's own active version when the screen's was stale (or never existed).
		const stale = await start('0.9.0');
		expect(stale.attempt.bankVersion).toBe(meta.version);
		expect(stale.questions.map((q) => q.id)).toEqual(right.attempt.questionIds);
	});

	it("今日's streak reads check-in keys only, and still leaves refused days out", async () => {
		const db = freshDb();
		const row = (day: string, kind: CheckinRow['kind'], status: CheckinRow['status']) =>
			({ memberKey: 'm1', day, kind, status, at: T0 }) as unknown as CheckinRow;
		await db.checkins.bulkPut([
			row('2026-11-01', 'yun', 'sent'),
			row('2026-11-02', 'jiang', 'rejected'),
			row('2026-11-03', 'yue', 'pending'),
			row('2026-11-03', 'jiang', 'rejected'),
			row('2026-11-04', 'yun', 'local'),
			{ ...row('2026-11-04', 'yun', 'sent'), memberKey: 'm2' }
		]);
		const reads = countRowsRead(db, 'checkins');
		expect(await studiedDaysOf(db, 'm1')).toEqual(['2026-11-01', '2026-11-03', '2026-11-04']);
		expect(reads.rows).toBe(0);
	});
});
