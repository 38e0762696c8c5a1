/**
 * The real server's sync and streak logic on a real SQLite file, reached through a `fetch` the
 * device code can use in Vitest: the same functions the /api/sync and /api/streak routes call
 * (for sync, the route's own `syncResponse`), with the same token check and error bodies. HTTP
 * itself is covered by the Playwright suite.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json } from '@sveltejs/kit';
import { completeSetup, ensureOrg, issueSetupCode, login } from '../../src/lib/server/accounts';
import { handleApi } from '../../src/lib/server/api-error';
import { memberStreak } from '../../src/lib/server/checkins';
import { openSqliteDatabase } from '../../src/lib/server/database';
import { createGroup } from '../../src/lib/server/groups';
import { memberFromToken } from '../../src/lib/server/members';
import { reportCountsFor } from '../../src/lib/server/question-reports';
import { syncResponse } from '../../src/lib/server/sync';
import { demoRegistry } from '../server/fixtures';

export async function startServer() {
	const opened = await openSqliteDatabase(
		join(mkdtempSync(join(tmpdir(), 'pocket-client-')), 's.db')
	);
	const db = opened.db;
	const registry = await demoRegistry();
	await ensureOrg(db);
	const code = (await issueSetupCode(db)) ?? '';
	await completeSetup(db, { code, username: 'admin', password: 'long-enough-1' });
	const admin = (await login(db, 'admin', 'long-enough-1')).admin;
	const branch = await createGroup(db, admin, { kind: 'branch', name: '机关支部' });
	const requests: { path: string; body: unknown }[] = [];

	const fetch: typeof globalThis.fetch = async (input, init) => {
		const request = new Request(new URL(String(input), 'http://device.test'), init);
		const path = new URL(request.url).pathname;
		return handleApi(async () => {
			const member = await memberFromToken(db, request.headers.get('authorization'));
			if (path === '/api/sync' && request.method === 'POST') {
				requests.push({
					path,
					body: await request
						.clone()
						.json()
						.catch(() => null)
				});
				return syncResponse(request, { db, registry, member });
			}
			if (path === '/api/streak' && request.method === 'GET') {
				requests.push({ path, body: null });
				return json(await memberStreak(db, member, null));
			}
			if (path === '/api/question-reports' && request.method === 'GET') {
				const url = new URL(request.url);
				const [bankId, version] = ['bankId', 'version'].map((k) => url.searchParams.get(k) ?? '');
				return json(await reportCountsFor(db, member, bankId ?? '', version ?? ''));
			}
			return new Response('not found', { status: 404 });
		});
	};
	return { db, admin, branch, registry, fetch, requests, close: () => db.destroy() };
}
