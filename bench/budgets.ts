/**
 * Budgets the bench enforces: a measured metric over (or, for rates, under) its budget prints a
 * `BUDGET EXCEEDED` line and makes `npx tsx bench/run.ts` exit non-zero. The page weights are what
 * keeps the shell chunk honest now that vite.config.ts picks it from the import graph rather than
 * from file names: a change that moves code onto every first visit shows up here.
 */
export interface Budget {
	/** The metric may not be above this (KiB, ms). */
	max?: number;
	/** The metric may not be below this (rates). */
	min?: number;
	/** Where the number comes from, for the failure line. */
	why: string;
}

export const BUDGETS: Record<string, Budget> = {
	// Issue #3's budget for a first visit to a practice page.
	practice_js_gz_kb: { max: 70, why: 'first visit to a practice page (issue #14; #3 had 80)' },
	// Issue #10: page weights stay within 1 KiB of the README's figures of 2026-12-04 or shrink.
	home_js_gz_kb: { max: 85.1, why: '今日 first visit: README 84.1 + 1' },
	checkin_js_gz_kb: { max: 87.5, why: '打卡 first visit: README 86.5 + 1' },
	quiz_js_gz_kb: { max: 96.6, why: 'quiz first visit: README 93.8–95.6 + 1' },
	// Issue #14: each script file costs a cheap phone's main thread time of its own on a cold
	// start; the first screens' code is grouped by scripts/lib/chunk-groups.ts (before: 今日 22,
	// 打卡 25, practice 8, the quiz 26 files). A count, so the same on a busy machine; one file of slack.
	home_js_files: { max: 12, why: '今日 first visit: 11 files + 1 (issue #14)' },
	checkin_js_files: { max: 13, why: '打卡 first visit: 12 files + 1 (issue #14)' },
	practice_js_files: { max: 8, why: 'practice first visit: 7 files + 1 (issue #14)' },
	quiz_js_files: { max: 14, why: 'quiz first visit: 13 files + 1 (issue #14)' },
	// A size, not a time: the same on a busy machine.
	bank_delta_ratio: { max: 0.05, why: 'README budget' },
	// Issue #14: no layout shift on a first visit to 今日 and 学习 (a ratio, not a time).
	cls_home: { max: 0.02, why: 'issue #14' },
	cls_study: { max: 0.02, why: 'issue #14' }
	// Times are not enforced here: on a machine shared with other work they come out up to twice
	// as slow (README), so a failure would say more about the machine than about the code.
};

/** The failure line for a metric outside its budget, or null when it is within (or has none). */
export function overBudget(metric: string, value: number, unit: string): string | null {
	const budget = BUDGETS[metric];
	if (!budget) return null;
	if (budget.max !== undefined && value > budget.max) {
		return `BUDGET EXCEEDED: ${metric} = ${value} ${unit} > ${budget.max} (${budget.why})`;
	}
	if (budget.min !== undefined && value < budget.min) {
		return `BUDGET EXCEEDED: ${metric} = ${value} ${unit} < ${budget.min} (${budget.why})`;
	}
	return null;
}
