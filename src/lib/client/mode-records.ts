/**
 * What the modes keep on the device beyond single attempts: the best 挑战答题 run and the topics
 * 专项练习 offers. Separate from attempt-store so the practice page's first load does not carry
 * the mode rules.
 */
import { firstAnswers } from '$lib/core/play/attempt';
import { modeRules, runLength, tagCounts, withTag } from '$lib/core/play/modes';
import { answersOf, questionsOf } from './attempt-store';
import type { PocketDb } from './db';

/**
 * The tags of the active version with their question counts: what 专项练习 offers. Reads every
 * question row of the version, so it runs only when the player opens the topic list.
 */
export async function activeBankTags(db: PocketDb, bankId: string): Promise<[string, number][]> {
	const bank = await db.banks.get(bankId);
	const manifest = bank ? await db.manifests.get([bankId, bank.activeVersion]) : undefined;
	if (!bank || !manifest) return [];
	const rows = await questionsOf(db, bankId, bank.activeVersion, Object.keys(manifest.questions));
	return tagCounts(rows);
}

/**
 * The best 挑战答题 run on a bank: the most right answers before a miss over the finished
 * challenge attempts on this device (of the active member, when one is given).
 */
export async function bestChallengeRun(
	db: PocketDb,
	bankId: string,
	memberId: string | null = null
): Promise<number> {
	const finished = await db.attempts
		.where('[bankId+status]')
		.equals([bankId, 'finished'])
		.toArray();
	let best = 0;
	for (const attempt of finished) {
		if (attempt.mode !== 'challenge' || (attempt.memberId ?? null) !== memberId) continue;
		const answers = await answersOf(db, attempt.id);
		const played = [...firstAnswers(attempt.questionIds, answers).values()];
		best = Math.max(best, runLength(modeRules('challenge', attempt.settings), played));
	}
	return best;
}

/**
 * Ids of the active version's questions with a tag (专项练习). Read before the attempt starts;
 * the attempt then draws from the ids its version has and this list names, so a version switch
 * in between can only shrink the choice, never add a stranger.
 */
export async function taggedQuestionIds(
	db: PocketDb,
	bankId: string,
	tag: string
): Promise<Set<string>> {
	const bank = await db.banks.get(bankId);
	const manifest = bank ? await db.manifests.get([bankId, bank.activeVersion]) : undefined;
	if (!bank || !manifest) return new Set();
	const rows = await questionsOf(db, bankId, bank.activeVersion, Object.keys(manifest.questions));
	return new Set(withTag(rows, tag));
}
