import { Launcher, launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumLaunchOptions, withFeaturesDisabled } from '../playwright.config';
import { round } from './bank-compile';
import type { BenchContext, Metric } from './run';

const PAGES = ['/', '/study', '/practice/party-history-basics', '/checkin'];

/**
 * lighthouse_perf_min: the lowest Lighthouse 12 performance score (0–100) of the four first
 * screens, each a first visit (Lighthouse resets storage) with its default mobile preset: a
 * mid-range phone, 4× CPU slowdown and slow 4G, simulated. lighthouse_tbt_max_ms and
 * lighthouse_cls_max: the worst total blocking time and layout shift among them. Debian's Chromium,
 * started by chrome-launcher (headless).
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
			const result = await lighthouse(`${base}${path}`, {
				port: chrome.port,
				output: 'json',
				logLevel: 'error',
				onlyCategories: ['performance']
			});
			const lhr = result?.lhr;
			if (!lhr) throw new Error(`Lighthouse returned no report for ${path}`);
			if (lhr.runtimeError) throw new Error(`Lighthouse on ${path}: ${lhr.runtimeError.message}`);
			const score = lhr.categories.performance?.score;
			if (typeof score !== 'number') throw new Error(`Lighthouse gave ${path} no score`);
			scores.push(score * 100);
			tbt.push(lhr.audits['total-blocking-time']?.numericValue ?? NaN);
			cls.push(lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN);
			console.error(
				`lighthouse ${path}: ${Math.round(score * 100)}, TBT ${Math.round(tbt.at(-1) ?? 0)} ms, ` +
					`LCP ${Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0)} ms, ` +
					`CLS ${(cls.at(-1) ?? 0).toFixed(3)}`
			);
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
