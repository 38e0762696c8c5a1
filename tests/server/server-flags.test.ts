/**
 * The server's Node flags (scripts/lib/server-flags.mjs): scripts/serve.mjs starts itself again
 * under them when they are missing, passes signals on and exits as its child does; an operator's
 * own young-generation size is left alone.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hasServerFlags, SERVER_NODE_FLAGS } from '../../scripts/lib/server-flags.mjs';

const PROBE = 'tests/server/fixtures/flags-probe.mjs';

/** Start the probe; resolves with what the process that finally runs says, and a way to stop it. */
function startProbe(args: string[], env: Record<string, string> = {}) {
	const child = spawn(process.execPath, [...args, PROBE, 'extra-arg'], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	let out = '';
	const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
	const said = new Promise<{ pid: number; execArgv: string[]; argv: string[] }>(
		(resolve, reject) => {
			child.stdout.on('data', (chunk: Buffer) => {
				out += chunk.toString();
				const line = out.split('\n')[0] ?? '';
				if (out.includes('\n')) resolve(JSON.parse(line));
			});
			child.on('exit', (code) => reject(new Error(`probe exited (${code}): ${out}`)));
		}
	);
	return { child, said, exited, output: () => out };
}

describe('the server flags', () => {
	it('are recognised on the command line and in NODE_OPTIONS, in either spelling', () => {
		expect(hasServerFlags(SERVER_NODE_FLAGS, undefined)).toBe(true);
		expect(hasServerFlags(['--max_semi_space_size=8'], '')).toBe(true);
		expect(hasServerFlags([], '--enable-source-maps --max-semi-space-size=32')).toBe(true);
		expect(hasServerFlags(['--enable-source-maps'], '--max-old-space-size=512')).toBe(false);
		expect(hasServerFlags([], undefined)).toBe(false);
	});

	it('a start without them runs again under them, passes SIGTERM on and exits as the child', async () => {
		const probe = startProbe(['--enable-source-maps']);
		const said = await probe.said;
		expect(said.pid).not.toBe(probe.child.pid);
		expect(said.execArgv).toEqual([...SERVER_NODE_FLAGS, '--enable-source-maps']);
		expect(said.argv).toEqual(['extra-arg']);
		probe.child.kill('SIGTERM');
		expect(await probe.exited).toBe(3);
		expect(probe.output()).toContain('stopping');
	});

	it('an operator’s own size is kept, and nothing is started again', async () => {
		for (const start of [
			startProbe(['--max-semi-space-size=8']),
			startProbe([], { NODE_OPTIONS: '--max-semi-space-size=8' })
		]) {
			const said = await start.said;
			expect(said.pid).toBe(start.child.pid);
			expect(said.execArgv.some((a) => a.startsWith('--max-semi-space-size=64'))).toBe(false);
			start.child.kill('SIGTERM');
			expect(await start.exited).toBe(3);
		}
	});
});
