import { Launcher, launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumLaunchOptions, withFeaturesDisabled } from '../playwright.config';
import { round } from './bank-compile';
import { median, type BenchContext, type Metric } from './run';

const PAGES = ['/', '/study', '/practice/party-history-basics', '/checkin'];

/**
 * Lighthouse runs per page. One run's TBT moves by a factor of two or three here from run to run
 * (a page read 58, 60, 123 and 256 ms in four runs in a row), because simulated throttling
 * multiplies each observed main-thread task by four. Lighthouse's own advice (docs/variability.md)
 * is several runs and their median; each figure here is the median of its five values, per page
 * (not Lighthouse's computeMedianRun, which picks the run nearest the median FCP and TTI and
 * reported a TBT of 330 ms from five runs whose median was 202). Every run is printed.
 */
const RUNS_PER_PAGE = 5;

/**
 * lighthouse_perf_min: the lowest Lighthouse 12 performance score (0–100) of the four first
 * screens, each a first visit (Lighthouse resets storage) with its default mobile preset: a
 * mid-range phone, 4× CPU slowdown and slow 4G, simulated; per page the median of RUNS_PER_PAGE
 * runs. lighthouse_tbt_max_ms and lighthouse_cls_max: the worst of the pages' median total
 * blocking time and layout shift. Debian's Chromium, started by chrome-launcher (headless).
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
			const runs: PageRun[] = [];
			for (let run = 0; run < RUNS_PER_PAGE; run++) {
				const result = await audit(`${base}${path}`, chrome.port);
				console.error(`lighthouse ${path} run ${run + 1}: ${summary(result)}`);
				runs.push(result);
			}
			const page: PageRun = {
				score: median(runs.map((r) => r.score)),
				tbt: median(runs.map((r) => r.tbt)),
				lcp: median(runs.map((r) => r.lcp)),
				cls: median(runs.map((r) => r.cls))
			};
			console.error(`lighthouse ${path} median: ${summary(page)}`);
			scores.push(page.score);
			tbt.push(page.tbt);
			cls.push(page.cls);
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

interface PageRun {
	score: number;
	tbt: number;
	lcp: number;
	cls: number;
}

/** One Lighthouse run of a page (performance only); a run that failed throws. */
async function audit(url: string, port: number): Promise<PageRun> {
	const result = await lighthouse(url, {
		port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: ['performance']
	});
	const lhr = result?.lhr;
	if (!lhr) throw new Error(`Lighthouse returned no report for ${url}`);
	if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
	const score = lhr.categories.performance?.score;
	if (typeof score !== 'number') throw new Error(`Lighthouse gave ${url} no score`);
	const value = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
	return {
		score: score * 100,
		tbt: value('total-blocking-time'),
		lcp: value('largest-contentful-paint'),
		cls: value('cumulative-layout-shift')
	};
}

function summary(run: PageRun): string {
	return (
		`${Math.round(run.score)}, TBT ${Math.round(run.tbt)} ms, ` +
		`LCP ${Math.round(run.lcp)} ms, CLS ${run.cls.toFixed(3)}`
	);
}
