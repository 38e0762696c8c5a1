/**
 * 知识竞赛 on the device. The listing, the member's paper (no keys), results and boards come from
 * the server whenever the app is online and are kept per member, so a paper downloaded before
 * the window plays offline inside it and the boards read offline after. A try is stored like an
 * attempt: each answer the moment it is given, and handing in seals the try and queues its
 * submission (the `competition` record) in one transaction.
 */
import type {
	CompetitionBoard,
	CompetitionListing,
	CompetitionSubmission,
	MemberPaper,
	MemberResult
} from '$lib/core/competition/types';
import { uuidv7 } from '$lib/core/ids';
import { callApi, type ApiResult } from './api';
import type { CompetitionAnswerRow, CompetitionRunRow, MemberRow, PaperRow, PocketDb } from './db';
import { enqueue } from './outbox';

/** How the store reaches the server: `callApi` in the app, something else in tests. */
export type CompetitionApi = <T>(path: string, token: string) => Promise<ApiResult<T>>;

const defaultApi: CompetitionApi = (path, token) => callApi(path, { token });

export interface RefreshOutcome {
	ok: boolean;
	/** What went wrong, in words, when the listing could not be read. */
	message?: string;
	/** Papers downloaded in this run. */
	papers: number;
}

/**
 * Bring the member's competitions up to date: the listing, every paper the member may still
 * play (downloaded once, ahead of the window), and, for competitions the member took part in,
 * the result and (once released) the boards. Failures of single downloads are left for the next
 * run; only the listing's failure is reported.
 */
export async function refreshCompetitions(
	db: PocketDb,
	member: MemberRow,
	now: number = Date.now(),
	api: CompetitionApi = defaultApi
): Promise<RefreshOutcome> {
	const listed = await api<{ competitions: CompetitionListing[]; serverNow: number }>(
		'/api/competitions',
		member.token
	);
	if (!listed.ok) return { ok: false, message: listed.message, papers: 0 };
	const listings = listed.data.competitions;
	await db.transaction('rw', db.competitions, async () => {
		const ids = new Set(listings.map((c) => c.id));
		const old = await db.competitions.where('memberId').equals(member.id).toArray();
		// A competition the server no longer lists (withdrawn, or closed long ago) leaves the list;
		// tries, results and boards of it stay.
		await db.competitions.bulkDelete(
			old.filter((c) => !ids.has(c.id)).map((c): [string, string] => [member.id, c.id])
		);
		await db.competitions.bulkPut(
			listings.map((c) => ({ ...c, memberId: member.id, fetchedAt: now }))
		);
	});
	let papers = 0;
	for (const c of listings) {
		const path = `/api/competitions/${encodeURIComponent(c.id)}`;
		if (c.status === 'upcoming' || c.status === 'open') {
			const have = await db.papers.get([member.id, c.id]);
			// The window and tries stay editable until it opens: a paper downloaded earlier keeps
			// the listing's latest ones (its questions are frozen at publication).
			if (
				have &&
				(have.opensAt !== c.opensAt ||
					have.closesAt !== c.closesAt ||
					have.graceMs !== c.graceMs ||
					have.tries !== c.tries)
			) {
				await db.papers.update([member.id, c.id], {
					opensAt: c.opensAt,
					closesAt: c.closesAt,
					graceMs: c.graceMs,
					tries: c.tries
				});
			}
			if (!have) {
				const paper = await api<MemberPaper>(`${path}/paper`, member.token);
				if (paper.ok) {
					await db.papers.put({ ...paper.data, memberId: member.id, downloadedAt: now });
					papers += 1;
				}
			}
		}
		const tried = c.triesUsed > 0 || (await runsOf(db, member.id, c.id)).length > 0;
		if (!tried && !c.released) continue;
		const stored = await db.competitionResults.get([member.id, c.id]);
		let released = c.released || stored?.released === true;
		if (!stored?.released || stored.submissions.length < c.triesUsed) {
			const result = await api<MemberResult>(`${path}/result`, member.token);
			if (result.ok) {
				await db.competitionResults.put({ ...result.data, memberId: member.id, fetchedAt: now });
				released ||= result.data.released;
			}
		}
		if (released) {
			const board = await db.competitionBoards.get([member.id, c.id]);
			if (!board?.final) {
				const fresh = await api<CompetitionBoard>(`${path}/board`, member.token);
				if (fresh.ok) {
					await db.competitionBoards.put({ ...fresh.data, memberId: member.id, fetchedAt: now });
				}
			}
		}
	}
	return { ok: true, papers };
}

/** The member's tries at a competition on this device, oldest first. */
export async function runsOf(
	db: PocketDb,
	memberId: string,
	competitionId: string
): Promise<CompetitionRunRow[]> {
	const rows = await db.competitionRuns
		.where('[memberId+competitionId]')
		.equals([memberId, competitionId])
		.toArray();
	return rows.sort((a, b) => a.startedAt - b.startedAt);
}

/**
 * Why a new try cannot start now, or null when it can. The device's clock decides offline (the
 * server bounds it again on upload); tries count the server's and this device's, whichever is
 * more, since a try handed in offline is not on the server yet.
 */
export function startRefusal(
	paper: Pick<MemberPaper, 'opensAt' | 'closesAt' | 'tries'>,
	finishedHere: number,
	triesOnServer: number,
	now: number
): string | null {
	if (now < paper.opensAt) return '竞赛尚未开始';
	if (now > paper.closesAt) return '竞赛已结束';
	if (Math.max(finishedHere, triesOnServer) >= paper.tries) {
		return `您已用完 ${paper.tries} 次答题机会`;
	}
	return null;
}

export class CompetitionStartError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CompetitionStartError';
	}
}

/**
 * Start a try on the downloaded paper, or return the one already under way (a reload, a second
 * tab). Refuses outside the window or with no tries left.
 */
export async function startRun(
	db: PocketDb,
	memberId: string,
	paper: PaperRow,
	now: number = Date.now()
): Promise<CompetitionRunRow> {
	return db.transaction('rw', db.competitionRuns, db.competitions, async () => {
		const runs = await runsOf(db, memberId, paper.competitionId);
		const active = runs.find((r) => r.status === 'active');
		if (active) return active;
		const listing = await db.competitions.get([memberId, paper.competitionId]);
		const finished = runs.filter((r) => r.status === 'finished').length;
		const refusal = startRefusal(paper, finished, listing?.triesUsed ?? 0, now);
		if (refusal) throw new CompetitionStartError(refusal);
		const run: CompetitionRunRow = {
			id: uuidv7(now, crypto.getRandomValues(new Uint8Array(10))),
			memberId,
			competitionId: paper.competitionId,
			questionIds: paper.questions.map((q) => q.id),
			startedAt: now,
			status: 'active',
			updatedAt: now
		};
		await db.competitionRuns.add(run);
		return run;
	});
}

/**
 * Store one answer of a try. The first answer to a question is final (a double tap or a second
 * tab cannot change it); answers after handing in are refused.
 */
export async function recordCompetitionAnswer(
	db: PocketDb,
	runId: string,
	answer: Omit<CompetitionAnswerRow, 'runId'>
): Promise<CompetitionAnswerRow> {
	return db.transaction('rw', db.competitionRuns, db.competitionAnswers, async () => {
		const run = await db.competitionRuns.get(runId);
		if (!run) throw new Error(`competition try ${runId} not found`);
		if (run.status !== 'active') throw new Error('这份答卷已经交卷');
		if (!run.questionIds.includes(answer.questionId)) {
			throw new Error(`question ${answer.questionId} is not in this paper`);
		}
		const existing = await db.competitionAnswers.get([runId, answer.questionId]);
		if (existing) return existing;
		const row: CompetitionAnswerRow = { ...answer, runId };
		await db.competitionAnswers.add(row);
		await db.competitionRuns.update(runId, { updatedAt: answer.answeredAt });
		return row;
	});
}

export async function answersOfRun(db: PocketDb, runId: string): Promise<CompetitionAnswerRow[]> {
	return db.competitionAnswers.where('runId').equals(runId).toArray();
}

/**
 * The submission of a finished try: its answers in paper order, canonical keys, whole ms.
 *
 * @example buildSubmission(run, answers) // → { protocol: 1, id, competitionId, startedAt, ... }
 */
export function buildSubmission(
	run: CompetitionRunRow & { finishedAt: number },
	answers: readonly CompetitionAnswerRow[]
): CompetitionSubmission {
	const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
	return {
		protocol: 1,
		id: run.id,
		competitionId: run.competitionId,
		startedAt: Math.round(run.startedAt),
		finishedAt: Math.round(Math.max(run.finishedAt, run.startedAt)),
		answers: run.questionIds.flatMap((questionId) => {
			const a = byQuestion.get(questionId);
			return a
				? [
						{
							questionId,
							response: a.response,
							elapsedMs: Math.round(a.elapsedMs),
							answeredAt: Math.round(a.answeredAt)
						}
					]
				: [];
		})
	};
}

/**
 * Hand in (交卷): seal the try and queue its submission together, or not at all. Handing in a
 * try already handed in changes nothing.
 */
export async function sealRun(
	db: PocketDb,
	runId: string,
	title: string,
	now: number = Date.now()
): Promise<CompetitionRunRow> {
	return db.transaction('rw', [db.competitionRuns, db.competitionAnswers, db.outbox], async () => {
		const run = await db.competitionRuns.get(runId);
		if (!run) throw new Error(`competition try ${runId} not found`);
		if (run.status === 'finished') return run;
		const sealed = {
			...run,
			status: 'finished' as const,
			finishedAt: now,
			updatedAt: now,
			clock: undefined
		};
		await db.competitionRuns.put(sealed);
		await enqueue(
			db,
			{
				id: run.id,
				kind: 'competition',
				payload: buildSubmission(sealed, await answersOfRun(db, runId)),
				memberId: run.memberId,
				label: `竞赛答卷：${title}`
			},
			now
		);
		return sealed;
	});
}
