// The Node flags the server runs with, whichever way it starts (`npm start`, `npm run serve`, the
// benches, the end-to-end suite): scripts/serve.mjs starts itself again under them when they are
// missing. See docs/decisions.md, "Upload path, fourth round".
import { spawn } from 'node:child_process';

/**
 * A young generation four times Node's default (16 MB semi-spaces on 64-bit): every request leaves
 * short-lived garbage (the body, its parse, the answer), and under load the default size was
 * scavenged 2–3 times as often, each scavenge pausing every request in flight.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

/**
 * Whether a process started with these arguments and NODE_OPTIONS already sets the young
 * generation's size (ours, or the operator's own choice, which is then left alone).
 *
 * @param {readonly string[]} execArgv
 * @param {string | undefined} nodeOptions
 */
export function hasServerFlags(execArgv, nodeOptions) {
	const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
	return given.some((arg) => /^--max[-_]semi[-_]space[-_]size(=|$)/.test(arg));
}

/**
 * Run `script` again in a child under SERVER_NODE_FLAGS, with this process's own flags and
 * arguments, the same environment and output; SIGINT, SIGTERM and SIGHUP are passed on, and this
 * process exits as the child does. Returns nothing useful: the caller runs nothing else.
 *
 * @param {string} script
 */
export function runUnderServerFlags(script) {
	const child = spawn(
		process.execPath,
		[...SERVER_NODE_FLAGS, ...process.execArgv, script, ...process.argv.slice(2)],
		{ stdio: 'inherit' }
	);
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
		process.on(signal, () => child.kill(signal));
	}
	child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
