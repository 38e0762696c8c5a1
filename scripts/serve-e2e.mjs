// The end-to-end suite's server: the production build on a fresh database in E2E_DIR.
import { mkdirSync, rmSync } from 'node:fs';

const dir = process.env.E2E_DIR ?? 'data/e2e';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
await import('./serve.mjs');
