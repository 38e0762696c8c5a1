/**
 * `npx tsx bench/profile-ingest.ts [sqlite|postgres]`: the ingest load test of bench/ingest.ts
 * against a built server that runs under `--cpu-prof`, then the server's CPU time by function
 * (self time) and by where the code comes from, so a change to the upload path can be judged by
 * where the time goes, not only by the throughput (which a busy machine halves).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTest } from './ingest';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** Where a frame's code comes from, coarsely: the bucket a reader thinks in. */
function area(url: string, name: string): string {
	if (!url) return name.startsWith('(') ? name : '(native)';
	const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (m) return m[1] ?? url;
	if (url.startsWith('node:')) return url.split('/')[0] ?? url;
	const app = /build\/server\/(?:chunks\/)?([^/]+)$/.exec(url);
	return app ? `app:${app[1]}` : url;
}

function summarise(profile: Profile, top = 40): void {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<number, number>();
	profile.samples.forEach((id, i) =>
		self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
	);
	const total = [...self.values()].reduce((a, b) => a + b, 0);
	const fns = new Map<string, number>();
	const areas = new Map<string, number>();
	for (const [id, us] of self) {
		const f = byId.get(id)?.callFrame;
		if (!f) continue;
		const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|build)\//, '$1/')}:${f.lineNumber + 1}`;
		fns.set(key, (fns.get(key) ?? 0) + us);
		const a = area(f.url, f.functionName);
		areas.set(a, (areas.get(a) ?? 0) + us);
	}
	const show = (title: string, m: Map<string, number>, n: number) => {
		console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
		for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
			console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
		}
	};
	show('self time by area', areas, 25);
	show('self time by function', fns, top);
	show('total time (self and callees) by function', inclusive(profile, self), top);
}

/** Each function's time with what it called, counted once per stack (recursion is not doubled). */
function inclusive(profile: Profile, self: Map<number, number>): Map<string, number> {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const childIds = new Set(profile.nodes.flatMap((n) => n.children ?? []));
	const out = new Map<string, number>();
	const subtree = new Map<number, number>();
	const sum = (id: number): number => {
		const known = subtree.get(id);
		if (known !== undefined) return known;
		const n = byId.get(id);
		const t = (self.get(id) ?? 0) + (n?.children ?? []).reduce((a, c) => a + sum(c), 0);
		subtree.set(id, t);
		return t;
	};
	const walk = (id: number, onStack: Set<string>) => {
		const n = byId.get(id);
		if (!n) return;
		const name = n.callFrame.functionName || '(anonymous)';
		const fresh = !onStack.has(name);
		if (fresh) {
			out.set(name, (out.get(name) ?? 0) + sum(id));
			onStack.add(name);
		}
		for (const c of n.children ?? []) walk(c, onStack);
		if (fresh) onStack.delete(name);
	};
	for (const n of profile.nodes) if (!childIds.has(n.id)) walk(n.id, new Set());
	return out;
}

if (process.argv[2]?.endsWith('.cpuprofile')) {
	summarise(JSON.parse(readFileSync(process.argv[2], 'utf8')) as Profile);
	process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'pocket-prof-'));
const which = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const env: Record<string, string> = {};
if (which === 'postgres') {
	const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
	if (!url) throw new Error('set BENCH_DATABASE_URL');
	env.DATABASE_URL = url;
}
for (const m of await loadTest(env, 4202, which, ['--cpu-prof', `--cpu-prof-dir=${dir}`], false))
	console.log(JSON.stringify(m));
for (let i = 0; i < 50 && !readdirSync(dir).length; i++)
	await new Promise((r) => setTimeout(r, 100));
// The main thread's profile (a worker thread, such as the checkpointer, writes its own).
const file = readdirSync(dir)
	.filter((f) => f.endsWith('.cpuprofile'))
	.sort()
	.find((f) => f.includes('.0.'));
if (!file) throw new Error(`no profile in ${dir}`);
console.log(`profile: ${join(dir, file)}`);
summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile);
