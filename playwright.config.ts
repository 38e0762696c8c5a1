import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);
// One folder per port, so two suites on one machine never share a database.
export const E2E_DIR = `data/e2e-${PORT}`;
export const E2E_DATABASE = `${E2E_DIR}/e2e.sqlite`;
export const E2E_SETUP_CODE = `${E2E_DIR}/setup-code.txt`;
export const E2E_STATE = `${E2E_DIR}/state.json`;

// Debian's Chromium (apt-get install chromium); any Chromium via CHROMIUM_PATH. Playwright's own
// browser downloads are not available here.
export const chromiumLaunchOptions = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--disable-gpu'
	]
};

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	workers: 2,
	retries: 0,
	// Long enough for a whole round played on a loaded 2-core machine (a 10-question round took
	// over 60 s there with other suites and busy loops running). Time never decides an assertion:
	// timing tests run on a stopped fake clock.
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
	use: {
		baseURL: `http://localhost:${PORT}`,
		browserName: 'chromium',
		launchOptions: chromiumLaunchOptions,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		viewport: { width: 360, height: 740 },
		serviceWorkers: 'allow',
		trace: 'retain-on-failure'
	},
	globalSetup: './tests/e2e/global-setup.ts',
	webServer: {
		// The production build, as users get it (`npm test` builds it first), on a fresh database.
		command: 'node scripts/serve-e2e.mjs',
		url: `http://localhost:${PORT}/api/health`,
		reuseExistingServer: false,
		timeout: 30_000,
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			E2E_DIR,
			DATABASE_PATH: E2E_DATABASE,
			SETUP_CODE_FILE: E2E_SETUP_CODE,
			// Every test browser comes from 127.0.0.1: per-address limits would throttle the suite.
			// The limiter itself is unit-tested.
			RATE_LIMIT_ADDRESS_PER_MIN: '1000000',
			RATE_LIMIT_SECRET_PER_MIN: '1000000',
			RATE_LIMIT_TOKEN_PER_MIN: '1000000'
		}
	}
});
