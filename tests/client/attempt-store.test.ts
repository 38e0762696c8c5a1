import { describe, expect, it } from 'vitest';
import { installedBankDb, startDemoAttempt, testClock as clock } from './helpers';
import {
	abandonAttempt,
	AttemptClosedError,
	answersOf,
	findUnfinishedAttempt,
	recordAnswer,
	sealAttempt
} from '../../src/lib/client/attempt-store';
import { nextUnansweredIndex } from '../../src/lib/core/play/attempt';
import { parseAttemptUpload } from '../../src/lib/core/sync/attempt';
import { judge, meta, multiple, single } from '../fixtures/questions';

async function setup() {
	const db = await installedBankDb();
	const attempt = await startDemoAttempt(db);
	return { db, attempt };
}

const answer = (questionId: string, correct: boolean, answeredAt = clock.now()) => ({
	questionId,
	response: 'A',
	correct,
	elapsedMs: 1200,
	answeredAt
});

describe('attempts on the device', () => {
	it('stores each answer at once and resumes at the next unanswered question', async () => {
		const { db, attempt } = await setup();
		await recordAnswer(db, attempt.id, answer(single.id, true));
		const unfinished = await findUnfinishedAttempt(db, meta.id);
		expect(unfinished?.id).toBe(attempt.id);
		const stored = await answersOf(db, attempt.id);
		expect(stored).toHaveLength(1);
		expect(nextUnansweredIndex(unfinished?.questionIds ?? [], stored)).toBe(1);
	});

	it('keeps the first answer when a question is answered twice (double tap, two tabs)', async () => {
		const { db, attempt } = await setup();
		await recordAnswer(db, attempt.id, answer(single.id, true));
		const second = await recordAnswer(db, attempt.id, answer(single.id, false));
		expect(second.correct).toBe(true);
		expect(await answersOf(db, attempt.id)).toHaveLength(1);
	});

	it('refuses answers to questions outside the attempt and after it is sealed', async () => {
		const { db, attempt } = await setup();
		await expect(recordAnswer(db, attempt.id, answer('nope', true))).rejects.toThrow(/not part/);
		await sealAttempt(db, attempt.id, clock);
		await expect(recordAnswer(db, attempt.id, answer(judge.id, true))).rejects.toBeInstanceOf(
			AttemptClosedError
		);
	});

	it('sealing marks it finished and queues exactly one valid upload, even when repeated', async () => {
		const { db, attempt } = await setup();
		await recordAnswer(db, attempt.id, answer(single.id, true));
		await recordAnswer(db, attempt.id, answer(multiple.id, false));
		const sealed = await sealAttempt(db, attempt.id, clock);
		await sealAttempt(db, attempt.id, clock);
		expect(sealed.status).toBe('finished');
		const outbox = await db.outbox.toArray();
		expect(outbox).toHaveLength(1);
		expect(outbox[0]?.kind).toBe('attempt');
		expect(outbox[0]?.kind === 'attempt' && outbox[0].payload.answers).toHaveLength(2);
		expect(parseAttemptUpload(outbox[0]?.payload).success).toBe(true);
		expect(await findUnfinishedAttempt(db, meta.id)).toBeUndefined();
	});

	it('sealing is all-or-nothing: if queueing the upload fails, the attempt stays open', async () => {
		const { db, attempt } = await setup();
		await recordAnswer(db, attempt.id, answer(single.id, true));
		// A row already holding this id makes the outbox insert fail inside the transaction.
		await db.outbox.add({
			id: attempt.id,
			kind: 'attempt',
			payload: {} as never,
			memberId: null,
			status: 'pending',
			createdAt: 0
		});
		await expect(sealAttempt(db, attempt.id, clock)).rejects.toThrow();
		expect((await db.attempts.get(attempt.id))?.status).toBe('active');
		expect(await answersOf(db, attempt.id)).toHaveLength(1);
	});

	it('starting over keeps the old answers but stops offering the old attempt', async () => {
		const { db, attempt } = await setup();
		await recordAnswer(db, attempt.id, answer(single.id, true));
		await abandonAttempt(db, attempt.id, clock);
		expect(await findUnfinishedAttempt(db, meta.id)).toBeUndefined();
		expect(await answersOf(db, attempt.id)).toHaveLength(1);
		expect(await db.outbox.count()).toBe(0);
	});
});
