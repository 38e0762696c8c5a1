import { describe, expect, it } from 'vitest';
import { installedBankDb, T0 } from './helpers';
import { recordAnswer, startAttempt } from '../../src/lib/client/attempt-store';
import { dueByBank, dueQuestionIds } from '../../src/lib/client/review-due';
import { rebuildDeckFromHistory, recordReview } from '../../src/lib/client/review-store';
import { modeRules } from '../../src/lib/core/play/modes';
import { judge, meta, multiple, single } from '../fixtures/questions';

const DAY = 86_400_000;

const setup = () => installedBankDb();

async function play(
	db: Awaited<ReturnType<typeof setup>>,
	at: number,
	results: [string, boolean][]
) {
	const attempt = await startAttempt(
		db,
		{
			mode: 'practice',
			bankId: meta.id,
			bankVersion: '1.0.0',
			questionIds: results.map(([id]) => id),
			seed: 's',
			memberId: 'm1'
		},
		{ now: () => at }
	);
	for (const [i, [questionId, correct]] of results.entries()) {
		await recordAnswer(
			db,
			attempt.id,
			{ questionId, response: 'A', correct, elapsedMs: 900, answeredAt: at + i },
			(row, a) => recordReview(db, a, row, modeRules('practice'))
		);
	}
}

describe('错题本 on the device', () => {
	it('wrong answers enter the deck with the answer, and come due', async () => {
		const db = await setup();
		await play(db, T0, [
			[single.id, false],
			[multiple.id, true],
			[judge.id, false]
		]);
		expect(await db.deck.count()).toBe(2);
		expect(await db.reviewLog.count()).toBe(2);
		expect(await dueQuestionIds(db, 'm1', meta.id, T0)).toEqual([]);
		expect((await dueQuestionIds(db, 'm1', meta.id, T0 + DAY)).sort()).toEqual(
			[judge.id, single.id].sort()
		);
		expect(await dueByBank(db, 'm1', T0 + DAY)).toEqual([{ bankId: meta.id, due: 2, hard: 0 }]);
		expect(await dueByBank(db, 'someone-else', T0 + DAY)).toEqual([]);
	});

	it('the deck can be rebuilt from the review history', async () => {
		const db = await setup();
		await play(db, T0, [
			[single.id, false],
			[judge.id, false]
		]);
		await play(db, T0 + DAY, [
			[single.id, true],
			[judge.id, false],
			[multiple.id, true]
		]);
		await play(db, T0 + 5 * DAY, [[single.id, false]]);
		const before = await db.deck.toArray();
		await db.deck.clear();
		expect(await rebuildDeckFromHistory(db)).toBe(2);
		expect(await db.deck.toArray()).toEqual(before);
		const single_ = before.find((c) => c.questionId === single.id);
		expect(single_?.forgotten).toBe(2);
	});
});
