// Installs the npm dependencies when they are missing or older than package-lock.json, so that
// `npm start` and `npm test` work on a fresh clone. Plain Node (no dependencies of its own).
import { createHash } from 'node:crypto';
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const STAMP = 'node_modules/.pocket-classroom-lock';

function lockHash() {
	return createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
}

export function ensureDeps() {
	const wanted = lockHash();
	const have = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
	if (have === wanted && existsSync('node_modules/.bin/vite')) return;
	console.log('» Installing dependencies (npm ci)…');
	execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
	writeFileSync(STAMP, wanted + '\n');
}
