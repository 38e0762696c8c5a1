import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { send, startApp, startProxy, type AppInstance } from './app-instance';

/**
 * The built server behind a reverse proxy, with the rate limits a town runs (not the suite's
 * lifted ones): clients behind the proxy are limited one by one, not all as the proxy's address.
 */
const PROXY = '127.0.0.2';
const CLIENT_A = '127.0.0.3';
const CLIENT_B = '127.0.0.4';
const SCHOOL = '127.0.0.5';
const GUESSER = '127.0.0.7';

let app: AppInstance;
let proxy: { port: number; stop: () => Promise<void> };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	app = await startApp('proxy', {
		TRUSTED_PROXY: PROXY,
		CLIENT_ADDRESS_HEADER: 'x-forwarded-for',
		RATE_LIMIT_TOKEN_PER_MIN: '5'
	});
	proxy = await startProxy(app.port, PROXY);
});

test.afterAll(async () => {
	await proxy?.stop();
	await app?.stop();
});

const login = (from: string, username: string, password: string) =>
	send(proxy.port, 'POST', '/api/admin/login', { from, body: { username, password } });

test("an attacker's wrong logins behind the proxy do not lock out the admin behind it", async () => {
	for (let i = 0; i < 20; i++) {
		// A new name each time: this is the per-address limit, not the per-name backoff.
		const r = await login(CLIENT_A, `guess-${i}`, 'wrong-password');
		expect(r.status).toBe(401);
	}
	expect((await login(CLIENT_A, 'guess-20', 'wrong-password')).status).toBe(429);
	// Forging X-Forwarded-For does not help: the proxy appends what it saw, and that counts.
	const forged = await send(proxy.port, 'POST', '/api/admin/login', {
		from: CLIENT_A,
		headers: { 'x-forwarded-for': '198.51.100.1' },
		body: { username: 'guess-21', password: 'wrong-password' }
	});
	expect(forged.status).toBe(429);
	const admin = await login(CLIENT_B, 'admin', 'proxy-admin-pass');
	expect(admin.status).toBe(200);
});

test('a client that is not the proxy cannot pick its address with the header', async () => {
	const statuses: number[] = [];
	for (let i = 0; i < 21; i++) {
		const r = await send(app.port, 'POST', '/api/admin/login', {
			from: '127.0.0.6',
			headers: { 'x-forwarded-for': `198.51.100.${i}` },
			body: { username: `direct-${i}`, password: 'wrong-password' }
		});
		statuses.push(r.status);
	}
	expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
	expect(statuses[20]).toBe(429);
});

test('a class of 50 joins within a minute from one school address; wrong codes are still limited', async () => {
	const signedIn = await login(CLIENT_B, 'admin', 'proxy-admin-pass');
	const cookie = String(signedIn.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
	const created = await send(proxy.port, 'POST', '/api/admin/groups', {
		from: CLIENT_B,
		headers: { cookie },
		body: { kind: 'branch', name: '金河小学教师党支部' }
	});
	expect(created.status).toBe(201);
	const { joinCode } = (created.body as { group: { joinCode: string } }).group;

	const started = Date.now();
	for (let i = 1; i <= 50; i++) {
		const look = await send(proxy.port, 'GET', `/api/join/${joinCode}`, { from: SCHOOL });
		expect(look.status, `lookup ${i}`).toBe(200);
		const joined = await send(proxy.port, 'POST', '/api/join', {
			from: SCHOOL,
			body: { code: joinCode, displayName: `学员${i}` }
		});
		expect(joined.status, `join ${i}`).toBe(201);
	}
	expect(Date.now() - started).toBeLessThan(60_000);

	// Guessing codes from one address: 20 wrong codes a minute, then nothing from there.
	for (let i = 0; i < 20; i++) {
		const r = await send(proxy.port, 'GET', `/api/join/ZZZZ${String(i).padStart(2, '2')}`, {
			from: GUESSER
		});
		expect(r.status).toBe(404);
	}
	expect((await send(proxy.port, 'GET', `/api/join/${joinCode}`, { from: GUESSER })).status).toBe(
		429
	);
	// The school behind the same proxy is not affected.
	expect((await send(proxy.port, 'GET', `/api/join/${joinCode}`, { from: SCHOOL })).status).toBe(
		200
	);
});

test('the per-token limit holds however the bearer header is spelled', async () => {
	const signedIn = await login(CLIENT_B, 'admin', 'proxy-admin-pass');
	const cookie = String(signedIn.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
	const created = await send(proxy.port, 'POST', '/api/admin/groups', {
		from: CLIENT_B,
		headers: { cookie },
		body: { kind: 'branch', name: '令牌限速支部' }
	});
	const { joinCode } = (created.body as { group: { joinCode: string } }).group;
	const joined = await send(proxy.port, 'POST', '/api/join', {
		from: CLIENT_B,
		body: { code: joinCode, displayName: '限速测试' }
	});
	const { token } = joined.body as { token: string };
	const spellings = [
		`Bearer ${token}`,
		`bearer ${token}`,
		`Bearer  ${token}`,
		`Bearer\t${token}`,
		`BEARER ${token} `,
		`Bearer   ${token}`
	];
	const statuses = [];
	for (const authorization of spellings) {
		const r = await send(proxy.port, 'GET', '/api/streak', {
			from: CLIENT_B,
			headers: { authorization }
		});
		statuses.push(r.status);
	}
	expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
});

test('an org admin sees a locked name on the admin page and lifts the lock', async ({ page }) => {
	await page.goto(`http://127.0.0.1:${app.port}/admin`);
	await page.getByLabel('用户名').fill('admin');
	await page.getByLabel('密码').fill('proxy-admin-pass');
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('heading', { name: '管理员' })).toBeVisible();
	await expect(page.getByText('已锁定至')).toHaveCount(0);

	// The lock ten wrong passwords leave (waiting out the real backoff would take minutes).
	const now = Date.now();
	const db = new Database(app.database);
	db.prepare(
		'insert into login_throttle (username, failures, next_at, locked_until, updated_at) values (?, 10, ?, ?, ?)'
	).run('admin', now, now + 3_600_000, now);
	db.close();
	expect((await login(CLIENT_B, 'admin', 'proxy-admin-pass')).status).toBe(429);

	// The session that was open before the lock still works: the admin lifts it on the page.
	await page.reload();
	await expect(page.getByText('已锁定至')).toBeVisible();
	await page.getByRole('button', { name: '解除 admin 的锁定' }).click();
	await expect(page.getByText('已锁定至')).toHaveCount(0);
	expect((await login(CLIENT_B, 'admin', 'proxy-admin-pass')).status).toBe(200);
});
