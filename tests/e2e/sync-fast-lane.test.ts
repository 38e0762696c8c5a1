import http from 'node:http';
import { expect, test } from '@playwright/test';
import { attemptUpload, member, startApp, type AppInstance } from './app-instance';

/**
 * The production build with the upload fast lane (the default) and without it
 * (SYNC_FAST_LANE=off: every request through SvelteKit), asked the same things: every answer
 * must be the same (status, headers, body), refusals and rate limits included.
 */
let lane: AppInstance;
let kit: AppInstance;

test.describe.configure({ mode: 'serial' });

const LIMITS = { RATE_LIMIT_TOKEN_PER_MIN: '8', RATE_LIMIT_ADDRESS_PER_MIN: '1000' };

test.beforeAll(async () => {
	[lane, kit] = await Promise.all([
		startApp('fast-lane', LIMITS),
		startApp('no-fast-lane', { ...LIMITS, SYNC_FAST_LANE: 'off' })
	]);
});

test.afterAll(async () => {
	await Promise.all([lane?.stop(), kit?.stop()]);
});

interface Raw {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
}

/** One request with a body exactly as given (not re-encoded), on a fresh connection. */
function raw(
	port: number,
	method: string,
	path: string,
	headers: Record<string, string>,
	body?: string
): Promise<Raw> {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (c: string) => (text += c));
			res.on('end', () => {
				const { date, connection, 'keep-alive': keepAlive, ...kept } = res.headers;
				void date;
				void connection;
				void keepAlive;
				resolve({ status: res.statusCode ?? 0, headers: kept, text });
			});
		});
		req.on('error', reject);
		req.end(body);
	});
}

test('the built server says which way uploads go', async () => {
	await expect.poll(() => lane.output()).toContain('uploads (POST /api/sync): fast lane');
	await expect.poll(() => kit.output()).toContain('uploads (POST /api/sync): through SvelteKit');
});

test('with and without the fast lane, every answer to POST /api/sync is the same', async () => {
	const [laneToken, kitToken] = await Promise.all([member(lane, '快车'), member(kit, '快车')]);
	const upload = JSON.stringify({
		records: [{ kind: 'attempt', payload: await attemptUpload(lane, 1) }]
	});
	const json = { 'content-type': 'application/json' };
	// Each case: [method, path, headers, body]; the token is put in where `TOKEN` stands.
	const cases: [string, string, Record<string, string>, string | undefined][] = [
		['POST', '/api/sync', { ...json, authorization: 'Bearer TOKEN' }, upload],
		['POST', '/api/sync', { ...json, authorization: 'Bearer TOKEN' }, upload], // duplicate
		['POST', '/api/sync', { ...json, authorization: 'Bearer TOKEN' }, '{"records":'],
		['POST', '/api/sync', { ...json, authorization: 'Bearer TOKEN' }, '{"records":"x"}'],
		[
			'POST',
			'/api/sync',
			{ ...json, authorization: 'Bearer TOKEN' },
			`{"pad":"${'x'.repeat(600 * 1024)}"}`
		],
		['POST', '/api/sync', { ...json, authorization: 'Bearer not-a-token' }, upload],
		['POST', '/api/sync', json, upload],
		['GET', '/api/sync', { authorization: 'Bearer TOKEN' }, undefined],
		[
			'POST',
			'/api/sync',
			{
				'content-type': 'text/plain',
				origin: 'http://evil.example',
				authorization: 'Bearer TOKEN'
			},
			upload
		],
		// Over the token's limit of 8 a minute (5 counted above, the 403 not): the 9th is refused.
		['POST', '/api/sync', { ...json, authorization: 'Bearer TOKEN' }, upload],
		['POST', '/api/sync', { ...json, authorization: 'Bearer TOKEN' }, upload],
		['POST', '/api/sync', { ...json, authorization: 'Bearer TOKEN' }, upload],
		['POST', '/api/sync', { ...json, authorization: 'Bearer TOKEN' }, upload]
	];
	const seen: string[] = [];
	for (const [method, path, headers, body] of cases) {
		const withToken = (token: string) =>
			Object.fromEntries(
				Object.entries(headers).map(([k, v]) => [k, v.replace('TOKEN', token)])
			) as Record<string, string>;
		const [a, b] = await Promise.all([
			raw(lane.port, method, path, withToken(laneToken), body),
			raw(kit.port, method, path, withToken(kitToken), body)
		]);
		expect(a, `${method} ${path} ${body?.slice(0, 20)}`).toEqual(b);
		let code = a.text.slice(0, 30);
		try {
			const parsed = JSON.parse(a.text) as {
				error?: { code: string };
				results?: { status: string }[];
			};
			code = parsed.error?.code ?? parsed.results?.map((r) => r.status).join() ?? code;
		} catch {
			// not JSON: the text
		}
		seen.push(`${a.status} ${code}`);
	}
	expect(seen).toEqual([
		'200 accepted',
		'200 duplicate',
		'400 bad_json',
		'422 invalid_field',
		'413 too_large',
		'401 bad_token',
		'401 no_token',
		'405 method_not_allowed',
		'403 Cross-site POST form submissio',
		'200 duplicate',
		'200 duplicate',
		'200 duplicate',
		'429 rate_limited'
	]);
});
