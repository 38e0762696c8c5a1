// `npm test`: install what is missing, then every check: question banks, formatting and lint,
// type check, unit tests (Vitest), production build, end-to-end tests (Playwright on that build).
// Every step runs even when an earlier one failed, so one run shows everything that is wrong;
// the exit code is non-zero if any step failed. Test reports go to reports/.
import { mkdirSync, rmSync } from 'node:fs';
import { ensureDeps } from './lib/ensure-deps.mjs';
import { run } from './lib/run.mjs';

ensureDeps();
rmSync('reports', { recursive: true, force: true });
mkdirSync('reports', { recursive: true });

const failed = [];
const step = (label, command, args, env) => {
	if (!run(label, command, args, env)) failed.push(label);
};

step('Question banks', 'npx', ['tsx', 'scripts/banks.ts']);
step('Svelte sync', 'npx', ['svelte-kit', 'sync']);
step('Format', 'npx', ['prettier', '--check', '.']);
step('Lint', 'npx', ['eslint', '.']);
step('Type check', 'npx', [
	'svelte-check',
	'--tsconfig',
	'./tsconfig.json',
	'--fail-on-warnings',
	'--output',
	'human'
]);
step('Unit tests', 'npx', [
	'vitest',
	'run',
	'--reporter=default',
	'--reporter=json',
	'--outputFile.json=reports/vitest.json'
]);
const built = run('Build', 'npx', ['vite', 'build']);
if (!built) failed.push('Build');
if (built) {
	step('End-to-end tests', 'npx', ['playwright', 'test']);
} else {
	failed.push('End-to-end tests (skipped: no build)');
}

if (failed.length) {
	console.error(`\n✗ npm test failed: ${failed.join(', ')}`);
	process.exit(1);
}
console.log('\n✓ npm test: every check passed');
