import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);
// One folder per port, so two suites on one machine never share a database.
export const E2E_DIR = `data/e2e-${PORT}`;
export const E2E_DATABASE = `${E2E_DIR}/e2e.sqlite`;
export const E2E_SETUP_CODE = `${E2E_DIR}/setup-code.txt`;
export const E2E_STATE = `${E2E_DIR}/state.json`;

/**
 * What Playwright 1.65 itself disables in Chromium (its chromiumSwitches). Chromium keeps only the
 * last --disable-features it is given, so adding features to the list means repeating these;
 * tests/scripts/browser-flags.test.ts checks the list still holds all of Playwright's.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
	'AvoidUnnecessaryBeforeUnloadCheckSync',
	'DestroyProfileOnBrowserClose',
	'HttpsUpgrades',
	'HttpsFirstBalancedModeAutoEnable',
	'LensOverlay',
	'MediaRouter',
	'PaintHolding',
	'ThirdPartyStoragePartitioning',
	'AvoidCorsURLLoaderRestartOnRedirect',
	'TcpPortRandomizationWin',
	'OptimizationHints',
	'NetworkTimeServiceQuerying',
	'AimEnabled',
	'PreconnectToSearch',
	'msForceBrowserSignIn',
	'msEdgeUpdateLaunchServicesPreferredVersion'
];

/**
 * The address bar's popups, which Chromium 156 builds as WebUI pages in a renderer of their own
 * for every new window, headless ones too: about 2 s of CPU beside each fresh page under test.
 * On a 2-core machine that doubled every figure the bench takes (practice's offline cold start
 * 1.5–1.7 s at 4× instead of 0.85) and slowed every browser test; a phone's browser does no such
 * work while a page opens, and no test here uses the address bar.
 */
export const BROWSER_UI_FEATURES = [
	'WebUIOmniboxPopup',
	'WebUIOmniboxFullPopup',
	'WebUIOmniboxAimPopup'
];

/** `flags` with `features` added to its --disable-features (one switch: Chromium reads the last). */
export function withFeaturesDisabled(flags: string[], features: string[]): string[] {
	const prefix = '--disable-features=';
	const given = flags
		.filter((f) => f.startsWith(prefix))
		.flatMap((f) => f.slice(prefix.length).split(','));
	const all = [...new Set([...given, ...features])].filter(Boolean);
	const others = flags.filter((f) => !f.startsWith(prefix));
	return all.length ? [...others, prefix + all.join(',')] : others;
}

// Debian's Chromium (apt-get install chromium); any Chromium via CHROMIUM_PATH. Playwright's own
// browser downloads are not available here.
export const chromiumLaunchOptions = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: withFeaturesDisabled(
		[
			'--no-sandbox',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-gpu'
		],
		[...PLAYWRIGHT_DISABLED_FEATURES, ...BROWSER_UI_FEATURES]
	)
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
