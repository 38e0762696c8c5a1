// Adds up the Vitest and Playwright JSON reports into the one line CI reads:
// `N passed, N failed`. A missing or unreadable report counts as one failure, so a runner that
// crashed before writing its report can never look green.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;

function read(path) {
	if (!existsSync(path)) {
		console.error(`missing test report: ${path}`);
		failed += 1;
		return null;
	}
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch {
		console.error(`unreadable test report: ${path}`);
		failed += 1;
		return null;
	}
}

const vitest = read('reports/vitest.json');
if (vitest) {
	passed += vitest.numPassedTests ?? 0;
	failed += (vitest.numFailedTests ?? 0) + (vitest.numRuntimeErrorTestSuites ?? 0);
	// A test file that failed to load has no tests in it but must still count.
	for (const file of vitest.testResults ?? []) {
		if (file.status === 'failed' && !(file.assertionResults ?? []).length) failed += 1;
	}
}

const playwright = read('reports/playwright.json');
if (playwright) {
	const s = playwright.stats ?? {};
	passed += (s.expected ?? 0) + (s.flaky ?? 0);
	failed += s.unexpected ?? 0;
	failed += (playwright.errors ?? []).length;
}

console.log(`${passed} passed, ${failed} failed`);
