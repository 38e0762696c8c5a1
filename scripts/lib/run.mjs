// Runs a command with inherited output and returns whether it succeeded.
import { spawnSync } from 'node:child_process';

export function run(label, command, args, env = {}) {
	console.log(`\n» ${label}: ${command} ${args.join(' ')}`);
	const result = spawnSync(command, args, {
		stdio: 'inherit',
		env: { ...process.env, ...env },
		shell: process.platform === 'win32'
	});
	return result.status === 0;
}
