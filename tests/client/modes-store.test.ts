import { describe, expect, it } from 'vitest';
import { installedBankDb, testClock as clock } from './helpers';
import {
	activeBankTags,
	bestChallengeRun,
	taggedQuestionIds
} from '../../src/lib/client/mode-records';
import {
	recordAnswer,
	sealAttempt,
	startAttemptOnActiveVersion
} from '../../src/lib/client/attempt-store';
import { parseAttemptUpload } from '../../src/lib/core/sync/attempt';
import { judge, meta, multiple, single } from '../fixtures/questions';

const setup = () =>
	installedBankDb([{ ...single, tags: ['建党'] }, { ...multiple, tags: ['建党', '长征'] }, judge]);

const answer = (questionId: string, correct: boolean) => ({
	questionId,
	response: correct ? 'B' : 'A',
	correct,
	elapsedMs: 1200,
	answeredAt: clock.now()
});

describe('modes on the device', () => {
	it('topic practice draws only questions with the tag; tags are listed with counts', async () => {
		const db = await setup();
		expect(await activeBankTags(db, meta.id)).toEqual([
			['建党', 2],
			['长征', 1]
		]);
		const tagged = await taggedQuestionIds(db, meta.id, '建党');
		expect([...tagged].sort()).toEqual([multiple.id, single.id].sort());
		expect((await taggedQuestionIds(db, meta.id, '无此专题')).size).toBe(0);
		const { attempt } = await startAttemptOnActiveVersion(
			db,
			{
				mode: 'topic',
				bankId: meta.id,
				seed: 's',
				tag: '建党',
				pick: (pool) => pool.filter((id) => tagged.has(id))
			},
			clock
		);
		expect(attempt.questionIds.sort()).toEqual([multiple.id, single.id].sort());
		expect(attempt.tag).toBe('建党');
	});

	it('keeps the best challenge run per bank, and timed settings reach the upload', async () => {
		const db = await setup();
		const play = async (results: boolean[]) => {
			const { attempt } = await startAttemptOnActiveVersion(
				db,
				{
					mode: 'challenge',
					bankId: meta.id,
					seed: 's',
					settings: { timeLimitMs: 20_000 },
					pick: () => [single.id, judge.id, multiple.id]
				},
				clock
			);
			const ids = [single.id, judge.id, multiple.id];
			for (const [i, ok] of results.entries())
				await recordAnswer(db, attempt.id, answer(ids[i] ?? '', ok));
			await sealAttempt(db, attempt.id, clock);
			return attempt;
		};
		expect(await bestChallengeRun(db, meta.id)).toBe(0);
		await play([true, true, false]);
		const second = await play([true, false]);
		expect(await bestChallengeRun(db, meta.id)).toBe(2);
		expect(await bestChallengeRun(db, meta.id, 'someone-else')).toBe(0);
		const outbox = await db.outbox.get(second.id);
		expect(outbox?.kind === 'attempt' && outbox.payload.settings).toEqual({ timeLimitMs: 20_000 });
		expect(parseAttemptUpload(outbox?.payload).success).toBe(true);
	});
});
