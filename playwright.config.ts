import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);

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
	timeout: 60_000,
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
	webServer: {
		// The production build, as users get it (`npm test` builds it first).
		command: 'node scripts/serve.mjs',
		url: `http://localhost:${PORT}/api/health`,
		reuseExistingServer: false,
		timeout: 30_000,
		env: { PORT: String(PORT), HOST: '127.0.0.1', DATABASE_PATH: 'data/e2e.sqlite' }
	}
});
