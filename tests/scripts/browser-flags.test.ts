/**
 * The browser the e2e suite and the bench drive: our --disable-features switch replaces the one
 * Playwright passes (Chromium reads only the last), so it must repeat all of Playwright's.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	BROWSER_UI_FEATURES,
	PLAYWRIGHT_DISABLED_FEATURES,
	chromiumLaunchOptions,
	withFeaturesDisabled
} from '../../playwright.config';

/** The features Playwright's installed version disables, read from its bundled source. */
function playwrightsDisabledFeatures(): string[] {
	const require = createRequire(import.meta.url);
	const root = dirname(require.resolve('playwright-core/package.json'));
	const source = readFileSync(join(root, 'lib/coreBundle.js'), 'utf8');
	const list = /disabledFeatures = \[([\s\S]*?)\]\.filter\(Boolean\)/.exec(source)?.[1];
	if (!list) throw new Error("Playwright's chromiumSwitches moved: compare the list by hand");
	return [...list.matchAll(/^\s*"([A-Za-z0-9]+)"/gm)].map((m) => m[1] ?? '');
}

describe('the Chromium the tests drive', () => {
	it('keeps every feature Playwright disables in our single --disable-features', () => {
		const theirs = playwrightsDisabledFeatures();
		expect(theirs.length).toBeGreaterThan(5);
		expect(PLAYWRIGHT_DISABLED_FEATURES).toEqual(expect.arrayContaining(theirs));
	});

	it('passes one --disable-features with the address-bar popups and all of Playwright’s', () => {
		const switches = chromiumLaunchOptions.args.filter((a) => a.startsWith('--disable-features='));
		expect(switches).toHaveLength(1);
		const features = switches[0]?.slice('--disable-features='.length).split(',') ?? [];
		expect(features).toEqual(
			expect.arrayContaining([...BROWSER_UI_FEATURES, ...PLAYWRIGHT_DISABLED_FEATURES])
		);
	});

	it('merges every --disable-features it is given into one, keeping the other flags', () => {
		expect(
			withFeaturesDisabled(
				['--a', '--disable-features=X,Y', '--b', '--disable-features=Y,Z'],
				['W', 'X']
			)
		).toEqual(['--a', '--b', '--disable-features=X,Y,Z,W']);
		expect(withFeaturesDisabled(['--a'], [])).toEqual(['--a']);
	});
});
