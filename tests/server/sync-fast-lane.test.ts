/**
 * The production server's fast lane for POST /api/sync (sync-fast-lane.ts), run the way
 * scripts/serve.mjs runs it: the real request listener (scripts/lib/app-listener.mjs) on a real
 * node:http server, the app's modules and a real SQLite file. What SvelteKit would have
 * answered comes from the real hook and route in this process (`handle` → the route's POST):
 * each case is asked both ways and the answers must agree, and the two doors share one process's
 * rate limits. Requests the fast lane leaves alone must reach the next handler (here a stand-in
 * for adapter-node's); the e2e suite compares the built server with the fast lane on and off.
 */
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYNC_MAX_BYTES } from '../../src/lib/core/sync/protocol';
import { demoBanksDir, orgAdmin, upload } from './fixtures';

// The process's database, banks and limits come from the environment, read when modules load.
vi.stubEnv('DATABASE_PATH', join(mkdtempSync(join(tmpdir(), 'pocket-lane-')), 'lane.sqlite'));
vi.stubEnv('DATABASE_URL', undefined);
vi.stubEnv('BANKS_DIR', demoBanksDir());
vi.stubEnv('TRUSTED_PROXY', undefined);
vi.stubEnv('ADDRESS_HEADER', undefined);
vi.stubEnv('RATE_LIMIT_TOKEN_PER_MIN', '12');
vi.stubEnv('RATE_LIMIT_ADDRESS_PER_MIN', '1000');
const { database } = await import('../../src/lib/server/database');
const { createGroup } = await import('../../src/lib/server/groups');
const { joinWithName } = await import('../../src/lib/server/members');
const { addressLimiter } = await import('../../src/lib/server/rate-limit');
const { syncFastLane, offerFastLane, FAST_LANE_KEY } =
	await import('../../src/lib/server/sync-fast-lane');
const { handle } = await import('../../src/hooks.server');
const { POST } = await import('../../src/routes/api/sync/+server');
const { appListener, offeredFastLane } = await import('../../scripts/lib/app-listener.mjs');

interface Answer {
	status: number;
	headers: Record<string, string | undefined>;
	text: string;
}

/** The headers both doors must give alike (Date and the connection's own aside). */
const COMPARED = [
	'content-type',
	'content-length',
	'cache-control',
	'x-content-type-options',
	'referrer-policy',
	'x-frame-options'
];

let server: http.Server;
let port = 0;
/** Requests that went past the fast lane to the next handler. */
const passedOn: string[] = [];
let branchCode = '';

beforeAll(async () => {
	const { db } = await database();
	const admin = await orgAdmin(db);
	branchCode = (await createGroup(db, admin, { kind: 'branch', name: '机关支部' })).joinCode;
	const lane = syncFastLane();
	if (!lane) throw new Error('no fast lane');
	server = http.createServer(
		appListener((req, res) => {
			passedOn.push(`${req.method} ${req.url}`);
			res.writeHead(599, { 'content-type': 'text/plain' }).end('SvelteKit');
		}, lane)
	);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	port = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

async function memberToken(name: string): Promise<string> {
	return (await joinWithName((await database()).db, branchCode, name)).token;
}

interface Ask {
	body?: string | Buffer;
	headers?: Record<string, string>;
	method?: string;
	path?: string;
	from?: string;
	agent?: http.Agent;
	/** Send the body in pieces without a length (chunked). */
	chunked?: boolean;
}

/** Through the fast lane: a real HTTP request to the real listener. */
function viaFastLane(ask: Ask): Promise<Answer & { reusedSocket: boolean }> {
	return new Promise((resolve, reject) => {
		const body = ask.body ?? '';
		const req = http.request(
			{
				host: '127.0.0.1',
				port,
				method: ask.method ?? 'POST',
				path: ask.path ?? '/api/sync',
				localAddress: ask.from,
				agent: ask.agent,
				headers: {
					'content-type': 'application/json',
					...(ask.chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
					...ask.headers
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: Object.fromEntries(COMPARED.map((h) => [h, res.headers[h] as string])),
						text: Buffer.concat(chunks).toString('utf8'),
						reusedSocket: req.reusedSocket
					})
				);
			}
		);
		req.on('error', reject);
		if (ask.chunked) {
			const text = String(body);
			req.write(text.slice(0, 5));
			req.end(text.slice(5));
		} else req.end(body);
	});
}

/** Through SvelteKit's door in this process: the hook, then the route. */
async function viaSvelteKit(ask: Ask): Promise<Answer> {
	const body = ask.body ?? '';
	const request = new Request(`http://127.0.0.1${ask.path ?? '/api/sync'}`, {
		method: ask.method ?? 'POST',
		headers: {
			'content-type': 'application/json',
			'content-length': String(Buffer.byteLength(body)),
			...ask.headers
		},
		body: typeof body === 'string' ? body : new Uint8Array(body)
	});
	const event = {
		request,
		url: new URL(request.url),
		getClientAddress: () => ask.from ?? '127.0.0.1'
	} as unknown as RequestEvent;
	const response = await handle({
		event,
		resolve: (e) => Promise.resolve(POST(e as Parameters<typeof POST>[0]))
	});
	return {
		status: response.status,
		headers: Object.fromEntries(COMPARED.map((h) => [h, response.headers.get(h) ?? undefined])),
		text: await response.text()
	};
}

/** Both answers, checked to agree (status, headers, body), and the fast lane's parsed. */
async function bothWays(fast: Ask, kit: Ask = fast): Promise<{ status: number; body: unknown }> {
	const a = await viaFastLane(fast);
	const b = await viaSvelteKit(kit);
	expect({ status: a.status, headers: a.headers, body: JSON.parse(a.text) }).toEqual({
		status: b.status,
		headers: b.headers,
		body: JSON.parse(b.text)
	});
	expect(a.headers['content-length']).toBe(String(Buffer.byteLength(a.text)));
	return { status: a.status, body: JSON.parse(a.text) };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const records = (...attempts: unknown[]) =>
	JSON.stringify({ records: attempts.map((payload) => ({ kind: 'attempt', payload })) });

describe('POST /api/sync through the fast lane', () => {
	it('is offered where scripts/serve.mjs looks for it, unless SYNC_FAST_LANE=off', () => {
		offerFastLane();
		expect(typeof (globalThis as Record<symbol, unknown>)[FAST_LANE_KEY]).toBe('function');
		expect(offeredFastLane({})).toBe((globalThis as Record<symbol, unknown>)[FAST_LANE_KEY]);
		expect(offeredFastLane({ SYNC_FAST_LANE: 'off' })).toBeUndefined();
		// With adapter-node reading the client address from a header, only SvelteKit's door can.
		expect(syncFastLane({ ADDRESS_HEADER: 'x-real-ip' })).toBeNull();
	});

	it('stores an upload and answers as the route does; the same upload again is a duplicate', async () => {
		const headers = bearer(await memberToken('快车道'));
		const first = upload();
		const second = upload();
		const a = await viaFastLane({ body: records(first), headers });
		const b = await viaSvelteKit({ body: records(second), headers });
		expect([a.status, b.status]).toEqual([200, 200]);
		expect(JSON.parse(a.text)).toEqual({ results: [{ id: first.id, status: 'accepted' }] });
		expect(JSON.parse(b.text)).toEqual({ results: [{ id: second.id, status: 'accepted' }] });
		expect(a.headers).toEqual({ ...b.headers, 'content-length': a.headers['content-length'] });
		// Sent again (a lost answer): each door says duplicate, of either door's upload.
		expect(await bothWays({ body: records(first), headers })).toEqual({
			status: 200,
			body: { results: [{ id: first.id, status: 'duplicate' }] }
		});
		expect(await bothWays({ body: records(second), headers })).toEqual({
			status: 200,
			body: { results: [{ id: second.id, status: 'duplicate' }] }
		});
		const { db } = await database();
		const stored = await db
			.selectFrom('attempt')
			.select('id')
			.where('id', 'in', [first.id, second.id])
			.execute();
		expect(stored).toHaveLength(2);
		expect(passedOn).toEqual([]);
	});

	it('refuses what is not JSON, not an object, or not the envelope, as the route does', async () => {
		const headers = bearer(await memberToken('坏请求'));
		const answers = [
			await bothWays({ body: '{"records":', headers }),
			await bothWays({ body: '[1]', headers }),
			await bothWays({ body: Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]), headers }),
			await bothWays({ body: '{"records":"x"}', headers })
		];
		expect(
			answers.map((a) => [a.status, (a.body as { error: { code: string } }).error.code])
		).toEqual([
			[400, 'bad_json'],
			[400, 'bad_json'],
			[400, 'bad_body'],
			[422, 'invalid_field']
		]);
	});

	it('refuses a body over the limit by its length, and the kept-alive socket serves the next upload', async () => {
		const headers = bearer(await memberToken('太大'));
		const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
		const big = `{"records":[],"pad":"${'x'.repeat(SYNC_MAX_BYTES)}"}`;
		const refused = await bothWays({ body: big, headers, agent });
		expect(refused).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
		const next = await viaFastLane({ body: records(upload()), headers, agent });
		expect(next.status).toBe(200);
		expect(next.reusedSocket).toBe(true);
		agent.destroy();
	});

	it('refuses a missing, unknown or malformed token, as the route does', async () => {
		const body = records(upload());
		const codes = [];
		for (const authorization of [
			undefined,
			'Bearer not-a-token',
			'Basic abc',
			`Bearer ${'x'.repeat(101)}`
		]) {
			const headers: Record<string, string> = authorization ? { authorization } : {};
			const answer = await bothWays({ body, headers });
			codes.push([answer.status, (answer.body as { error: { code: string } }).error.code]);
		}
		expect(codes).toEqual([
			[401, 'no_token'],
			[401, 'bad_token'],
			[401, 'no_token'],
			[401, 'no_token']
		]);
	});

	it("counts a token's uploads through both doors against one limit", async () => {
		const headers = bearer(await memberToken('限流'));
		// The limiter's minute must not turn over half-way on a slow machine: the clock it reads
		// (Date) stands still in this test; timers and sockets run as usual.
		vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
		try {
			const statuses = [];
			// The limit is 12 a minute (RATE_LIMIT_TOKEN_PER_MIN above): six through each door.
			for (let i = 0; i < 6; i++) {
				statuses.push((await viaFastLane({ body: records(upload()), headers })).status);
				statuses.push((await viaSvelteKit({ body: records(upload()), headers })).status);
			}
			expect(statuses).toEqual(Array(12).fill(200));
			expect(await bothWays({ body: records(upload()), headers })).toEqual({
				status: 429,
				body: { error: { code: 'rate_limited', message: '上传太频繁，请稍后再试' } }
			});
		} finally {
			vi.useRealTimers();
		}
	});

	it("counts an address's requests against the limit every /api/ request shares", async () => {
		const headers = bearer(await memberToken('同一地址'));
		const from = '127.0.0.9';
		// The address's minute used up by other API requests (the hook counts them in this limiter),
		// on a clock that stands still until both doors have answered (see the test above).
		vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
		try {
			for (let i = 0; i < 1000; i++) addressLimiter.allow(from);
			expect(await bothWays({ body: records(upload()), headers, from })).toEqual({
				status: 429,
				body: { error: { code: 'rate_limited', message: '请求太频繁，请稍后再试' } }
			});
		} finally {
			vi.useRealTimers();
		}
		// Another address is not affected.
		expect(
			(await viaFastLane({ body: records(upload()), headers, from: '127.0.0.10' })).status
		).toBe(200);
	});

	it('leaves every other request to SvelteKit: another method, path, content type, or a body without a length', async () => {
		passedOn.length = 0;
		const headers = bearer(await memberToken('别的'));
		const body = records(upload());
		const answers = await Promise.all([
			viaFastLane({ method: 'GET', headers }),
			viaFastLane({ method: 'PUT', body, headers }),
			viaFastLane({ path: '/api/sync?x=1', body, headers }),
			viaFastLane({ path: '/api/sync/', body, headers }),
			viaFastLane({ path: '/api/streak', body, headers }),
			viaFastLane({ body, headers: { ...headers, 'content-type': 'text/plain' } }),
			viaFastLane({ body, headers, chunked: true })
		]);
		expect(answers.map((a) => a.status)).toEqual(Array(7).fill(599));
		expect(passedOn.sort()).toEqual(
			[
				'GET /api/sync',
				'PUT /api/sync',
				'POST /api/sync?x=1',
				'POST /api/sync/',
				'POST /api/streak',
				'POST /api/sync',
				'POST /api/sync'
			].sort()
		);
		// And a JSON type with parameters, in any case, is taken.
		const taken = await viaFastLane({
			body: records(upload()),
			headers: { ...headers, 'content-type': 'Application/JSON; charset=utf-8' }
		});
		expect(taken.status).toBe(200);
	});
});
