/**
 * export_xlsx_5k_ms: a branch's results exported to Excel as a secretary gets them after a
 * competition with 5,000 entrants: 5,000 members with four attempts and three check-ins each in
 * the month (20,000 detail rows), read from SQLite, shaped by core and written by exceljs. Median
 * of three exports after a warm-up, in Node, on an embedded database built for the bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeDatabase, openSqliteDatabase } from '../src/lib/server/database';
import { exportGroupResults } from '../src/lib/server/results-export';
import { round } from './bank-compile';
import { insertBenchGroup } from './ingest';
import { median, type Metric } from './run';

const MEMBERS = 5000;
const ATTEMPTS_EACH = 4;
const NOW = Date.parse('2026-11-29T10:00:00+08:00');
const DAY = 86_400_000;

export async function measureResultsExport(): Promise<Metric[]> {
	const dir = mkdtempSync(join(tmpdir(), 'pocket-export-'));
	const { db } = await openSqliteDatabase(join(dir, 'export.sqlite'));
	try {
		await insertBenchGroup(db, NOW, '知识竞赛支部');
		const modes = ['practice', 'timed', 'challenge', 'daily'];
		await db.transaction().execute(async (trx) => {
			for (let m = 0; m < MEMBERS; m++) {
				const id = `m${m}`;
				await trx
					.insertInto('member')
					.values({
						id,
						group_id: 'g',
						display_name: `参赛者${m}号`,
						on_roster: 0,
						recovery_hash: null,
						created_at: NOW - 60 * DAY
					})
					.execute();
				const finished = (i: number) => NOW - (1 + ((m + i * 7) % 25)) * DAY;
				await trx
					.insertInto('attempt')
					.values(
						Array.from({ length: ATTEMPTS_EACH }, (_, i) => ({
							id: `${id}-${i}`,
							member_id: id,
							group_id: 'g',
							bank_id: 'party-history-basics',
							bank_version: '1.0.0',
							mode: modes[i] ?? 'practice',
							competition_id: null,
							device_started_at: finished(i) - 300_000,
							device_finished_at: finished(i),
							received_at: finished(i) + 5000,
							correct: 7 + (m % 4),
							total: 10,
							answering_ms: 240_000,
							payload: '{}',
							points: 7000 + (m % 3000)
						}))
					)
					.execute();
				await trx
					.insertInto('checkin')
					.values(
						['2026-11-20', '2026-11-21', '2026-11-22'].map((day) => ({
							member_id: id,
							day,
							kind: 'yun',
							group_id: 'g',
							lecture_id: null,
							device_at: NOW - 5 * DAY,
							received_at: NOW - 5 * DAY
						}))
					)
					.execute();
			}
		});
		const admin = { id: 'a', username: 'admin', orgId: 'o', scope: 'org' as const };
		const titles = new Map([['party-history-basics', '党史基础知识']]);
		const run = async () => {
			const t0 = performance.now();
			const file = await exportGroupResults(db, admin, 'g', { from: null, to: null }, titles, NOW);
			if (file.participants !== MEMBERS || file.attempts !== MEMBERS * ATTEMPTS_EACH) {
				throw new Error(`export counted ${file.participants} / ${file.attempts}`);
			}
			return performance.now() - t0;
		};
		await run();
		const times = [await run(), await run(), await run()];
		return [{ metric: 'export_xlsx_5k_ms', value: round(median(times)), unit: 'ms' }];
	} finally {
		await closeDatabase(db);
		rmSync(dir, { recursive: true, force: true });
	}
}
