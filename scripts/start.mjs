// `npm start`: install what is missing, compile the banks, build, then serve the app with its
// embedded SQLite database (created under data/ on first start).
import { ensureDeps } from './lib/ensure-deps.mjs';
import { run } from './lib/run.mjs';

ensureDeps();
if (!run('Question banks', 'npx', ['tsx', 'scripts/banks.ts'])) process.exit(1);
if (!run('Build', 'npx', ['vite', 'build'])) process.exit(1);
await import('./serve.mjs');
