import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PocketDb } from '../../src/lib/client/db';
import { saveJoinedMember } from '../../src/lib/client/profiles';
import { MIN_BAND_POOL } from '../../src/lib/core/play/grade-band';
import type { Question } from '../../src/lib/core/bank/schema';
import { playSettings } from '../../src/lib/state/play-settings.svelte';
import { QuizSession } from '../../src/lib/state/quiz-session.svelte';
import { generatedQuestions, meta } from '../fixtures/questions';
import { installedBankDb } from '../client/helpers';

/** A bank with `low` 低年级 questions, `high` 高年级 ones and a few untagged. */
function bandedBank(low: number, high: number): Question[] {
	const tag = (qs: Question[], band: string) => qs.map((q) => ({ ...q, tags: ['长征', band] }));
	return [
		...tag(generatedQuestions(low, 'low'), '低年级'),
		...tag(generatedQuestions(high, 'high'), '高年级'),
		...generatedQuestions(5, 'none')
	];
}

const daily = (db: PocketDb) => QuizSession.begin(db, meta.id, { mode: 'daily' });

describe('云学 by grade band (QuizSession, pupils’ mode)', () => {
	beforeEach(() => {
		playSettings.pupil = true;
		playSettings.gradeBand = null;
	});
	afterEach(() => {
		playSettings.pupil = false;
		playSettings.gradeBand = null;
	});

	it('a class set to 低年级 gets only 低年级 questions; 高年级 only 高年级 ones', async () => {
		const db = await installedBankDb(bandedBank(MIN_BAND_POOL, MIN_BAND_POOL + 3));
		playSettings.gradeBand = '低年级';
		const low = await daily(db);
		expect(low.attempt.questionIds).toHaveLength(5);
		expect(low.attempt.questionIds.every((id) => id.startsWith('low-'))).toBe(true);
		low.dispose();

		playSettings.gradeBand = '高年级';
		const high = await daily(db);
		expect(high.attempt.questionIds.every((id) => id.startsWith('high-'))).toBe(true);
		// The same day and band: the same questions (the seed is the day's).
		const again = await daily(db);
		expect(again.attempt.questionIds).toEqual(high.attempt.questionIds);
		high.dispose();
		again.dispose();
	});

	it('too few of the band, no band, or not in pupils’ mode: the whole bank as before', async () => {
		const db = await installedBankDb(bandedBank(MIN_BAND_POOL - 1, 40));
		playSettings.gradeBand = null;
		const all = await daily(db);
		playSettings.gradeBand = '低年级';
		const few = await daily(db);
		expect(few.attempt.questionIds).toEqual(all.attempt.questionIds);

		playSettings.gradeBand = '高年级';
		playSettings.pupil = false;
		const member = await daily(db);
		expect(member.attempt.questionIds).toEqual(all.attempt.questionIds);
		for (const s of [all, few, member]) s.dispose();
	});

	it('the band only shapes the day’s quiz: practice still draws from the whole bank', async () => {
		const db = await installedBankDb(bandedBank(MIN_BAND_POOL, MIN_BAND_POOL));
		playSettings.gradeBand = '低年级';
		const practice = await QuizSession.begin(db, meta.id, { mode: 'practice' });
		expect(practice.attempt.questionIds).toHaveLength(2 * MIN_BAND_POOL + 5);
		practice.dispose();
	});

	it('a pupil of a class the teacher set to 高年级 gets 高年级 questions, whatever this device chose', async () => {
		const db = await installedBankDb(bandedBank(MIN_BAND_POOL, MIN_BAND_POOL));
		playSettings.pupil = false;
		playSettings.gradeBand = '低年级';
		await saveJoinedMember(
			db,
			{
				memberId: 'pupil-1',
				displayName: '王小红',
				groupId: 'class-5-2',
				groupName: '五年级二班',
				groupKind: 'class',
				groupGradeBand: '高年级',
				token: 'token-1',
				recoveryCode: null
			},
			Date.now()
		);
		const session = await daily(db);
		expect(session.attempt.questionIds).toHaveLength(5);
		expect(session.attempt.questionIds.every((id) => id.startsWith('high-'))).toBe(true);
		session.dispose();
	});

	it('a value that is no band is not taken (the e2e test sees the band kept over a reload)', () => {
		playSettings.gradeBand = '高年级';
		expect(playSettings.gradeBand).toBe('高年级');
		playSettings.gradeBand = '中年级' as never;
		expect(playSettings.gradeBand).toBeNull();
	});
});
