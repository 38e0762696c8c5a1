import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCycles, importGraph, importSpecifiers } from '../../scripts/lib/import-graph';

/**
 * Cycles known when this check came in, each removed by work under way. Delete an entry when its
 * cycle is gone (the last test below fails until you do); never add one.
 */
const KNOWN_CYCLES: string[][] = [];

describe('import cycles in src/', () => {
	const cycles = findCycles(importGraph('src'));
	const key = (cycle: string[]) => cycle.join(' → ');

	it('has none (but those being removed)', () => {
		const known = new Set(KNOWN_CYCLES.map(key));
		expect(cycles.map(key).filter((c) => !known.has(c))).toEqual([]);
	});

	it('lists no known cycle that is gone', () => {
		const found = new Set(cycles.map(key));
		expect(KNOWN_CYCLES.map(key).filter((c) => !found.has(c))).toEqual([]);
	});

	it('sees the whole app: $lib and relative imports, markup and lazy imports', () => {
		const graph = importGraph('src');
		expect(graph.get('routes/practice/[bankId]/+page.svelte')).toEqual(
			expect.arrayContaining([
				'lib/state/practice-entry.svelte.ts',
				'lib/components/quiz/QuestionView.svelte',
				'routes/practice/[bankId]/ModeChoices.svelte'
			])
		);
		expect(graph.get('lib/client/bank-installer.ts')).toEqual(
			expect.arrayContaining(['lib/client/bank-delta-install.ts', 'lib/core/bank/bundle.ts'])
		);
	});
});

describe('the import-graph walker', () => {
	const root = mkdtempSync(join(tmpdir(), 'import-graph-'));
	afterAll(() => rmSync(root, { recursive: true, force: true }));
	const write = (files: Record<string, string>) => {
		const dir = mkdtempSync(join(root, 'src-'));
		for (const [name, text] of Object.entries(files)) {
			mkdirSync(dirname(join(dir, name)), { recursive: true });
			writeFileSync(join(dir, name), text);
		}
		return dir;
	};

	it('finds specifiers of every kind, and none in comments or strings', () => {
		const text = `
			import a from './a';
			import type { B } from '$lib/b';
			import {
				c
			} from "../c";
			export { d } from './d';
			export * from './e';
			import './side-effect';
			const lazy = () => import('./lazy');
			// import x from './commented';
			/* import y from './block'; */
			const s = "import z from './string'";
		`;
		expect(importSpecifiers(text).sort()).toEqual(
			['$lib/b', '../c', './a', './d', './e', './lazy', './side-effect'].sort()
		);
	});

	it('finds a two-file loop through a type import and a lazy import', () => {
		const dir = write({
			'lib/a.ts': "import type { B } from './b';\nexport type A = B;",
			'lib/b.ts': "export const load = () => import('$lib/a');\nexport type B = 1;",
			'lib/c.ts': "import { load } from './b';\nexport { load };"
		});
		expect(findCycles(importGraph(dir))).toEqual([['lib/a.ts', 'lib/b.ts', 'lib/a.ts']]);
	});

	it('finds a longer loop through .svelte and .svelte.ts files, and a file importing itself', () => {
		const dir = write({
			'lib/state/x.svelte.ts': "import { y } from '../y';\nexport const x = y;",
			'lib/y.ts': "import Z from './components/Z.svelte';\nexport const y = Z;",
			'lib/components/Z.svelte':
				'<script lang="ts">\n\timport { x } from \'$lib/state/x.svelte\';\n</script>\n{x}',
			'lib/self.ts': "export * from './self';"
		});
		expect(findCycles(importGraph(dir))).toEqual([
			['lib/components/Z.svelte', 'lib/state/x.svelte.ts', 'lib/y.ts', 'lib/components/Z.svelte'],
			['lib/self.ts', 'lib/self.ts']
		]);
	});

	it('finds nothing in a graph without loops, and ignores packages', () => {
		const dir = write({
			'lib/a.ts': "import { b } from './b';\nimport dexie from 'dexie';\nexport const a = b;",
			'lib/b.ts': "import { page } from '$app/state';\nexport const b = page;",
			'routes/+page.svelte': "<script>\n\timport { a } from '$lib/a';\n</script>"
		});
		expect(findCycles(importGraph(dir))).toEqual([]);
	});
});
