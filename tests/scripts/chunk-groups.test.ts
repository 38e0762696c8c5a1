import { describe, expect, it } from 'vitest';
import {
	chunkGroups,
	chunkNames,
	type ChunkGraph,
	type ChunkPlan
} from '../../scripts/lib/chunk-groups';

/** A module graph as rolldown's chunking context shows it: static and lazy imports per module. */
function graphOf(modules: Record<string, { imports?: string[]; lazy?: string[] }>): ChunkGraph {
	return {
		getModuleInfo: (id) => {
			const m = modules[id];
			return m ? { importedIds: m.imports ?? [], dynamicallyImportedIds: m.lazy ?? [] } : null;
		}
	};
}

const plan: ChunkPlan = {
	layout: '/app/src/routes/+layout.svelte',
	appLib: '/app/src/lib/',
	clientEntry: '/app/.svelte-kit/app.js',
	screens: [
		{ name: 'today', roots: ['/app/src/routes/+page.svelte'] },
		{ name: 'practice', roots: ['/app/src/routes/practice/+page.svelte'] },
		{ name: 'checkin', roots: ['/app/src/routes/checkin/+page.svelte'] },
		{ name: 'quiz', roots: ['/app/src/lib/quiz.ts', '/app/src/lib/QuestionView.svelte'] }
	],
	smallGroupChars: 0
};

const lib = (name: string) => `/app/src/lib/${name}.ts`;
const svelte = '/app/node_modules/svelte/internal.js';
const kit = '/app/node_modules/@sveltejs/kit/client.js';

// SvelteKit's app.js loads every page's node lazily; each node re-exports its page's component.
const client = graphOf({
	'/app/.svelte-kit/app.js': {
		lazy: [
			'/app/nodes/0.js',
			'/app/nodes/today.js',
			'/app/nodes/practice.js',
			'/app/nodes/checkin.js',
			'/app/nodes/other.js'
		]
	},
	'/app/nodes/0.js': { imports: [plan.layout] },
	[plan.layout]: { imports: [lib('shell'), svelte, kit] },
	[lib('shell')]: { imports: [lib('shell-helper')] },
	[lib('shell-helper')]: {},
	[svelte]: {},
	[kit]: {},
	'/app/nodes/today.js': { imports: ['/app/src/routes/+page.svelte'] },
	'/app/src/routes/+page.svelte': {
		imports: [
			lib('today-only'),
			lib('today-quiz'),
			lib('every'),
			lib('today-other'),
			'/app/src/routes/+page.svelte?svelte&type=style&lang.css',
			svelte,
			kit
		],
		lazy: [lib('today-later')]
	},
	'/app/src/routes/+page.svelte?svelte&type=style&lang.css': {},
	[lib('today-later')]: {},
	'/app/nodes/practice.js': { imports: ['/app/src/routes/practice/+page.svelte'] },
	'/app/src/routes/practice/+page.svelte': {
		imports: [lib('every'), svelte, kit],
		lazy: [lib('quiz'), '/app/src/lib/QuestionView.svelte']
	},
	[lib('quiz')]: {
		imports: [lib('today-quiz'), lib('every'), lib('quiz-other'), lib('quiz-shared')]
	},
	'/app/src/lib/QuestionView.svelte': { imports: [lib('quiz-shared'), svelte] },
	[lib('quiz-shared')]: {},
	'/app/nodes/checkin.js': { imports: ['/app/src/routes/checkin/+page.svelte'] },
	'/app/src/routes/checkin/+page.svelte': { imports: [lib('every'), svelte, kit] },
	'/app/nodes/other.js': { imports: ['/app/src/routes/other/+page.svelte'] },
	'/app/src/routes/other/+page.svelte': { imports: [lib('quiz-other'), lib('today-other')] },
	[lib('today-only')]: {},
	[lib('today-quiz')]: {},
	[lib('every')]: {},
	[lib('quiz-other')]: {},
	[lib('today-other')]: {}
});

describe('chunkNames', () => {
	const names = chunkNames(client, plan);

	it('puts what the root layout imports of the app, and what every first screen needs, in the shell', () => {
		expect(names.get(lib('shell'))).toBe('shell');
		expect(names.get(lib('shell-helper'))).toBe('shell');
		expect(names.get(lib('every'))).toBe('shell');
		expect(names.get(svelte)).toBe('shell');
		expect(names.has(plan.layout)).toBe(false);
	});

	it('groups a first screen’s modules by the first screens that need them', () => {
		expect(names.get(lib('today-quiz'))).toBe('first-today+quiz');
		// The quiz's two parts load together: what both need is one file, not a third entry's.
		expect(names.get(lib('quiz-shared'))).toBe('first-quiz');
		// The pages need the router too, the quiz does not.
		expect(names.get(kit)).toBe('first-today+practice+checkin+other');
	});

	it('leaves what one entry alone needs in that entry’s own file', () => {
		expect(names.has('/app/src/routes/+page.svelte')).toBe(false);
		expect(names.has('/app/nodes/today.js')).toBe(false);
		expect(names.has(lib('today-only'))).toBe(false);
		expect(names.has(lib('quiz'))).toBe(false);
	});

	it('says when another page or lazily loaded part needs the module too', () => {
		expect(names.get(lib('quiz-other'))).toBe('first-quiz+other');
		expect(names.get(lib('today-other'))).toBe('first-today+other');
	});

	it('leaves alone what no first screen needs, what they load lazily, and queries of a module', () => {
		expect(names.has('/app/src/routes/other/+page.svelte')).toBe(false);
		expect(names.has(lib('today-later'))).toBe(false);
		expect(names.has('/app/src/routes/+page.svelte?svelte&type=style&lang.css')).toBe(false);
	});

	it('puts a group too small to be worth a file of its own in the shell', () => {
		const code = (chars: number) => 'x'.repeat(chars);
		const sized: ChunkGraph = {
			getModuleInfo: (id) => {
				const info = client.getModuleInfo(id);
				if (!info) return null;
				const chars = id === lib('today-quiz') ? 300 : id === lib('quiz-other') ? 5000 : 0;
				return { ...info, code: code(chars) };
			}
		};
		const small = chunkNames(sized, { ...plan, smallGroupChars: 1000 });
		expect(small.get(lib('today-quiz'))).toBe('shell');
		expect(small.get(lib('quiz-other'))).toBe('first-quiz+other');
	});

	it('gives the server’s build (no client entry) only the shell', () => {
		const server = graphOf({
			[plan.layout]: { imports: [lib('shell')] },
			[lib('shell')]: {},
			'/app/src/routes/+page.svelte': { imports: [lib('today-only')] },
			[lib('today-only')]: {}
		});
		expect([...chunkNames(server, plan)]).toEqual([[lib('shell'), 'shell']]);
	});
});

describe('chunkGroups', () => {
	const groups = chunkGroups(plan);

	it('forms the shell first, then the groups with more needers before those with fewer', () => {
		const named = (id: string) => groups.find((g) => g.name(id, client) !== null);
		const priorityOf = (id: string) => named(id)?.priority ?? -1;
		expect(named(lib('shell'))?.name(lib('shell'), client)).toBe('shell');
		expect(priorityOf(lib('shell'))).toBeGreaterThan(priorityOf(kit));
		expect(priorityOf(kit)).toBeGreaterThan(priorityOf(lib('today-quiz')));
		expect(priorityOf(lib('today-quiz'))).toBeGreaterThan(priorityOf(lib('quiz-shared')));
	});

	it('names each module in exactly one group, and nothing that chunkNames leaves alone', () => {
		for (const [id, name] of chunkNames(client, plan)) {
			expect(groups.map((g) => g.name(id, client)).filter((n) => n !== null)).toEqual([name]);
		}
		expect(groups.every((g) => g.name('/app/src/routes/other/+page.svelte', client) === null)).toBe(
			true
		);
	});
});
