/**
 * `npm run bench [-- NAME…]`: prints one JSON object per line, {"metric", "value", "unit"}.
 * Measures the production build in Debian's Chromium. Each browser metric is the median of
 * several runs in fresh browser contexts. A metric outside its budget (bench/budgets.ts) prints a
 * `BUDGET EXCEEDED` line on stderr and the run exits with status 1, after every metric asked for.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../playwright.config';
import { measureBankCompile } from './bank-compile';
import { overBudget } from './budgets';
import { measureBankDelta } from './bank-delta';
import { measureBankImport } from './bank-import';
import { measureBankInstall } from './bank-install';
import { measureCardRender } from './card-render';
import { measureCompetition } from './competition';
import { measureDrain } from './drain';
import { measureColdStart, measureFirstVisit } from './first-screen';
import { measureIngest } from './ingest';
import { measureLighthouse } from './lighthouse';
import {
	measureDailyPageWeight,
	measurePageWeight,
	measureServiceWorkerWeight
} from './page-weight';
import { measureQuizWeight } from './quiz-weight';
import { measureResultsExport } from './results-export';
import { measureStageWeight } from './stage-weight';
import { measureStreak } from './streak';

export interface Metric {
	metric: string;
	value: number;
	unit: string;
}

export interface BenchContext {
	browser: () => Promise<Browser>;
	baseUrl: () => Promise<string>;
}

const benches: Record<string, (ctx: BenchContext) => Promise<Metric[]>> = {
	bank_compile_ms: async () => [await measureBankCompile()],
	import_10k_rows_ms: measureBankImport,
	import_100k_rows_ms: measureBankImport,
	import_10k_rows_cpu_ms: measureBankImport,
	import_100k_rows_cpu_ms: measureBankImport,
	bank_install_10k_ms: measureBankInstall,
	bank_install_floor_ms: measureBankInstall,
	bank_delta_ratio: measureBankDelta,
	bank_delta_apply_ms: measureBankDelta,
	practice_js_gz_kb: measurePageWeight,
	practice_js_files: measurePageWeight,
	practice_css_gz_kb: measurePageWeight,
	practice_doc_gz_kb: measurePageWeight,
	bank_worker_js_gz_kb: measurePageWeight,
	home_js_gz_kb: measureDailyPageWeight,
	home_js_files: measureDailyPageWeight,
	checkin_js_gz_kb: measureDailyPageWeight,
	checkin_js_files: measureDailyPageWeight,
	service_worker_js_gz_kb: measureServiceWorkerWeight,
	quiz_js_gz_kb: measureQuizWeight,
	quiz_js_files: measureQuizWeight,
	quiz_pupil_js_gz_kb: measureQuizWeight,
	stage_js_gz_kb: measureStageWeight,
	ingest_sqlite_per_s: measureIngest,
	ingest_sqlite_p99_ms: measureIngest,
	ingest_sqlite_floor_per_s: measureIngest,
	ingest_sqlite_server_cpu_us: measureIngest,
	ingest_sqlite_http_floor_per_s: measureIngest,
	ingest_sqlite_client_cpu_pct: measureIngest,
	ingest_postgres_per_s: measureIngest,
	ingest_postgres_p99_ms: measureIngest,
	ingest_postgres_server_cpu_us: measureIngest,
	ingest_postgres_http_floor_per_s: measureIngest,
	ingest_postgres_client_cpu_pct: measureIngest,
	drain_1000_ms: measureDrain,
	streak_3y_ms: measureStreak,
	card_render_ms: measureCardRender,
	export_xlsx_5k_ms: measureResultsExport,
	competition_burst_p99_ms: measureCompetition,
	competition_board_5k_ms: measureCompetition,
	first_visit_longest_task_ms: measureFirstVisit,
	first_visit_blocking_ms: measureFirstVisit,
	cls_home: measureFirstVisit,
	cls_study: measureFirstVisit,
	cold_practice_ms: measureColdStart,
	cold_practice_4x_ms: measureColdStart,
	cold_home_ms: measureColdStart,
	cold_home_4x_ms: measureColdStart,
	cold_home_4x_document_ms: measureColdStart,
	cold_home_4x_started_ms: measureColdStart,
	cold_home_4x_data_ms: measureColdStart,
	cold_practice_worker_stopped_ms: measureColdStart,
	cold_home_worker_stopped_ms: measureColdStart,
	worker_stopped_first_byte_ms: measureColdStart,
	lighthouse_perf_min: measureLighthouse,
	lighthouse_tbt_max_ms: measureLighthouse,
	lighthouse_cls_max: measureLighthouse
};

/**
 * Every phone our members use has a Chinese font. A machine without one makes Chromium search its
 * fallback fonts for every run of Chinese text, which tripled the first layout here (190 ms
 * instead of 40–70 at 4× CPU) and hid a layout shift that the real font brings (issue #14).
 */
function warnWithoutChineseFont(): void {
	let fonts = '';
	try {
		fonts = execSync('fc-list :lang=zh family', { encoding: 'utf8' });
	} catch {
		// no fontconfig: say so below
	}
	if (!fonts.trim()) {
		console.error(
			'warning: no Chinese font on this machine (apt-get install fonts-noto-cjk); the browser ' +
				'figures will not be what a phone sees'
		);
	}
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted) {
	if (!(name in benches)) {
		console.error(`unknown metric "${name}"; known: ${Object.keys(benches).join(', ')}`);
		process.exit(2);
	}
}
const names = wanted.length ? wanted : Object.keys(benches);
warnWithoutChineseFont();

let server: ChildProcess | undefined;
let browser: Browser | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'pocket-bench-'));
const PORT = Number(process.env.BENCH_PORT ?? 4180);

const ctx: BenchContext = {
	async browser() {
		browser ??= await chromium.launch(chromiumLaunchOptions);
		return browser;
	},
	async baseUrl() {
		const url = `http://127.0.0.1:${PORT}`;
		if (server) return url;
		if (!existsSync('build/index.js')) {
			execSync('npx tsx scripts/banks.ts && npx vite build', { stdio: 'ignore' });
		}
		server = spawn('node', ['scripts/serve.mjs'], {
			env: {
				...process.env,
				PORT: String(PORT),
				HOST: '127.0.0.1',
				DATABASE_PATH: join(dataDir, 'bench.sqlite')
			},
			stdio: 'ignore'
		});
		for (let i = 0; i < 100; i++) {
			try {
				if ((await fetch(`${url}/api/health`)).ok) return url;
			} catch {
				// not up yet
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error('the built server did not start');
	}
};

const ran = new Set<(ctx: BenchContext) => Promise<Metric[]>>();
const exceeded: string[] = [];
try {
	for (const name of names) {
		const bench = benches[name];
		// One function measures several metrics; run it once even when one of them is missing
		// (the PostgreSQL ones without a database URL).
		if (!bench || ran.has(bench)) continue;
		ran.add(bench);
		for (const m of await bench(ctx)) {
			if (!names.includes(m.metric)) continue;
			console.log(JSON.stringify(m));
			const failure = overBudget(m.metric, m.value, m.unit);
			if (failure) exceeded.push(failure);
		}
	}
} finally {
	await browser?.close();
	server?.kill();
	rmSync(dataDir, { recursive: true, force: true });
}
for (const failure of exceeded) console.error(failure);
if (exceeded.length) process.exitCode = 1;

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
