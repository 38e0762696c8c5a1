import { describe, expect, it } from 'vitest';
import { countRowsRead, faultyDb, freshDb, serveReleases, siteFetch } from './helpers';
import { v1, v2 } from './bank-versions';
import {
	abandonAttempt,
	questionsOf,
	recordAnswer,
	sealAttempt,
	startAttemptOnActiveVersion
} from '../../src/lib/client/attempt-store';
import { collectOldVersions, updateBanks } from '../../src/lib/client/bank-installer';
import { openPocketDb, type PocketDb } from '../../src/lib/client/db';
import { isCorrect } from '../../src/lib/core/play/scoring';
import { meta } from '../fixtures/questions';

const clock = { now: () => 1_700_000_000_000 };

function update(db: PocketDb, versions = [v1, v2]) {
	return updateBanks({
		db,
		fetch: siteFetch([serveReleases(versions)]).fetch,
		now: clock.now,
		indexUrl: '/banks/index.json'
	});
}

const startOnActive = async (db: PocketDb, ids?: string[]) =>
	(
		await startAttemptOnActiveVersion(
			db,
			{ mode: 'practice', bankId: meta.id, seed: 's', pick: (pool) => ids ?? [...pool] },
			clock
		)
	).attempt;

const installed = async (db: PocketDb) =>
	(await db.bankVersions.where('bankId').equals(meta.id).toArray()).map((v) => v.version);

describe('pinning: an attempt keeps the version it started on', () => {
	it('an attempt started on v1 plays v1 after v2 arrives, and its upload says v1', async () => {
		const db = freshDb();
		await update(db, [v1]);
		const attempt = await startOnActive(db, ['g-1', 'g-2', 'g-20']);
		expect(attempt.bankVersion).toBe('1.0.0');

		const result = await update(db);
		expect(result.installed[0]?.source).toBe('delta');
		expect(result.removed).toEqual([]);

		// Resuming reads the attempt's own version: the old wording, the old answer, the retired one.
		const questions = await questionsOf(db, meta.id, attempt.bankVersion, attempt.questionIds);
		expect(questions.map((q) => q.id)).toEqual(['g-1', 'g-2', 'g-20']);
		expect(questions[0]?.stem).toBe(v1.questions[0]?.stem);
		expect(questions[1]?.type === 'single' && questions[1].answer).toBe('B');
		for (const q of questions) {
			await recordAnswer(db, attempt.id, {
				questionId: q.id,
				response: 'B',
				correct: isCorrect(q, 'B'),
				elapsedMs: 1000,
				answeredAt: clock.now()
			});
		}
		await sealAttempt(db, attempt.id, clock);
		const [row] = await db.outbox.toArray();
		expect(row?.payload).toMatchObject({ bankId: meta.id, bankVersion: '1.0.0' });
		expect(row?.kind === 'attempt' && row.payload.answers.map((a) => a.response)).toEqual([
			'B',
			'B',
			'B'
		]);

		// A new attempt starts on the new version.
		expect((await startOnActive(db)).bankVersion).toBe('2.0.0');
	});
});

describe('garbage collection of old versions', () => {
	it('keeps a version while an active attempt or a waiting upload names it, removes it after', async () => {
		const db = freshDb();
		await update(db, [v1]);
		const attempt = await startOnActive(db, ['g-20']);
		expect((await update(db)).removed).toEqual([]);
		expect(await installed(db)).toEqual(['1.0.0', '2.0.0']);

		await sealAttempt(db, attempt.id, clock);
		expect((await update(db)).removed).toEqual([]);
		await db.outbox.update(attempt.id, { status: 'rejected', lastError: '题目不存在' });
		expect((await update(db)).removed).toEqual([]);
		expect(await installed(db)).toEqual(['1.0.0', '2.0.0']);

		// Uploaded: the server has it, so nothing on the device needs v1 any more.
		await db.outbox.update(attempt.id, { status: 'sent', sentAt: clock.now() });
		expect((await update(db)).removed).toEqual([{ bankId: meta.id, version: '1.0.0' }]);
		expect(await installed(db)).toEqual(['2.0.0']);
		expect(await db.manifests.count()).toBe(1);
		// Only v1's own rows went: g-20 and the old revisions of g-1 and g-2.
		expect(await db.questions.count()).toBe(22);
		const v2ids = v2.questions.map((q) => q.id);
		expect((await questionsOf(db, meta.id, '2.0.0', v2ids)).map((q) => q.id)).toEqual(v2ids);
	});

	it('an abandoned attempt does not keep its version', async () => {
		const db = freshDb();
		await update(db, [v1]);
		const attempt = await startOnActive(db);
		await abandonAttempt(db, attempt.id, clock);
		expect((await update(db)).removed).toEqual([{ bankId: meta.id, version: '1.0.0' }]);
	});

	it('reads no waiting upload when no version older than the active one is installed', async () => {
		const db = freshDb();
		await update(db, [v1]);
		await db.outbox.bulkAdd(
			Array.from({ length: 50 }, (_, i) => ({
				id: `o${i}`,
				kind: 'attempt',
				memberId: 'm1',
				status: 'pending',
				createdAt: i,
				payload: { bankId: meta.id, bankVersion: '1.0.0' }
			})) as unknown as Parameters<typeof db.outbox.bulkAdd>[0]
		);
		// A second handle on the same database, with the counter under it (before it opens).
		const counted = openPocketDb(db.name);
		const outbox = countRowsRead(counted, 'outbox');
		expect(await collectOldVersions(counted, meta.id)).toEqual([]);
		expect(outbox.rows).toBe(0);
		// With v2 active, v1 is older: then the waiting uploads are read, and they keep v1.
		await update(counted);
		expect(outbox.rows).toBeGreaterThan(0);
		expect(await installed(counted)).toEqual(['1.0.0', '2.0.0']);
	});

	it('never removes the active version, nor one written but not yet switched to', async () => {
		const { db, failWrites, heal } = faultyDb();
		await update(db, [v1]);
		failWrites('banks', () => new Error('the tab was closed'));
		await update(db);
		heal();
		expect(await collectOldVersions(db, meta.id)).toEqual([]);
		expect(await installed(db)).toEqual(['1.0.0', '2.0.0']);
		expect((await db.banks.get(meta.id))?.activeVersion).toBe('1.0.0');
	});
});
