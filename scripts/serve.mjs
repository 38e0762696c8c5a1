// Serves the production build (build/) with adapter-node. PORT (default 3000), HOST (default
// 0.0.0.0) and DATABASE_PATH (default data/pocket-classroom.sqlite) override the defaults.
import { existsSync } from 'node:fs';

if (!existsSync('build/index.js')) {
	console.error('No build found. Run `npm start` (or `npm run build`) first.');
	process.exit(1);
}
process.env.PORT ??= '3000';
process.env.DATABASE_PATH ??= 'data/pocket-classroom.sqlite';
const shown = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost';
console.log(`口袋课堂 is starting at http://${shown}:${process.env.PORT}`);
await import('../build/index.js');
