/**
 * `npx tsx bench/ingest-inprocess.ts [N]`: the server's side of one upload (token lookup, body,
 * validation, re-scoring, storing, answer) called in this process N times for 1-attempt requests
 * and N/10 times for 50-attempt requests, without HTTP, on a fresh SQLite file. Prints the CPU
 * microseconds per request and per attempt: the figure a change to the ingest path moves, and
 * one a busy machine disturbs far less than a load test's throughput. Run it under
 * `node --cpu-prof --import tsx bench/ingest-inprocess.ts` for a profile of just this path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadBankRegistry } from '../src/lib/server/bank-registry';
import { closeDatabase, openSqliteDatabase } from '../src/lib/server/database';
import { joinWithName } from '../src/lib/server/members';
import { memberFromToken } from '../src/lib/server/members';
import { syncResponse } from '../src/lib/server/sync';
import { createGroup } from '../src/lib/server/groups';
import { ensureOrg } from '../src/lib/server/accounts';
import { attemptFactory, realBank } from './ingest';

const N = Number(process.argv[2] ?? 3000);
const dir = mkdtempSync(join(tmpdir(), 'pocket-inproc-'));
const { db } = await openSqliteDatabase(join(dir, 'bench.sqlite'));
try {
	const registry = await loadBankRegistry('static/banks');
	const org = await ensureOrg(db);
	const admin = { id: 'bench', username: 'bench', orgId: org, scope: 'org' as const };
	const group = await createGroup(db, admin, { kind: 'branch', name: '压测支部' });
	const tokens: string[] = [];
	for (let i = 0; i < 100; i++) {
		tokens.push((await joinWithName(db, group.joinCode, `成员${i}`)).token);
	}
	const makeAttempt = attemptFactory(realBank());
	const run = async (requests: number, perRequest: number) => {
		const bodies = Array.from({ length: requests }, () =>
			JSON.stringify({
				records: Array.from({ length: perRequest }, () => ({
					kind: 'attempt',
					payload: makeAttempt()
				}))
			})
		);
		const cpu0 = process.cpuUsage();
		const t0 = performance.now();
		for (const [i, body] of bodies.entries()) {
			const authorization = `Bearer ${tokens[i % tokens.length]}`;
			const request = new Request('http://localhost/api/sync', {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization },
				body
			});
			const member = await memberFromToken(db, authorization);
			const response = await syncResponse(request, { db, registry, member });
			const answer = (await response.json()) as { results: { status: string }[] };
			if (answer.results.some((r) => r.status !== 'accepted'))
				throw new Error(JSON.stringify(answer.results.find((r) => r.status !== 'accepted')));
		}
		const wall = performance.now() - t0;
		const cpu = process.cpuUsage(cpu0);
		const cpuUs = cpu.user + cpu.system;
		console.log(
			JSON.stringify({
				attemptsPerRequest: perRequest,
				requests,
				cpuUsPerRequest: Math.round(cpuUs / requests),
				cpuUsPerAttempt: Math.round(cpuUs / requests / perRequest),
				wallUsPerRequest: Math.round((wall * 1000) / requests)
			})
		);
	};
	await run(200, 1); // warm up
	await run(N, 1);
	await run(Math.max(1, Math.round(N / 10)), 50);
} finally {
	await closeDatabase(db);
	rmSync(dir, { recursive: true, force: true });
}
