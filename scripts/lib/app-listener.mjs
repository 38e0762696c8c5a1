// The production server's request listener (scripts/serve.mjs), apart so that a test can run it
// on a real node:http server: security headers on every response (static files included, which
// SvelteKit's hooks do not see), uploads to the app's fast lane, everything else to adapter-node.

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */
/** @typedef {(req: IncomingMessage, res: ServerResponse) => boolean} FastLane */
/** @typedef {(req: IncomingMessage, res: ServerResponse, next: () => void) => void} NodeHandler */

/** Where the app's `init` hook leaves its fast lane (src/lib/server/sync-fast-lane.ts). */
const FAST_LANE_KEY = Symbol.for('pocket-classroom.fast-lane');

/**
 * The fast lane the app offered as its build loaded (POST /api/sync without SvelteKit's
 * per-request machinery), unless SYNC_FAST_LANE=off sends every request through SvelteKit.
 *
 * @param {NodeJS.ProcessEnv} env
 * @returns {FastLane | undefined}
 */
export function offeredFastLane(env = process.env) {
	if (env.SYNC_FAST_LANE === 'off') return undefined;
	return /** @type {Record<symbol, FastLane | undefined>} */ (/** @type {unknown} */ (globalThis))[
		FAST_LANE_KEY
	];
}

/**
 * @param {NodeHandler} handler adapter-node's handler (build/handler.js)
 * @param {FastLane | undefined} fastLane
 * @returns {(req: IncomingMessage, res: ServerResponse) => void}
 */
export function appListener(handler, fastLane) {
	return (req, res) => {
		res.setHeader('x-content-type-options', 'nosniff');
		res.setHeader('referrer-policy', 'same-origin');
		res.setHeader('x-frame-options', 'DENY');
		res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
		if (fastLane?.(req, res)) return;
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	};
}
