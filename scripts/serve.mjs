// Serves the production build (build/) with adapter-node's handler, adding security headers to
// every response (scripts/lib/app-listener.mjs). PORT (default 3000), HOST (default 0.0.0.0),
// DATABASE_PATH / DATABASE_URL and SERVER_PROCESSES (default 1, see below) override the defaults.
import { existsSync } from 'node:fs';
import cluster from 'node:cluster';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { appListener, offeredFastLane } from './lib/app-listener.mjs';

if (!existsSync('build/handler.js')) {
	console.error('No build found. Run `npm start` (or `npm run build`) first.');
	process.exit(1);
}
process.env.DATABASE_PATH ??= 'data/pocket-classroom.sqlite';
// adapter-node refuses bodies over 512 KB before the app sees them; a branch bank upload may be up
// to 4 MB (its endpoint says so in Chinese). Every other endpoint keeps its own smaller limit.
process.env.BODY_SIZE_LIMIT ??= '5M';
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const processes = serverProcesses(process.env.SERVER_PROCESSES);

if (processes > 1 && cluster.isPrimary) {
	await runPrimary(processes);
} else {
	await serve();
}

/**
 * SERVER_PROCESSES: how many processes answer requests (default 1). Node runs JavaScript on one
 * core per process; with more, node:cluster shares the port among them and they share the
 * database (SQLite in WAL mode lets several processes use one file; PostgreSQL is shared anyway).
 * Rate limits are kept in each process's memory, so with N processes a client that reaches
 * several of them gets up to N times each limit: put a limit at the reverse proxy too.
 *
 * @param {string | undefined} value
 */
function serverProcesses(value) {
	if (value === undefined || value === '') return 1;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1 || n > 64) {
		console.error(`SERVER_PROCESSES must be a whole number from 1 to 64, got "${value}"`);
		process.exit(1);
	}
	return n;
}

/**
 * The primary of several processes serves nothing itself: it loads the app once, which migrates
 * the database, checkpoints SQLite's WAL for all (its background thread) and prints the setup
 * code, then starts the workers (whose own start skips that, POCKET_SERVER_WORKER) and replaces
 * any that dies.
 *
 * @param {number} count
 */
async function runPrimary(count) {
	await import('../build/handler.js');
	// The workers run this file, also under `npm start` (scripts/start.mjs, which builds first).
	cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
	let stopping = false;
	const fork = () =>
		cluster
			.fork({ POCKET_SERVER_WORKER: '1', SQLITE_CHECKPOINTER: 'elsewhere' })
			.on('exit', (code) => {
				if (stopping) return;
				console.error(`a server process exited (${code}); starting another`);
				setTimeout(fork, 1000);
			});
	for (let i = 0; i < count; i++) fork();
	console.log(`口袋课堂: ${count} server processes`);
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, () => {
			stopping = true;
			const workers = Object.values(cluster.workers ?? {});
			let left = workers.length;
			if (!left) process.exit(0);
			for (const worker of workers) {
				worker?.once('exit', () => --left || process.exit(0));
				worker?.kill(signal);
			}
		});
	}
}

/** One process answering requests (the only one, or a worker of several). */
async function serve() {
	const { handler } = await import('../build/handler.js');
	// Uploads (POST /api/sync) take the fast lane the app's `init` hook left as the build loaded:
	// the same upload code without SvelteKit's per-request machinery (SYNC_FAST_LANE=off: not).
	const fastLane = offeredFastLane();
	const server = http.createServer(appListener(handler, fastLane));

	// Idle keep-alive sockets are closed after a minute, not Node's 5 s: a client (a reverse proxy, a
	// test's request context) that reuses a socket just as the server closes it gets ECONNRESET.
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	server.listen(port, host, () => {
		const shown = host === '0.0.0.0' ? 'localhost' : host;
		// The port actually bound: PORT=0 asks the system for a free one (tests start servers so).
		const address = server.address();
		const bound = typeof address === 'object' && address ? address.port : port;
		console.log(`口袋课堂 is listening at http://${shown}:${bound}`);
		console.log(`uploads (POST /api/sync): ${fastLane ? 'fast lane' : 'through SvelteKit'}`);
	});

	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, () => server.close(() => process.exit(0)));
	}
}
