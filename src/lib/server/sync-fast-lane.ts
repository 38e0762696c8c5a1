/**
 * The production server's fast lane for uploads: POST /api/sync answered straight from Node's
 * request, without SvelteKit's per-request machinery (a Fetch Request and Response per upload,
 * `respond`, the hooks), which took more of the server's time than the upload itself (issue
 * #14). It runs exactly what the route runs (answerSync) and what the hook adds for /api/
 * (api-guard.ts), so both doors give the same answers and share one process's rate limits,
 * caches and database.
 *
 * It takes only requests it can answer exactly as SvelteKit would: POST to `/api/sync`, JSON
 * with a declared length (every device's upload). Anything else (another method, a form content
 * type that SvelteKit's CSRF check looks at, a chunked body, a query string, adapter-node's
 * ADDRESS_HEADER in use) goes on to SvelteKit.
 *
 * The seam: scripts/serve.mjs runs adapter-node's build, whose server modules it cannot import
 * (their file names are hashed, and a second copy would have its own rate limits and database).
 * So the app hands the fast lane over: the `init` hook calls `offerFastLane()`, which leaves it
 * on `globalThis` under a registered symbol; serve.mjs picks it up once the build is loaded
 * (scripts/lib/app-listener.mjs) and offers it each request before adapter-node's handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { addressRefusal, API_SECURITY_HEADERS } from './api-guard';
import { clientAddress, proxySetting, type HeaderReader } from './client-address';
import { refusalAnswer, type PlainAnswer } from './plain-answer';
import { answerSync } from './sync-endpoint';

/** Handle the request and say true, or leave it alone (false) for the next handler. */
export type FastLane = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Where the app leaves its fast lane for the server script (Symbol.for: one per process). */
export const FAST_LANE_KEY = Symbol.for('pocket-classroom.fast-lane');

/** Whether the fast lane answers this request exactly as SvelteKit would (see above). */
export function takesFastLane(req: IncomingMessage): boolean {
	if (req.method !== 'POST' || req.url !== '/api/sync') return false;
	const { headers } = req;
	if (headers['content-length'] === undefined || headers['transfer-encoding'] !== undefined)
		return false;
	// SvelteKit's own reading of the type (is_content_type): before any `;`, trimmed, any case.
	const type = (headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
	return type === 'application/json';
}

/**
 * The fast lane for this process's settings, or null where it cannot match SvelteKit: with
 * adapter-node's ADDRESS_HEADER set, the client address comes from adapter-node's own reading of
 * a header, which only SvelteKit's path does.
 */
export function syncFastLane(env: NodeJS.ProcessEnv = process.env): FastLane | null {
	if (env.ADDRESS_HEADER) return null;
	return (req, res) => {
		if (!takesFastLane(req)) return false;
		void answer(req, res);
		return true;
	};
}

/** Leave the fast lane where scripts/serve.mjs looks for it (called by the `init` hook). */
export function offerFastLane(): void {
	(globalThis as Record<symbol, unknown>)[FAST_LANE_KEY] = syncFastLane() ?? undefined;
}

/** What SvelteKit answers when a route throws (its handleError logs the error first). */
const INTERNAL_ERROR = '{"message":"Internal Error"}';

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
	let bodyRead = false;
	let plain: PlainAnswer;
	try {
		// The hook's per-address limit, then the route: the same order as through SvelteKit.
		const address = clientAddress(
			req.socket.remoteAddress as string,
			headerReader(req),
			proxySetting()
		);
		const refusal = addressRefusal(address);
		plain = refusal
			? refusalAnswer(refusal)
			: await answerSync({
					authorization: req.headers.authorization ?? null,
					contentLength: req.headers['content-length'] ?? null,
					bytes: () => {
						bodyRead = true;
						return readBody(req);
					}
				});
	} catch (e) {
		console.error(e);
		plain = {
			status: 500,
			headers: {
				'content-length': String(INTERNAL_ERROR.length),
				'content-type': 'application/json'
			},
			body: INTERNAL_ERROR
		};
	}
	// A refusal given before the body was read (429, 401, a declared 413): the body is still
	// coming. Read and dropped, it leaves the kept-alive socket ready for the next request (the
	// hook's drainUnreadBody, done by Node).
	if (!bodyRead) req.resume();
	if (res.destroyed) return;
	res.writeHead(plain.status, { ...API_SECURITY_HEADERS, ...plain.headers });
	res.end(plain.body);
}

/** Node's request headers read as a Fetch Headers would read them (repeats joined by ", "). */
function headerReader(req: IncomingMessage): HeaderReader {
	return {
		get: (name) => {
			const value = req.headers[name.toLowerCase()];
			if (value === undefined) return null;
			return Array.isArray(value) ? value.join(', ') : value;
		}
	};
}

/** The whole body; rejects when the client goes away before sending all it declared. */
function readBody(req: IncomingMessage): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.once('end', () =>
			resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks))
		);
		req.once('error', reject);
		req.once('close', () => {
			if (!req.complete) reject(new Error('the request was aborted'));
		});
	});
}
