/**
 * Upload throughput against the built server: many members each sending finished 20-answer
 * attempts to POST /api/sync (autocannon, 10 s, 64 connections), on SQLite and, when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server, on PostgreSQL. Beside it,
 * the same rows inserted straight into SQLite in one process, without HTTP (the database's
 * floor), and the same load on GET /api/health (the HTTP and SvelteKit floor); the server's CPU
 * time per upload and the load generator's share of a core say where a busy machine's time went.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { uuidv7 } from '../src/lib/core/ids';
import type { AttemptUpload } from '../src/lib/core/sync/attempt';
import type { BankBundle } from '../src/lib/core/bank/bundle';
import { closeDatabase, openSqliteDatabase, type Db } from '../src/lib/server/database';
import { round } from './bank-compile';
import type { Metric } from './run';
import { postJson, startBenchServer } from './server';

const MEMBERS = 500;
const DURATION_S = 10;
const CONNECTIONS = 64;
/** Enough bodies for 10 s at 4,000 uploads/s. */
const PREMADE_BODIES = 40_000;

export function realBank(): BankBundle {
	const dir = 'static/banks';
	const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
		banks: { id: string; url: string }[];
	};
	const entry = index.banks.find((b) => b.id === 'party-history-basics') ?? index.banks[0];
	if (!entry) throw new Error('no compiled bank: run npm run banks first');
	return JSON.parse(readFileSync(join(dir, entry.url), 'utf8')) as BankBundle;
}

export function attemptFactory(bank: BankBundle) {
	const singles = bank.questions.filter((q) => q.type === 'single').slice(0, 20);
	if (singles.length < 20) throw new Error('the bank needs 20 single-choice questions');
	let seq = 0;
	return (): AttemptUpload => {
		const now = Date.now();
		return {
			protocol: 1,
			id: uuidv7(now, randomBytes(10)),
			mode: 'practice',
			bankId: bank.bank.id,
			bankVersion: bank.bank.version,
			// Distinct in every attempt made within one millisecond: the server refuses copies.
			startedAt: now - 120_000 - (seq++ % 100_000),
			finishedAt: now,
			answers: singles.map((q, i) => ({
				questionId: q.id,
				response: i % 3 ? (q.type === 'single' ? q.answer : 'A') : 'A',
				elapsedMs: 3000 + i,
				answeredAt: now - 100_000 + i * 5000
			}))
		};
	};
}

export async function loadTest(
	env: Record<string, string>,
	port: number,
	label: string,
	nodeArgs: string[] = [],
	/** Also load GET /api/health the same way (the HTTP floor); a profile of uploads alone not. */
	withFloor = true
): Promise<Metric[]> {
	const server = await startBenchServer(port, env, nodeArgs);
	try {
		const { group } = await postJson<{ group: { joinCode: string } }>(
			`${server.url}/api/admin/groups`,
			{ kind: 'branch', name: '压测支部' },
			{ cookie: server.adminCookie }
		);
		const tokens: string[] = [];
		for (let i = 0; i < MEMBERS; i++) {
			const m = await postJson<{ token: string }>(`${server.url}/api/join`, {
				code: group.joinCode,
				displayName: `成员${i}`
			});
			tokens.push(m.token);
		}
		// The bodies are made before the clock starts: making them while it runs took CPU from the
		// server on the same two cores. Past the last one (a far faster server), more are made.
		const makeAttempt = attemptFactory(realBank());
		const body = () => JSON.stringify({ records: [{ kind: 'attempt', payload: makeAttempt() }] });
		const bodies = Array.from({ length: PREMADE_BODIES }, body);
		let n = 0;
		const client0 = process.cpuUsage();
		const server0 = server.cpuSeconds();
		const t0 = performance.now();
		const result = await autocannon({
			url: `${server.url}/api/sync`,
			connections: CONNECTIONS,
			duration: DURATION_S,
			requests: [
				{
					method: 'POST',
					setupRequest: (req) => {
						const token = tokens[n % tokens.length];
						const premade = bodies[n];
						bodies[n++] = '';
						return {
							...req,
							headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
							body: premade || body()
						};
					}
				}
			]
		});
		const wall = (performance.now() - t0) / 1000;
		const client = process.cpuUsage(client0);
		const serverCpu = server.cpuSeconds() - server0;
		if (result.non2xx || result.errors) {
			throw new Error(`${label}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
		}
		// The same load on the cheapest request the server answers (GET /api/health: one
		// `select 1`, no body): the most any request gets through SvelteKit and HTTP here.
		const floor = withFloor
			? await autocannon({
					url: `${server.url}/api/health`,
					connections: CONNECTIONS,
					duration: DURATION_S
				})
			: null;
		return [
			...(floor
				? [
						{
							metric: `ingest_${label}_http_floor_per_s`,
							value: round(floor.requests.average),
							unit: 'requests/s'
						}
					]
				: []),
			{
				metric: `ingest_${label}_per_s`,
				value: round(result.requests.average),
				unit: 'attempts/s'
			},
			{ metric: `ingest_${label}_p99_ms`, value: round(result.latency.p99), unit: 'ms' },
			// What the server spent per upload (all its threads), a figure a busy machine moves far
			// less than the rate; and the share of a core the load generator itself took.
			{
				metric: `ingest_${label}_server_cpu_us`,
				value: Math.round((serverCpu * 1e6) / result.requests.total),
				unit: 'µs/request'
			},
			{
				metric: `ingest_${label}_client_cpu_pct`,
				value: Math.round(((client.user + client.system) / 1e6 / wall) * 100),
				unit: '% of a core'
			}
		];
	} finally {
		await server.stop();
	}
}

/** An org 'o' with one branch 'g', straight into a bench database. */
export async function insertBenchGroup(db: Db, now: number, name = 'g'): Promise<void> {
	await db
		.insertInto('org')
		.values({ id: 'o', name: '金河镇', time_zone: 'Asia/Shanghai', created_at: now })
		.execute();
	await db
		.insertInto('study_group')
		.values({ id: 'g', org_id: 'o', kind: 'branch', name, join_code: 'XXXXXX', created_at: now })
		.execute();
}

/** The floor: the same attempt rows straight into SQLite, one transaction each, no HTTP. */
async function sqliteFloor(): Promise<Metric> {
	const dir = mkdtempSync(join(tmpdir(), 'pocket-floor-'));
	const { db } = await openSqliteDatabase(join(dir, 'floor.sqlite'));
	try {
		const now = Date.now();
		await insertBenchGroup(db, now);
		await db
			.insertInto('member')
			.values({
				id: 'm',
				group_id: 'g',
				display_name: 'm',
				on_roster: 0,
				recovery_hash: null,
				created_at: now
			})
			.execute();
		const makeAttempt = attemptFactory(realBank());
		const count = 5000;
		const rows = Array.from({ length: count }, makeAttempt);
		const t0 = performance.now();
		for (const a of rows) {
			await db.transaction().execute((trx) =>
				trx
					.insertInto('attempt')
					.values({
						id: a.id,
						member_id: 'm',
						group_id: 'g',
						bank_id: a.bankId,
						bank_version: a.bankVersion,
						mode: a.mode,
						competition_id: null,
						device_started_at: a.startedAt,
						device_finished_at: a.finishedAt,
						received_at: now,
						correct: 20,
						total: 20,
						answering_ms: 60_000,
						payload: JSON.stringify(a)
					})
					.execute()
			);
		}
		const seconds = (performance.now() - t0) / 1000;
		return {
			metric: 'ingest_sqlite_floor_per_s',
			value: round(count / seconds),
			unit: 'attempts/s'
		};
	} finally {
		await closeDatabase(db);
		rmSync(dir, { recursive: true, force: true });
	}
}

async function freshPostgres(
	adminUrl: string
): Promise<{ url: string; drop: () => Promise<void> }> {
	const name = `pocket_bench_${Date.now()}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: async () => {
			const c = new pg.Client({ connectionString: adminUrl });
			await c.connect();
			await c.query(`drop database if exists ${name} with (force)`);
			await c.end();
		}
	};
}

export async function measureIngest(): Promise<Metric[]> {
	// (Not 4190: fetch refuses that port, the spec's "bad ports" list has it.)
	const metrics = [...(await loadTest({}, 4195, 'sqlite')), await sqliteFloor()];
	const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
	if (!pgUrl)
		console.error('ingest_postgres_*: skipped, set BENCH_DATABASE_URL to a PostgreSQL server');
	else {
		const fresh = await freshPostgres(pgUrl);
		try {
			metrics.push(...(await loadTest({ DATABASE_URL: fresh.url }, 4196, 'postgres')));
		} finally {
			await fresh.drop();
		}
	}
	return metrics;
}
