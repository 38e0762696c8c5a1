/**
 * A production server of our own for a benchmark: fresh database, the first admin created with
 * the setup code, rate limits lifted (all load comes from one loopback address).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchServer {
	url: string;
	adminCookie: string;
	/** CPU seconds the server process has used so far (all its threads; Linux only, else NaN). */
	cpuSeconds: () => number;
	stop: () => Promise<void>;
}

/**
 * A process's CPU time (user and system) from /proc, in seconds, with its running children's
 * (the workers of SERVER_PROCESSES); NaN where there is none.
 */
export function processCpuSeconds(pid: number | undefined): number {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
		// utime and stime are fields 14 and 15 of stat, 12 and 13 after the command's ") ".
		const own = (Number(fields[11]) + Number(fields[12])) / 100;
		const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.split(' ')
			.filter(Boolean)
			.map(Number);
		return children.reduce((sum, child) => sum + processCpuSeconds(child), own);
	} catch {
		return NaN;
	}
}

export async function startBenchServer(
	port: number,
	env: Record<string, string> = {},
	nodeArgs: string[] = []
): Promise<BenchServer> {
	const dir = mkdtempSync(join(tmpdir(), 'pocket-bench-server-'));
	const codeFile = join(dir, 'setup-code.txt');
	const child: ChildProcess = spawn('node', [...nodeArgs, 'scripts/serve.mjs'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_PATH: join(dir, 'bench.sqlite'),
			SETUP_CODE_FILE: codeFile,
			RATE_LIMIT_ADDRESS_PER_MIN: '100000000',
			RATE_LIMIT_SECRET_PER_MIN: '100000000',
			RATE_LIMIT_JOIN_PER_MIN: '100000000',
			RATE_LIMIT_TOKEN_PER_MIN: '100000000',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	child.stdout?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	child.on('exit', (code) => (stderr += `\n[exited with ${code}]`));
	const url = `http://127.0.0.1:${port}`;
	let up = false;
	let last = '';
	for (let i = 0; i < 300 && !up; i++) {
		try {
			const r = await fetch(`${url}/api/health`);
			up = r.ok;
			last = `${r.status}`;
		} catch (e) {
			last = String(e);
		}
		if (!up) await new Promise((r) => setTimeout(r, 100));
	}
	if (!up) {
		child.kill();
		throw new Error(`bench server on port ${port} did not start (${last})\n${stderr.slice(-2000)}`);
	}
	const code = readFileSync(codeFile, 'utf8').trim();
	const credentials = { username: 'bench', password: 'bench-password' };
	const setup = await fetch(`${url}/api/admin/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ code, ...credentials })
	});
	if (!setup.ok) throw new Error(`setup failed: ${setup.status}`);
	const login = await fetch(`${url}/api/admin/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(credentials)
	});
	const adminCookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
	return {
		url,
		adminCookie,
		cpuSeconds: () => processCpuSeconds(child.pid),
		stop: async () => {
			// Wait for the exit (a profiled server writes its profile then), at most 5 s.
			const exited = new Promise((r) => child.once('exit', r));
			child.kill();
			await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export async function postJson<T>(
	url: string,
	body: unknown,
	headers: Record<string, string> = {}
): Promise<T> {
	const r = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body)
	});
	if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
	return (await r.json()) as T;
}
