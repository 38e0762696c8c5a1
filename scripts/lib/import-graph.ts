/**
 * The import graph of the app's own source, and the cycles in it. A cycle (a imports b, b
 * imports a, directly or round a longer loop) means two modules are really one, or a shared
 * piece sits in the wrong one; bundlers and test runners also load such modules half-initialised.
 * Every edge counts: `import type` (the structure is wrong either way) and `import()` (a lazy
 * chunk that imports its loader back is still a loop).
 *
 * TypeScript's own pre-processor finds the specifiers (no new dependency, and it skips comments
 * and strings); `.svelte` files are read whole, so imports in the markup (`{#await import(…)}`)
 * count too. Only the app's files are nodes: `$lib/…` and relative specifiers are resolved,
 * packages and `$app/…` are not followed.
 *
 * Run `npx tsx scripts/lib/import-graph.ts [dir]` to print the cycles under `dir` (default src).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** File (relative to the root, with `/`) → the app files it imports. */
export type ImportGraph = Map<string, string[]>;

const SOURCE = /\.(ts|svelte)$/;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
	});
}

/** The specifiers a file imports or re-exports, statically or with `import()`. */
export function importSpecifiers(text: string): string[] {
	return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The file a specifier names, or null when it is not one of ours (a package, `$app/…`). */
function resolveSpecifier(from: string, specifier: string, lib: string): string | null {
	let base: string;
	if (specifier.startsWith('$lib/')) base = join(resolve(lib), specifier.slice('$lib/'.length));
	else if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
	else return null;
	const candidates = [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')];
	return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/**
 * The graph of every `.ts` / `.svelte` file under `root`, with `$lib` at `lib`.
 *
 * @example importGraph('src', 'src/lib').get('lib/core/play/attempt.ts') // → ['lib/core/play/modes.ts', …]
 */
export function importGraph(root: string, lib = join(root, 'lib')): ImportGraph {
	const graph: ImportGraph = new Map();
	const name = (file: string) => relative(resolve(root), file).split('\\').join('/');
	for (const file of sourceFiles(resolve(root))) {
		const targets = importSpecifiers(readFileSync(file, 'utf8'))
			.map((s) => resolveSpecifier(file, s, lib))
			.filter((t): t is string => t !== null && t.startsWith(resolve(root)));
		graph.set(name(file), [...new Set(targets.map(name))].sort());
	}
	return graph;
}

/**
 * Every cycle's files, one loop per strongly connected group of files (Tarjan's algorithm),
 * each written from its alphabetically first file and back to it, e.g.
 * `['a.ts', 'b.ts', 'a.ts']`. Empty when the graph has none.
 *
 * @example findCycles(new Map([['a', ['b']], ['b', ['a']]])) // → [['a', 'b', 'a']]
 */
export function findCycles(graph: ImportGraph): string[][] {
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const groups: string[][] = [];
	let next = 0;

	const connect = (node: string) => {
		index.set(node, next);
		low.set(node, next);
		next++;
		stack.push(node);
		onStack.add(node);
		for (const target of graph.get(node) ?? []) {
			if (!index.has(target)) {
				connect(target);
				low.set(node, Math.min(low.get(node)!, low.get(target)!));
			} else if (onStack.has(target)) {
				low.set(node, Math.min(low.get(node)!, index.get(target)!));
			}
		}
		if (low.get(node) === index.get(node)) {
			const group: string[] = [];
			let member: string;
			do {
				member = stack.pop()!;
				onStack.delete(member);
				group.push(member);
			} while (member !== node);
			const selfLoop = group.length === 1 && (graph.get(node) ?? []).includes(node);
			if (group.length > 1 || selfLoop) groups.push(group);
		}
	};
	for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);

	return groups.map((group) => loopThrough(graph, new Set(group))).sort();
}

/** One loop inside a strongly connected group, from its first file back to it (shortest path). */
function loopThrough(graph: ImportGraph, group: Set<string>): string[] {
	const start = [...group].sort()[0]!;
	const previous = new Map<string, string>();
	const queue = [start];
	while (queue.length) {
		const node = queue.shift()!;
		for (const target of graph.get(node) ?? []) {
			if (!group.has(target)) continue;
			if (target === start) {
				const path = [node];
				while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
				return [...path, start];
			}
			if (!previous.has(target)) {
				previous.set(target, node);
				queue.push(target);
			}
		}
	}
	return [start, start];
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
	const cycles = findCycles(importGraph(process.argv[2] ?? 'src'));
	for (const cycle of cycles) console.log(cycle.join(' → '));
	console.log(cycles.length ? `${cycles.length} import cycle(s)` : 'no import cycles');
	process.exitCode = cycles.length ? 1 : 0;
}
