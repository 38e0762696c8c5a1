import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileAllBanks } from '../scripts/lib/compile-banks';
import type { Metric } from './run';

/** bank_compile_ms: compiling the repo's banks (median of 5, output to a scratch folder). */
export async function measureBankCompile(): Promise<Metric> {
	const out = mkdtempSync(join(tmpdir(), 'bench-banks-'));
	const times: number[] = [];
	try {
		for (let i = 0; i < 5; i++) {
			const t0 = performance.now();
			await compileAllBanks('question-banks', out);
			times.push(performance.now() - t0);
		}
	} finally {
		rmSync(out, { recursive: true, force: true });
	}
	times.sort((a, b) => a - b);
	return { metric: 'bank_compile_ms', value: round(times[2] ?? 0), unit: 'ms' };
}

export const round = (n: number) => Math.round(n * 10) / 10;
