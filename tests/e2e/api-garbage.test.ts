import fc from 'fast-check';
import Database from 'better-sqlite3';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { E2E_DATABASE } from '../../playwright.config';
import { e2eState } from './sync-helpers';

/**
 * What garbage could have written: admins, groups, roster names, and anything under the test's
 * own member or any member not named by a test. Other test files join members and upload in
 * parallel, so whole-table counts would not do.
 */
function written(memberId: string): Record<string, number> {
	const db = new Database(E2E_DATABASE, { readonly: true });
	const n = (sql: string, ...args: string[]) => (db.prepare(sql).get(...args) as { n: number }).n;
	try {
		return {
			admins: n('select count(*) as n from admin'),
			// Other suites make branches at the same time, always with Chinese names; a group made
			// from garbage would have none.
			groups: n("select count(*) as n from study_group where name not glob '*[一-鿿]*'"),
			rosterNames: n('select count(*) as n from member where on_roster = 1'),
			ownAttempts: n('select count(*) as n from attempt where member_id = ?', memberId),
			ownCheckins: n('select count(*) as n from checkin where member_id = ?', memberId),
			classLectures: n(
				'select count(*) as n from lecture_session where group_id = ?',
				e2eState().classId
			),
			ownTokens: n('select count(*) as n from member_token where member_id = ?', memberId),
			// Every name a test joins with is Chinese; garbage that slipped through would not be.
			strangers: n(
				"select count(*) as n from member where on_roster = 0 and display_name glob '*[ -~]*'"
			)
		};
	} finally {
		db.close();
	}
}

async function expectClearRefusal(response: APIResponse) {
	const status = response.status();
	expect(status, `${response.url()} answered ${status}`).toBeGreaterThanOrEqual(400);
	expect(status).toBeLessThan(500);
	const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
	expect(typeof body.error?.code).toBe('string');
	expect(typeof body.error?.message).toBe('string');
	expect(String(body.error?.message).length).toBeGreaterThan(2);
}

/** Garbage of every shape: JSON values, broken JSON, binary, oversized text. */
const garbageBody = fc.oneof(
	fc.anything().map((v) => JSON.stringify(v) ?? 'undefined'),
	fc.json(),
	fc.string(),
	fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
	fc.constant('{"items": ' + '['.repeat(5000)),
	fc.constant('x'.repeat(600 * 1024))
);

async function login(request: APIRequestContext) {
	const r = await request.post('/api/admin/login', {
		data: { username: 'admin', password: 'e2e-admin-pass' }
	});
	expect(r.ok()).toBe(true);
}

test.describe.configure({ mode: 'serial' });

test('every endpoint refuses garbage with a clear 4xx, never a 500, and stores nothing', async ({
	request
}) => {
	test.setTimeout(180_000);
	await login(request);
	const { branchCode, classId } = e2eState();
	const join = await request.post('/api/join', {
		data: { code: branchCode, displayName: '垃圾测试' }
	});
	const { token, memberId } = (await join.json()) as { token: string; memberId: string };
	const before = written(memberId);

	const endpoints: { path: string; headers?: Record<string, string> }[] = [
		{ path: '/api/admin/setup' },
		{ path: '/api/admin/login' },
		{ path: '/api/admin/groups' },
		{ path: `/api/admin/groups/${classId}/roster` },
		{ path: `/api/admin/groups/${classId}/lectures` },
		{ path: '/api/admin/admins' },
		{ path: '/api/join' },
		{ path: '/api/recover' },
		{ path: '/api/sync', headers: { authorization: `Bearer ${token}` } },
		{ path: '/api/sync' }
	];
	for (const endpoint of endpoints) {
		await fc.assert(
			fc.asyncProperty(garbageBody, async (body) => {
				const response = await request.post(endpoint.path, {
					data: body,
					headers: { 'content-type': 'application/json', ...endpoint.headers }
				});
				// A sync of a well-formed but meaningless list is a 200 with every item rejected.
				if (endpoint.path === '/api/sync' && endpoint.headers && response.status() === 200) {
					const { results, checkins = [] } = (await response.json()) as {
						results: { status: string }[];
						checkins?: { status: string }[];
					};
					expect([...results, ...checkins].every((r) => r.status === 'rejected')).toBe(true);
					return;
				}
				await expectClearRefusal(response);
			}),
			{ numRuns: 25 }
		);
	}

	await fc.assert(
		// "." and ".." are no path segment a code can travel in: the URL drops them (encoded too) and
		// the request goes to /api/join itself, which is POST only.
		fc.asyncProperty(
			fc.string({ maxLength: 40 }).filter((c) => c !== '.' && c !== '..'),
			async (code) => {
				const response = await request.get(`/api/join/${encodeURIComponent(code) || 'x'}`);
				if (response.status() === 404 && (await response.text()).startsWith('Not found')) return;
				await expectClearRefusal(response);
			}
		),
		{ numRuns: 25 }
	);
	// A member's review history: garbage cursors are a 422, never a 500.
	await fc.assert(
		fc.asyncProperty(fc.string({ maxLength: 80 }), async (after) => {
			const response = await request.get(`/api/review-history?after=${encodeURIComponent(after)}`, {
				headers: { authorization: `Bearer ${token}` }
			});
			if (response.status() === 200) return;
			await expectClearRefusal(response);
		}),
		{ numRuns: 25 }
	);
	for (const path of ['/api/leaderboard', '/api/streak', '/api/review-history']) {
		await fc.assert(
			fc.asyncProperty(fc.string({ maxLength: 200 }), async (auth) => {
				const response = await request.get(path, {
					headers: { authorization: `Bearer ${auth.replace(/[\r\n]/g, '')}` }
				});
				await expectClearRefusal(response);
			}),
			{ numRuns: 25 }
		);
	}
	// Check-ins in a sync batch: garbage lists are refused whole or item by item.
	await fc.assert(
		fc.asyncProperty(fc.anything(), async (checkins) => {
			const response = await request.post('/api/sync', {
				data: JSON.stringify({ checkins }) ?? '{}',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }
			});
			if (response.status() === 200) {
				const body = (await response.json()) as { checkins?: { status: string }[] };
				expect((body.checkins ?? []).every((r) => r.status === 'rejected')).toBe(true);
				return;
			}
			await expectClearRefusal(response);
		}),
		{ numRuns: 25 }
	);
	// Records whose numbers are out of bounds (1e308, years away, negative): each is refused with
	// the field named and nothing is stored; the request itself is answered, never a 500.
	const t = Date.now();
	const attempt = (n: number, change: Record<string, unknown>) => ({
		kind: 'attempt',
		payload: {
			protocol: 1,
			id: `0193${String(n).padStart(4, '0')}-0000-7000-8000-000000000000`,
			mode: 'timed',
			bankId: 'party-history-basics',
			bankVersion: '1.0.0',
			startedAt: t - 60_000,
			finishedAt: t,
			answers: [{ questionId: 'phb-0001', response: 'A', elapsedMs: 1000, answeredAt: t - 1000 }],
			...change
		}
	});
	const bounded = await request.post('/api/sync', {
		data: {
			records: [
				attempt(1, {
					answers: [{ questionId: 'phb-0001', response: 'A', elapsedMs: 1e308, answeredAt: t }]
				}),
				attempt(2, { startedAt: 1e300 }),
				attempt(3, { startedAt: -8.64e15 }),
				attempt(4, { finishedAt: 9.3e18 })
			]
		},
		headers: { authorization: `Bearer ${token}` }
	});
	expect(bounded.status()).toBe(200);
	const { results: boundedResults } = (await bounded.json()) as {
		results: { status: string; reason?: string }[];
	};
	expect(boundedResults.map((r) => [r.status, r.reason])).toEqual([
		['rejected', '成绩格式不正确（answers.0.elapsedMs）'],
		['rejected', '成绩格式不正确（startedAt）'],
		['rejected', '成绩格式不正确（startedAt）'],
		['rejected', '成绩格式不正确（finishedAt）']
	]);
	const badYear = await request.get('/api/streak?year=abc', {
		headers: { authorization: `Bearer ${token}` }
	});
	await expectClearRefusal(badYear);
	const badShare = await request.get(`/api/admin/groups/${classId}/study?share=2`);
	await expectClearRefusal(badShare);
	for (const query of ['from=yesterday', 'from=2026-11-10&to=2026-11-01', 'to=2999-01-01']) {
		const badRange = await request.get(`/api/admin/groups/${classId}/results.xlsx?${query}`);
		expect(badRange.status(), query).toBe(422);
		await expectClearRefusal(badRange);
	}
	expect(written(memberId)).toEqual(before);
});

test('names that spoof another are refused with a message at join, in rosters and as group names', async ({
	request
}) => {
	await login(request);
	const { branchCode, classId } = e2eState();
	const probe = await request.post('/api/join', {
		data: { code: branchCode, displayName: '名字探针' }
	});
	const { memberId } = (await probe.json()) as { memberId: string };
	const before = written(memberId);
	const spoofs = [
		'张三\u202E四李',
		'\u200B',
		'\u200B\u200C\u200D',
		'\u3164',
		'李\u0085四',
		'王\u009B五',
		'赵\uFDD0六',
		'钱\u{10FFFF}',
		'孙\u2066八\u2069',
		'周\u200B九'
	];
	for (const name of spoofs) {
		for (const [path, data] of [
			['/api/join', { code: branchCode, displayName: name }],
			[`/api/admin/groups/${classId}/roster`, { names: ['王小明', name] }],
			['/api/admin/groups', { kind: 'branch', name: `${name}支部` }]
		] as const) {
			const response = await request.post(path, { data });
			expect(response.status(), `${path} ${JSON.stringify(name)}`).toBe(422);
			await expectClearRefusal(response);
			const { error } = (await response.json()) as { error: { message: string } };
			expect(error.message).toMatch(/^「.+」(含有|不能只由)/);
		}
	}
	expect(written(memberId)).toEqual(before);
});

test('admin endpoints refuse a visitor without a session', async ({ playwright, baseURL }) => {
	const anonymous = await playwright.request.newContext({ baseURL });
	const { classId } = e2eState();
	for (const [method, path] of [
		['GET', '/api/admin/groups'],
		['POST', '/api/admin/groups'],
		['GET', `/api/admin/groups/${classId}`],
		['POST', `/api/admin/groups/${classId}/rotate`],
		['POST', `/api/admin/groups/${classId}/roster`],
		['GET', `/api/admin/groups/${classId}/qr.svg`],
		['GET', `/api/admin/groups/${classId}/lectures`],
		['POST', `/api/admin/groups/${classId}/lectures`],
		['GET', `/api/admin/groups/${classId}/study`],
		['GET', `/api/admin/groups/${classId}/results.xlsx`],
		['POST', '/api/admin/admins']
	] as const) {
		const response = await anonymous.fetch(path, {
			method,
			data: method === 'POST' ? {} : undefined
		});
		expect(response.status(), path).toBe(401);
	}
	await anonymous.dispose();
});

test('a method an endpoint does not take: a 405 in JSON, with the methods it does take', async ({
	request
}) => {
	for (const [method, path, allowed] of [
		['GET', '/api/sync', 'POST'],
		['DELETE', '/api/health', 'GET'],
		['PUT', '/api/admin/groups', 'POST']
	] as const) {
		const response = await request.fetch(path, { method });
		expect(response.status(), `${method} ${path}`).toBe(405);
		expect(response.headers()['allow'], path).toContain(allowed);
		await expectClearRefusal(response);
		expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
			'method_not_allowed'
		);
	}
});

test('responses carry security headers and a Content-Security-Policy', async ({ request }) => {
	const page = await request.get('/');
	expect(page.headers()['x-content-type-options']).toBe('nosniff');
	expect(page.headers()['x-frame-options']).toBe('DENY');
	expect(await page.text()).toContain('http-equiv="content-security-policy"');
	const api = await request.get('/api/health');
	expect(api.headers()['x-content-type-options']).toBe('nosniff');
	const dynamic = await request.get('/practice/party-history-basics');
	expect(dynamic.headers()['content-security-policy']).toContain("script-src 'self'");
});
