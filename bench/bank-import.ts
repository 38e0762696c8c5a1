import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importQuestions } from '../scripts/lib/bank-io/import';
import { round } from './bank-compile';
import { generateImportCsv } from './import-rows';
import { median, type Metric } from './run';

/** Wall time and CPU time (user + system, ms) of each run. */
async function timeImport(n: number, runs: number): Promise<{ wall: number[]; cpu: number[] }> {
	const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
	const file = join(dir, `bank-${n}.csv`);
	writeFileSync(file, generateImportCsv(n));
	const times: number[] = [];
	const cpu: number[] = [];
	try {
		for (let i = 0; i < runs; i++) {
			const banksDir = join(dir, `run-${i}`, 'question-banks');
			mkdirSync(banksDir, { recursive: true });
			const c0 = process.cpuUsage();
			const t0 = performance.now();
			const report = await importQuestions({
				file,
				bankId: 'bench-import',
				banksDir,
				partial: true,
				today: '2026-12-04'
			});
			times.push(performance.now() - t0);
			const c = process.cpuUsage(c0);
			cpu.push((c.user + c.system) / 1000);
			if (!report.written.length) throw new Error(`the ${n}-row import wrote nothing`);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	return { wall: times, cpu };
}

/**
 * import_10k_rows_ms: `npm run banks -- import` of a generated 10,000-row CSV file (3 MB; a third
 * of the rows become drafts, 2 % duplicates and near duplicates), reading, checking every row,
 * the duplicate and near-duplicate search and writing the YAML, in one process (median of 3).
 * import_100k_rows_ms: the same for 100,000 rows (30 MB), one run. The *_cpu_ms twins are the
 * process's CPU time over the same runs (garbage collection on a second core included).
 */
export async function measureBankImport(): Promise<Metric[]> {
	const ten = await timeImport(10_000, 3);
	const hundred = await timeImport(100_000, 1);
	// CPU time too: on a shared machine the wall time says more about the neighbours.
	return [
		{ metric: 'import_10k_rows_ms', value: round(median(ten.wall)), unit: 'ms' },
		{ metric: 'import_10k_rows_cpu_ms', value: round(median(ten.cpu)), unit: 'ms' },
		{ metric: 'import_100k_rows_ms', value: round(hundred.wall[0] ?? 0), unit: 'ms' },
		{ metric: 'import_100k_rows_cpu_ms', value: round(hundred.cpu[0] ?? 0), unit: 'ms' }
	];
}
