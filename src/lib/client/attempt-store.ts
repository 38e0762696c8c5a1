/**
 * Attempts on the device. Each answer is committed to IndexedDB the moment it is given, so a
 * closed tab loses nothing; finishing seals the attempt and queues its upload in one transaction.
 */
import type { Attempt, AttemptAnswer, AttemptMode } from '$lib/core/play/attempt';
import { summarizeAttempt } from '$lib/core/play/attempt';
import { uuidv7 } from '$lib/core/ids';
import type { ModeSettings } from '$lib/core/play/modes';
import type { ConflictPair } from '$lib/core/bank/conflicts';
import { buildAttemptUpload } from '$lib/core/sync/build';
import type { AnswerRow, AttemptRow, ManifestRow, PocketDb, QuestionRow } from './db';
import { enqueue } from './outbox';

export interface Clock {
	now: () => number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function newAttemptId(clock: Clock = systemClock): string {
	return uuidv7(clock.now(), crypto.getRandomValues(new Uint8Array(10)));
}

export interface StartAttemptInput {
	memberId?: string | null;
	mode: AttemptMode;
	bankId: string;
	bankVersion: string;
	questionIds: string[];
	seed: string;
	/** A fresh random one when absent (every new attempt shuffles its options). */
	optionSeed?: string;
	settings?: ModeSettings;
	tag?: string;
}

/** A random option seed: 64 bits in hex, plenty to make every attempt's order its own. */
export function newOptionSeed(): string {
	return Array.from(crypto.getRandomValues(new Uint32Array(2)), (n) =>
		n.toString(16).padStart(8, '0')
	).join('');
}

export async function startAttempt(
	db: PocketDb,
	input: StartAttemptInput,
	clock: Clock = systemClock
): Promise<AttemptRow> {
	const now = clock.now();
	const row: AttemptRow = {
		id: newAttemptId(clock),
		...input,
		optionSeed: input.optionSeed ?? newOptionSeed(),
		startedAt: now,
		status: 'active',
		updatedAt: now
	};
	await db.attempts.add(row);
	return row;
}

export interface StartOnActiveInput {
	memberId?: string | null;
	mode: AttemptMode;
	bankId: string;
	seed: string;
	optionSeed?: string;
	settings?: ModeSettings;
	/** 专项练习: the tag the attempt is about, kept on it (`pick` draws from its questions). */
	tag?: string;
	/**
	 * Choose the attempt's questions from the active version's ids (sorted); synchronous. The
	 * version's conflicting pairs (bank.yaml `conflicts`) are passed for the draw to respect.
	 */
	pick: (pool: readonly string[], conflicts: readonly ConflictPair[]) => string[];
	/**
	 * The active version as the caller read it a moment ago (the practice entry's screen): that
	 * version's manifest is then read together with the bank's row, one round trip fewer before
	 * the first question. Only a guess: if the bank's row names another version, that one is read.
	 */
	expectedVersion?: string;
}

/** A new attempt and its questions, in the attempt's order. */
export interface StartedAttempt {
	attempt: AttemptRow;
	questions: QuestionRow[];
}

/**
 * Start an attempt on the bank's active version and read its questions. Reading the version,
 * recording the attempt and reading the drawn questions happen in one transaction, so garbage
 * collection (which keeps every version an active attempt names) can never remove the version
 * between them, and the first question needs one round trip to the database, not two (offline
 * cold start on a cheap phone, issue #14).
 */
export async function startAttemptOnActiveVersion(
	db: PocketDb,
	input: StartOnActiveInput,
	clock: Clock = systemClock
): Promise<StartedAttempt> {
	const { pick, expectedVersion, ...rest } = input;
	const stores = [db.banks, db.bankVersions, db.manifests, db.attempts, db.questions];
	const versionRows = (version: string) =>
		Promise.all([
			db.manifests.get([input.bankId, version]),
			db.bankVersions.get([input.bankId, version])
		]);
	return db.transaction('rw', stores, async () => {
		const [bank, expected] = await Promise.all([
			db.banks.get(input.bankId),
			expectedVersion === undefined ? undefined : versionRows(expectedVersion)
		]);
		const [manifest, version] = !bank
			? []
			: expected && bank.activeVersion === expectedVersion
				? expected
				: await versionRows(bank.activeVersion);
		if (!bank || !manifest) throw new Error('题库尚未下载到本机');
		const questionIds = pick(Object.keys(manifest.questions).sort(), version?.conflicts ?? []);
		const [attempt, questions] = await Promise.all([
			startAttempt(
				db,
				{ ...rest, memberId: input.memberId ?? null, bankVersion: bank.activeVersion, questionIds },
				clock
			),
			questionsIn(db, input.bankId, manifest, questionIds)
		]);
		return { attempt, questions };
	});
}

export class AttemptClosedError extends Error {
	constructor(attemptId: string) {
		super(`attempt ${attemptId} is already finished`);
		this.name = 'AttemptClosedError';
	}
}

/**
 * Store one answer. The first answer to a question is final: a second one (a double tap, or the
 * same attempt open in two tabs) is ignored and the stored one returned.
 */
export async function recordAnswer(
	db: PocketDb,
	attemptId: string,
	answer: AttemptAnswer,
	/**
	 * Runs inside the same transaction for a newly stored answer (the 错题本 update), so the
	 * answer and what follows from it commit together. Passed in, so this module, which the
	 * practice page loads first, does not carry the review scheduler.
	 */
	onStored?: (row: AnswerRow, attempt: AttemptRow) => Promise<void>
): Promise<AnswerRow> {
	return db.transaction('rw', [db.attempts, db.answers, db.reviewLog, db.deck], async () => {
		const attempt = await db.attempts.get(attemptId);
		if (!attempt) throw new Error(`attempt ${attemptId} not found`);
		if (attempt.status !== 'active') throw new AttemptClosedError(attemptId);
		if (!attempt.questionIds.includes(answer.questionId)) {
			throw new Error(`question ${answer.questionId} is not part of attempt ${attemptId}`);
		}
		const existing = await db.answers.get([attemptId, answer.questionId]);
		if (existing) return existing;
		const row: AnswerRow = { ...answer, attemptId };
		await db.answers.add(row);
		await db.attempts.update(attemptId, { updatedAt: answer.answeredAt });
		await onStored?.(row, attempt);
		return row;
	});
}

export async function answersOf(db: PocketDb, attemptId: string): Promise<AnswerRow[]> {
	return db.answers.where('attemptId').equals(attemptId).toArray();
}

export { findUnfinishedAttempt } from './unfinished-attempt';

/**
 * Finish an attempt: mark it finished and queue its upload, together or not at all. Sealing an
 * attempt that is already finished changes nothing and returns it as it is.
 */
export async function sealAttempt(
	db: PocketDb,
	attemptId: string,
	clock: Clock = systemClock,
	/** Runs in the sealing transaction (which includes db.checkins): the 云学 check-in. */
	onSealed?: (sealed: AttemptRow) => Promise<unknown>
): Promise<AttemptRow> {
	return db.transaction('rw', db.attempts, db.answers, db.outbox, db.checkins, async () => {
		const attempt = await db.attempts.get(attemptId);
		if (!attempt) throw new Error(`attempt ${attemptId} not found`);
		if (attempt.status === 'finished') return attempt;
		const now = clock.now();
		const sealed: AttemptRow & { finishedAt: number } = {
			...attempt,
			status: 'finished',
			finishedAt: now,
			updatedAt: now
		};
		const answers = await db.answers.where('attemptId').equals(attemptId).toArray();
		await db.attempts.put(sealed);
		await enqueue(
			db,
			{
				id: attemptId,
				kind: 'attempt',
				payload: buildAttemptUpload(sealed, answers),
				memberId: attempt.memberId ?? null
			},
			now
		);
		await onSealed?.(sealed);
		return sealed;
	});
}

/** The player chose to start over: the attempt stops being offered, its answers stay stored. */
export async function abandonAttempt(
	db: PocketDb,
	attemptId: string,
	clock: Clock = systemClock
): Promise<void> {
	await db.attempts
		.where('id')
		.equals(attemptId)
		.and((a) => a.status === 'active')
		.modify({ status: 'abandoned', updatedAt: clock.now() });
}

/**
 * Questions of one bank version, in the order of `ids`, through that version's manifest (rows
 * are shared between versions, keyed by content). Ids the version does not have are skipped.
 */
export async function questionsOf(
	db: PocketDb,
	bankId: string,
	version: string,
	ids: readonly string[]
): Promise<QuestionRow[]> {
	const manifest = await db.manifests.get([bankId, version]);
	return manifest ? questionsIn(db, bankId, manifest, ids) : [];
}

/** The rows of `ids` through a version's manifest, in the order of `ids` (see questionsOf). */
async function questionsIn(
	db: PocketDb,
	bankId: string,
	manifest: Pick<ManifestRow, 'questions'>,
	ids: readonly string[]
): Promise<QuestionRow[]> {
	const keys = ids.flatMap((id): [string, string, string][] => {
		const rev = manifest.questions[id];
		return rev ? [[bankId, id, rev]] : [];
	});
	const rows = await db.questions.bulkGet(keys);
	return rows.filter((r): r is QuestionRow => r !== undefined);
}

export function attemptSummary(attempt: Attempt, answers: readonly AttemptAnswer[]) {
	return summarizeAttempt(attempt.questionIds, answers);
}
