/**
 * Competitions at town scale, in process on SQLite through the real ingest path (syncBatch, the
 * function POST /api/sync runs after reading the body and the token):
 * - competition_burst_p99_ms: 2,000 members hand in a 40-question paper within 60 s (arrivals
 *   spread over the minute, 8 in flight at a time); every submission must be stored once.
 * - competition_board_5k_ms: the member board, the branch and town boards and the item analysis
 *   for 5,000 entrants.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { uuidv7 } from '../src/lib/core/ids';
import type { Question } from '../src/lib/core/bank/schema';
import type { CompetitionSubmission } from '../src/lib/core/competition/types';
import type { AdminIdentity } from '../src/lib/server/accounts';
import { completeSetup, ensureOrg, issueSetupCode, login } from '../src/lib/server/accounts';
import { closeDatabase, openSqliteDatabase, type Db } from '../src/lib/server/database';
import {
	adminBoard,
	createCompetition,
	itemAnalysis,
	memberPaper,
	publishCompetition
} from '../src/lib/server/competitions';
import { createGroup } from '../src/lib/server/groups';
import { joinWithName, type MemberIdentity } from '../src/lib/server/members';
import { syncBatch } from '../src/lib/server/sync';
import { contestRegistry, CONTEST_BANK, CONTEST_QUESTIONS } from '../tests/server/fixtures';
import { round } from './bank-compile';
import type { Metric } from './run';

const HOUR = 3_600_000;

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

async function setUp(db: Db, members: number, branches: number) {
	await ensureOrg(db);
	const code = (await issueSetupCode(db)) ?? '';
	await completeSetup(db, { code, username: 'admin', password: 'long-enough-1' });
	const admin: AdminIdentity = (await login(db, 'admin', 'long-enough-1')).admin;
	const groups = [];
	for (let b = 0; b < branches; b++) {
		groups.push(await createGroup(db, admin, { kind: 'branch', name: `第${b + 1}支部` }));
	}
	const people: MemberIdentity[] = [];
	for (let i = 0; i < members; i++) {
		const g = groups[i % branches];
		if (!g) throw new Error('no group');
		people.push(await joinWithName(db, g.joinCode, `成员${i}`));
	}
	return { admin, groups, people };
}

function answerFor(q: Question, right: boolean) {
	if (q.type === 'fill') return right ? (q.answer[0] ?? '') : '错';
	if (q.type === 'judge') return right ? q.answer : !q.answer;
	if (q.type === 'single') return right ? q.answer : q.answer === 'A' ? 'B' : 'A';
	return right ? q.answer : [...q.answer].reverse().concat(['D']).slice(0, 3);
}

export async function measureCompetition(): Promise<Metric[]> {
	const dir = mkdtempSync(join(tmpdir(), 'pocket-competition-'));
	const { db } = await openSqliteDatabase(join(dir, 'bench.sqlite'));
	try {
		const registry = await contestRegistry();
		const byId = new Map(CONTEST_QUESTIONS.map((q) => [q.id, q]));
		const { admin, groups, people } = await setUp(db, 5000, 25);
		const opens = Date.now() - HOUR;
		const competition = await createCompetition(
			db,
			registry,
			admin,
			{
				title: '压测竞赛',
				groupIds: groups.map((g) => g.id),
				bankId: CONTEST_BANK.id,
				bankVersion: CONTEST_BANK.version,
				paper: {
					kind: 'draw',
					parts: [
						{ type: 'single', count: 10 },
						{ type: 'multiple', count: 10 },
						{ type: 'judge', count: 10 },
						{ type: 'order', count: 10 }
					]
				},
				opensAt: opens,
				closesAt: opens + 2 * HOUR,
				graceMs: HOUR,
				timeLimit: { per: 'paper', ms: 3_600_000 },
				tries: 1,
				tryRule: 'best',
				release: 'after-window'
			},
			opens - HOUR
		);
		await publishCompetition(db, registry, admin, competition.id, opens - HOUR);

		const submissionOf = async (member: MemberIdentity, i: number, now: number) => {
			const paper = await memberPaper(db, registry, member, competition.id, opens);
			const start = opens + 60_000 + (i % 600) * 1000;
			const answers = paper.questions.map((pq, k) => {
				const q = byId.get(pq.id) as Question;
				return {
					questionId: q.id,
					response: answerFor(q, (i * 7 + k * 3) % 10 < 7),
					elapsedMs: 3000 + ((i + k) % 20) * 250,
					answeredAt: start + (k + 1) * 8000
				};
			});
			const s: CompetitionSubmission = {
				protocol: 1,
				id: uuidv7(now, randomBytes(10)),
				competitionId: competition.id,
				startedAt: start,
				finishedAt: start + 41 * 8000,
				answers
			};
			return s;
		};

		// Burst: the first 2,000 members hand in within 60 s, 8 in flight.
		const burst = people.slice(0, 2000);
		const now = opens + HOUR;
		const prepared = await Promise.all(burst.map((m, i) => submissionOf(m, i, now)));
		// Open loop: member i hands in at t0 + i × 30 ms (2,000 within 60 s); latency is from that
		// moment to the committed answer, so queueing behind earlier submissions counts.
		const latencies: number[] = [];
		let stored = 0;
		const t0 = performance.now();
		const SPACING_MS = 30;
		await Promise.all(
			burst.map(async (member, i) => {
				const due = t0 + i * SPACING_MS;
				const wait = due - performance.now();
				if (wait > 0) await new Promise((r) => setTimeout(r, wait));
				const submission = prepared[i];
				const { results } = await syncBatch(
					db,
					registry,
					member,
					{ records: [{ kind: 'competition', payload: submission }] },
					now + i * SPACING_MS
				);
				latencies.push(performance.now() - due);
				if (results[0]?.status === 'accepted') stored++;
			})
		);
		const burstSeconds = (performance.now() - t0) / 1000;
		const rows = await db
			.selectFrom('competition_entry')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		if (stored !== 2000 || Number(rows.n) !== 2000) {
			throw new Error(`burst stored ${stored} (rows ${rows.n}) of 2000`);
		}
		if (burstSeconds > 60) throw new Error(`burst took ${burstSeconds} s, more than 60`);
		latencies.sort((a, b) => a - b);

		// The other 3,000 entrants, then boards and analysis for 5,000.
		const rest = people.slice(2000);
		for (const [j, m] of rest.entries()) {
			const s = await submissionOf(m, 2000 + j, now);
			await syncBatch(db, registry, m, { records: [{ kind: 'competition', payload: s }] }, now + j);
		}
		const after = opens + 3 * HOUR + 1;
		const runs: number[] = [];
		for (let r = 0; r < 3; r++) {
			const b0 = performance.now();
			const board = await adminBoard(db, admin, competition.id, after);
			const analysis = await itemAnalysis(db, registry, admin, competition.id, after);
			runs.push(performance.now() - b0);
			if (board.entrants !== 5000 || analysis.entrants !== 5000) {
				throw new Error(`boards for ${board.entrants}, analysis for ${analysis.entrants}`);
			}
		}
		runs.sort((a, b) => a - b);
		return [
			{ metric: 'competition_burst_p99_ms', value: round(percentile(latencies, 0.99)), unit: 'ms' },
			{ metric: 'competition_board_5k_ms', value: round(runs[1] ?? 0), unit: 'ms' }
		];
	} finally {
		await closeDatabase(db);
		rmSync(dir, { recursive: true, force: true });
	}
}
