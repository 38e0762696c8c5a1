import { Launcher, launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { chromiumLaunchOptions, withFeaturesDisabled } from '../playwright.config';
import { round } from './bank-compile';
import type { BenchContext, Metric } from './run';

const PAGES = ['/', '/study', '/practice/party-history-basics', '/checkin'];

/**
 * Lighthouse runs per page. One run's TBT moves by a factor of two here from run to run (a page
 * read 125, 233 and 291 ms in three runs in a row), because simulated throttling multiplies each
 * observed main-thread task by four; Lighthouse's own advice (docs/variability.md) is several runs
 * and the run its computeMedianRun picks (the one nearest the median FCP and TTI), which is what
 * is reported. Every run's figures are printed.
 */
const RUNS_PER_PAGE = 5;

/**
 * lighthouse_perf_min: the lowest Lighthouse 12 performance score (0–100) of the four first
 * screens, each a first visit (Lighthouse resets storage) with its default mobile preset: a
 * mid-range phone, 4× CPU slowdown and slow 4G, simulated; for each page the median run of
 * RUNS_PER_PAGE. lighthouse_tbt_max_ms and lighthouse_cls_max: the worst total blocking time and
 * layout shift among those median runs. Debian's Chromium, started by chrome-launcher (headless).
 */
export async function measureLighthouse(ctx: BenchContext): Promise<Metric[]> {
	const base = await ctx.baseUrl();
	const chrome = await launch({
		chromePath: chromiumLaunchOptions.executablePath,
		// chrome-launcher's own flags, ours, and both --disable-features lists as one switch
		// (Chromium reads only the last one given).
		ignoreDefaultFlags: true,
		chromeFlags: withFeaturesDisabled(
			[...Launcher.defaultFlags(), '--headless=new', ...chromiumLaunchOptions.args],
			[]
		)
	});
	const scores: number[] = [];
	const tbt: number[] = [];
	const cls: number[] = [];
	try {
		for (const path of PAGES) {
			const runs: LighthouseResult[] = [];
			for (let run = 0; run < RUNS_PER_PAGE; run++) {
				const lhr = await audit(`${base}${path}`, chrome.port);
				console.error(`lighthouse ${path} run ${run + 1}: ${summary(lhr)}`);
				runs.push(lhr);
			}
			const median = computeMedianRun(runs);
			console.error(`lighthouse ${path} median run: ${summary(median)}`);
			scores.push(scoreOf(median));
			tbt.push(median.audits['total-blocking-time']?.numericValue ?? NaN);
			cls.push(median.audits['cumulative-layout-shift']?.numericValue ?? NaN);
		}
	} finally {
		chrome.kill();
	}
	return [
		{ metric: 'lighthouse_perf_min', value: Math.round(Math.min(...scores)), unit: 'score' },
		{ metric: 'lighthouse_tbt_max_ms', value: round(Math.max(...tbt)), unit: 'ms' },
		{ metric: 'lighthouse_cls_max', value: Math.round(Math.max(...cls) * 1000) / 1000, unit: '' }
	];
}

type LighthouseResult = ReturnType<typeof computeMedianRun>;

/** One Lighthouse run of a page (performance only); a run that failed throws. */
async function audit(url: string, port: number): Promise<LighthouseResult> {
	const result = await lighthouse(url, {
		port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: ['performance']
	});
	const lhr = result?.lhr;
	if (!lhr) throw new Error(`Lighthouse returned no report for ${url}`);
	if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
	scoreOf(lhr);
	return lhr;
}

function scoreOf(lhr: LighthouseResult): number {
	const score = lhr.categories.performance?.score;
	if (typeof score !== 'number')
		throw new Error(`Lighthouse gave ${lhr.finalDisplayedUrl} no score`);
	return score * 100;
}

function summary(lhr: LighthouseResult): string {
	const ms = (audit: string) => Math.round(lhr.audits[audit]?.numericValue ?? 0);
	return (
		`${Math.round(scoreOf(lhr))}, TBT ${ms('total-blocking-time')} ms, ` +
		`LCP ${ms('largest-contentful-paint')} ms, ` +
		`CLS ${(lhr.audits['cumulative-layout-shift']?.numericValue ?? 0).toFixed(3)}`
	);
}
