// Serves the production build (build/) with adapter-node's handler, adding security headers to
// every response (scripts/lib/app-listener.mjs). PORT (default
// 3000), HOST (default 0.0.0.0) and DATABASE_PATH / DATABASE_URL override the defaults.
import { existsSync } from 'node:fs';
import http from 'node:http';
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
