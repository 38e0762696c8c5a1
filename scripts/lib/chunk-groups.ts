/**
 * How the client's code is cut into files (vite.config.ts → rolldown's `codeSplitting.groups`).
 *
 * Left to itself, rolldown gives every set of modules shared by a distinct set of entries (~40
 * pages and the parts loaded lazily) a file of its own. That made 今日 load 21 scripts, a dozen
 * of them under 1 KB, and the quiz 19 more at the press of 「10 题」. Each file costs the page's
 * main thread time of its own whatever its size (the request while the head is parsed, the
 * response, the module's compile and link), and on a cheap phone that thread is busy from the
 * first byte to the first screen (issue #14, traced); on a first visit over HTTP/1.1 the files
 * also queue six at a time. So two kinds of chunk are chosen here, by the import graph, never by
 * file names (moving or renaming a module cannot change them):
 *
 * - **shell**: the app's modules the root layout imports (every page loads them), and whatever
 *   every first screen needs.
 * - **first screens** (今日, the practice page, 打卡, 课堂's two windows, the quiz 「10 题」 loads
 *   and its pupils' mode; vite.config.ts names them): each module two or more entries need goes into a chunk named for the first screens
 *   that need it, with `+other` when any other page or lazily loaded part needs it too; a chunk
 *   that would be tiny goes into the shell instead. 今日 then loads a handful of chunks, and a
 *   page that needs one module of such a chunk loads little it does not need (the bench's page
 *   weights and file counts keep both honest: `npm run bench -- home_js_files …`).
 *
 * Everything else is split as rolldown does by default.
 */

/** What rolldown's chunking context offers of a module (a subset of its ModuleInfo). */
export interface ChunkGraph {
	getModuleInfo(id: string): {
		importedIds: readonly string[];
		dynamicallyImportedIds: readonly string[];
		/** The module's code as rolldown has it (transformed, not yet minified). */
		code?: string | null;
	} | null;
}

/** A screen opened cold on a phone: a name and the modules that start it. */
export interface FirstScreen {
	name: string;
	/** A page's component, or the modules a press loads together. */
	roots: readonly string[];
}

export interface ChunkPlan {
	/** The root layout: the app modules it imports statically form the shell. */
	layout: string;
	/** The directory of the app's own modules (src/lib/). */
	appLib: string;
	/**
	 * The client's root module (SvelteKit's generated app.js), from which every page and lazily
	 * loaded part is found. The server's build has no such module, and gets only the shell.
	 */
	clientEntry: string;
	screens: readonly FirstScreen[];
	/**
	 * A first-screen group whose modules' code is smaller than this goes into the shell: as a
	 * file of its own it costs a phone more than its bytes cost every page in the shell.
	 */
	smallGroupChars: number;
}

const SHELL = 'shell';
const OTHER = 'other';

/** Modules reachable from `from` through static imports, `from` included. */
function staticClosure(graph: ChunkGraph, from: string): Set<string> {
	const seen = new Set<string>();
	const stack = [from];
	for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
		if (seen.has(id)) continue;
		seen.add(id);
		stack.push(...(graph.getModuleInfo(id)?.importedIds ?? []));
	}
	return seen;
}

/** The client's entries: its root module and every module imported lazily, however deep. */
function clientEntries(graph: ChunkGraph, root: string): Set<string> {
	const entries = new Set([root]);
	const seen = new Set<string>();
	const stack = [root];
	for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
		if (seen.has(id)) continue;
		seen.add(id);
		const info = graph.getModuleInfo(id);
		if (!info) continue;
		for (const lazy of info.dynamicallyImportedIds) entries.add(lazy);
		stack.push(...info.importedIds, ...info.dynamicallyImportedIds);
	}
	return entries;
}

/**
 * The chunk each grouped module goes to: `shell`, or `first-` and the first screens that need it
 * in the plan's order, with `+other` when another entry needs it too (`first-today+quiz+other`).
 * Modules in neither, or needed by one entry only, are absent (rolldown splits them itself). Queries of a module
 * (`X.svelte?svelte&type=style…`) are never named: they go with the module that imports them.
 */
export function chunkNames(graph: ChunkGraph, plan: ChunkPlan): Map<string, string> {
	const names = new Map<string, string>();
	const own = (id: string) => id.startsWith(plan.appLib) && !id.includes('?');
	for (const id of staticClosure(graph, plan.layout)) {
		if (id !== plan.layout && own(id)) names.set(id, SHELL);
	}
	if (!graph.getModuleInfo(plan.clientEntry)) return names;

	// An entry belongs to a first screen when it is one of the screen's roots, or imports one
	// directly (SvelteKit's file for a page's node re-exports the page's component).
	const screenOf = (entry: string): string => {
		const imports = graph.getModuleInfo(entry)?.importedIds ?? [];
		const screen = plan.screens.find(
			(s) => s.roots.includes(entry) || s.roots.some((r) => imports.includes(r))
		);
		return screen?.name ?? OTHER;
	};
	const neededBy = new Map<string, Set<string>>();
	const entriesNeeding = new Map<string, number>();
	for (const entry of clientEntries(graph, plan.clientEntry)) {
		const screen = screenOf(entry);
		for (const id of staticClosure(graph, entry)) {
			const needers = neededBy.get(id) ?? new Set<string>();
			needers.add(screen);
			neededBy.set(id, needers);
			entriesNeeding.set(id, (entriesNeeding.get(id) ?? 0) + 1);
		}
	}
	const order = [...plan.screens.map((s) => s.name), OTHER];
	for (const [id, needers] of neededBy) {
		if (names.has(id) || id.includes('?')) continue;
		// What one entry alone needs is already in that entry's own file (a page with its
		// component); grouping it would leave the entry's file a stub, one file more.
		if (entriesNeeding.get(id) === 1) continue;
		const screens = plan.screens.filter((s) => needers.has(s.name));
		if (screens.length === 0) continue;
		names.set(
			id,
			screens.length === plan.screens.length
				? SHELL
				: `first-${order.filter((n) => needers.has(n)).join('+')}`
		);
	}
	const chars = new Map<string, number>();
	for (const [id, name] of names) {
		chars.set(name, (chars.get(name) ?? 0) + (graph.getModuleInfo(id)?.code?.length ?? 0));
	}
	for (const [id, name] of names) {
		if ((chars.get(name) ?? 0) < plan.smallGroupChars) names.set(id, SHELL);
	}
	return names;
}

/** Every first-screen chunk name chunkNames can give, with how many needers it stands for. */
function firstScreenChunks(screens: readonly FirstScreen[]): { name: string; needers: number }[] {
	const labels = [...screens.map((s) => s.name), OTHER];
	const chunks: { name: string; needers: number }[] = [];
	for (let set = 1; set < 1 << labels.length; set++) {
		const chosen = labels.filter((_, i) => set & (1 << i));
		const screenCount = chosen.filter((l) => l !== OTHER).length;
		if (screenCount === 0 || screenCount === screens.length) continue;
		chunks.push({ name: `first-${chosen.join('+')}`, needers: chosen.length });
	}
	return chunks;
}

/** A group as rolldown's `codeSplitting.groups` takes it. */
export interface ChunkGroup {
	name: (id: string, ctx: ChunkGraph) => string | null;
	priority: number;
}

/**
 * The groups for vite.config.ts. Rolldown puts a group's modules' imports into the group too,
 * unless a group formed earlier took them; a module's imports are needed by at least the same
 * screens, so the groups with more needers come first (priority) and each keeps its own. The
 * shell comes before all.
 */
export function chunkGroups(plan: ChunkPlan): ChunkGroup[] {
	// One computation per chunking pass: rolldown hands out the same module objects within one.
	const passes = new WeakMap<object, Map<string, string>>();
	const nameOf = (ctx: ChunkGraph, id: string): string | null => {
		const key = ctx.getModuleInfo(plan.layout);
		if (!key) return null;
		let names = passes.get(key);
		if (!names) {
			names = chunkNames(ctx, plan);
			passes.set(key, names);
		}
		return names.get(id) ?? null;
	};
	const only = (name: string) => (id: string, ctx: ChunkGraph) =>
		nameOf(ctx, id) === name ? name : null;
	const screens = firstScreenChunks(plan.screens);
	return [
		{ name: only(SHELL), priority: plan.screens.length + 2 },
		...screens.map(({ name, needers }) => ({ name: only(name), priority: needers }))
	];
}
