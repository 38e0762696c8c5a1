import type { Handle, ServerInit } from '@sveltejs/kit';
import { writeFileSync } from 'node:fs';
import { building } from '$app/environment';
import { ensureOrg, issueSetupCode } from '$lib/server/accounts';
import { apiErrorResponse, asApiMethodRefusal } from '$lib/server/api-error';
import { addressRefusal, API_SECURITY_HEADERS } from '$lib/server/api-guard';
import { bankRegistry } from '$lib/server/bank-registry';
import { database } from '$lib/server/database';
import { fillAttemptPoints } from '$lib/server/ingest';
import { proxySettingFromEnv } from '$lib/server/client-address';
import { clientAddressOf } from '$lib/server/request-context';
import { offerFastLane } from '$lib/server/sync-fast-lane';

// Create and migrate the database when the server starts, so a broken database fails the start
// loudly instead of the first member's upload. While no admin exists, print the one-time setup
// code that creating the first admin requires.
export const init: ServerInit = async () => {
	if (building) return;
	// A wrong TRUSTED_PROXY stops the start here, not the first request.
	const proxy = proxySettingFromEnv();
	if (proxy.trusted) console.log(`client address from ${proxy.header} of trusted proxies`);
	const { db, kind, location } = await database();
	await ensureOrg(db);
	console.log(`口袋课堂 database ready: ${kind} at ${location}`);
	// One of several server processes (SERVER_PROCESSES): the primary did the rest before it
	// started this one; a setup code issued here would replace the one it printed.
	if (process.env.POCKET_SERVER_WORKER) {
		offerFastLane();
		return;
	}
	const scored = await fillAttemptPoints(db, await bankRegistry());
	if (scored) console.log(`scored the points of ${scored} earlier attempts`);
	const code = await issueSetupCode(db);
	if (code) {
		console.log(`\n  首次使用：请打开 /admin，用这个一次性初始化码创建管理员：${code}\n`);
		// For unattended installs (and the end-to-end tests): also hand the code over in a file
		// only this user can read.
		if (process.env.SETUP_CODE_FILE)
			writeFileSync(process.env.SETUP_CODE_FILE, code, { mode: 0o600 });
	}
	// Uploads in production skip SvelteKit's request machinery (scripts/serve.mjs picks this up).
	offerFastLane();
};

/**
 * Read and drop a request body the answer did not need (a 401, 429 or 413 given before reading).
 * Left unread, the server resets the kept-alive socket and the client's next request on it fails
 * with ECONNRESET instead of getting its answer. Bodies are capped by BODY_SIZE_LIMIT.
 */
async function drainUnreadBody(request: Request): Promise<void> {
	if (request.body && !request.bodyUsed) await request.arrayBuffer().catch(() => undefined);
}

export const handle: Handle = async ({ event, resolve }) => {
	const api = event.url.pathname.startsWith('/api/');
	const refusal = api ? addressRefusal(clientAddressOf(event)) : null;
	let response = refusal ? apiErrorResponse(refusal) : await resolve(event);
	if (api) response = asApiMethodRefusal(response, event.request.method);
	if (api) await drainUnreadBody(event.request);
	// On refusals too (serve.mjs sets them on every answer in production; the dev server not).
	for (const [name, value] of Object.entries(API_SECURITY_HEADERS))
		response.headers.set(name, value);
	return response;
};
