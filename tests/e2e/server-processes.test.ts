import http from 'node:http';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { attemptUpload, member, startApp, type AppInstance } from './app-instance';

/**
 * SERVER_PROCESSES=2: the built server as two processes on one SQLite file (node:cluster). The
 * primary migrates and prints the setup code once (the instance's admin is created with it), and
 * uploads sent side by side over many connections, to both processes, are each stored once.
 */
let app: AppInstance;

test.beforeAll(async () => {
	app = await startApp('two-processes', {
		SERVER_PROCESSES: '2',
		RATE_LIMIT_TOKEN_PER_MIN: '100000',
		RATE_LIMIT_ADDRESS_PER_MIN: '100000'
	});
});

test.afterAll(async () => {
	await app?.stop();
});

/** POST /api/sync on a connection of its own (so the uploads spread over both processes). */
function upload(token: string, payload: unknown): Promise<{ status: number; body: string }> {
	const body = JSON.stringify({ records: [{ kind: 'attempt', payload }] });
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port: app.port,
				method: 'POST',
				path: '/api/sync',
				agent: false,
				headers: {
					'content-type': 'application/json',
					'content-length': String(Buffer.byteLength(body)),
					authorization: `Bearer ${token}`
				}
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c: string) => (text += c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

test('two processes share one database: every upload stored once, resends are duplicates', async () => {
	await expect.poll(() => app.output()).toContain('2 server processes');
	await expect.poll(() => app.output().match(/is listening at/g)?.length ?? 0).toBe(2);
	const tokens = await Promise.all([0, 1, 2, 3].map((i) => member(app, `双进程${i}`)));
	const attempts = await Promise.all(
		Array.from({ length: 200 }, (_, n) => attemptUpload(app, 1000 + n))
	);
	const statuses = async () => {
		const answers: string[] = [];
		for (let i = 0; i < attempts.length; i += 25) {
			const sent = await Promise.all(
				attempts.slice(i, i + 25).map((a, j) => upload(tokens[(i + j) % 4]!, a))
			);
			for (const s of sent) {
				const parsed = JSON.parse(s.body) as { results?: { status: string }[] };
				answers.push(`${s.status} ${parsed.results?.[0]?.status ?? s.body}`);
			}
		}
		return answers;
	};
	expect(await statuses()).toEqual(attempts.map(() => '200 accepted'));
	expect(await statuses()).toEqual(attempts.map(() => '200 duplicate'));
	const db = new Database(app.database, { readonly: true });
	try {
		const row = db
			.prepare(`select count(*) as n, count(distinct id) as ids from attempt`)
			.get() as { n: number; ids: number };
		expect(row).toEqual({ n: 200, ids: 200 });
	} finally {
		db.close();
	}
});
