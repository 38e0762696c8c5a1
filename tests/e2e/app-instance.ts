/**
 * A second instance of the production build, for tests that need settings the shared e2e server
 * must not have (a trusted proxy, real rate limits): its own fresh database under data/, a free
 * port, its first admin created with the setup code it wrote. Stopped with `stop()`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';

export interface AppInstance {
	port: number;
	/** The instance's SQLite file, for a test to read (or set up) what the API cannot. */
	database: string;
	/** What the server has printed so far. */
	output: () => string;
	stop: () => Promise<void>;
}

export async function startApp(name: string, env: Record<string, string>): Promise<AppInstance> {
	const dir = `data/e2e-${process.env.E2E_PORT ?? 4173}-${name}`;
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const child = spawn(process.execPath, ['scripts/serve.mjs'], {
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DATABASE_PATH: `${dir}/app.sqlite`,
			SETUP_CODE_FILE: `${dir}/setup-code.txt`,
			...env
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	let out = '';
	const port = await new Promise<number>((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const m = /listening at http:\/\/[^:]+:(\d+)/.exec(out);
			if (m) resolve(Number(m[1]));
		});
		child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
	});
	const code = readFileSync(`${dir}/setup-code.txt`, 'utf8').trim();
	const setup = await send(port, 'POST', '/api/admin/setup', {
		body: { code, username: 'admin', password: 'proxy-admin-pass' }
	});
	if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.body)}`);
	return {
		port,
		database: `${dir}/app.sqlite`,
		output: () => out,
		stop: () =>
			new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

export interface Sent {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: unknown;
}

/**
 * One HTTP request from a chosen local address (the loopback network is all of 127.0.0.0/8, so
 * 127.0.0.3 and 127.0.0.4 are two machines as far as the server can tell).
 */
export function send(
	port: number,
	method: string,
	path: string,
	options: { body?: unknown; headers?: Record<string, string>; from?: string } = {}
): Promise<Sent> {
	return new Promise((resolve, reject) => {
		const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
		const req = http.request(
			{
				host: '127.0.0.1',
				port,
				method,
				path,
				localAddress: options.from,
				headers: {
					...(payload ? { 'content-type': 'application/json' } : {}),
					...options.headers
				}
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c: string) => (text += c));
				res.on('end', () => {
					let body: unknown = text;
					try {
						body = JSON.parse(text);
					} catch {
						// not JSON: keep the text
					}
					resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
				});
			}
		);
		req.on('error', reject);
		req.end(payload);
	});
}

/**
 * A reverse proxy in this process, as nginx is set up in the README: it connects to the app from
 * `from` and appends the address it saw to X-Forwarded-For (keeping what the client sent).
 */
export async function startProxy(
	target: number,
	from: string
): Promise<{ port: number; stop: () => Promise<void> }> {
	const server = http.createServer((req, res) => {
		const seen = req.socket.remoteAddress ?? '';
		const prior = req.headers['x-forwarded-for'];
		const upstream = http.request(
			{
				host: '127.0.0.1',
				port: target,
				method: req.method,
				path: req.url,
				localAddress: from,
				headers: { ...req.headers, 'x-forwarded-for': prior ? `${String(prior)}, ${seen}` : seen }
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			}
		);
		upstream.on('error', () => {
			res.statusCode = 502;
			res.end();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return { port, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * The instance's admin session, logged in once: simultaneous logins of one name count as tries
 * before their passwords are checked (login-throttle.ts), and a burst of them is throttled.
 */
const sessions = new WeakMap<AppInstance, Promise<string>>();
function adminCookie(app: AppInstance): Promise<string> {
	let session = sessions.get(app);
	if (!session) {
		session = send(app.port, 'POST', '/api/admin/login', {
			body: { username: 'admin', password: 'proxy-admin-pass' }
		}).then((login) => {
			if (login.status !== 200) throw new Error(`admin login: ${login.status}`);
			return String(login.headers['set-cookie'] ?? '').split(';')[0] ?? '';
		});
		sessions.set(app, session);
	}
	return session;
}

/** A member of a new branch on an instance: the bearer token. */
export async function member(app: AppInstance, name: string): Promise<string> {
	const group = await send(app.port, 'POST', '/api/admin/groups', {
		body: { kind: 'branch', name: `${name}支部` },
		headers: { cookie: await adminCookie(app) }
	});
	if (group.status !== 201 && group.status !== 200) {
		throw new Error(`creating a group: ${group.status} ${JSON.stringify(group.body)}`);
	}
	const code = (group.body as { group: { joinCode: string } }).group.joinCode;
	const joined = await send(app.port, 'POST', '/api/join', { body: { code, displayName: name } });
	return (joined.body as { token: string }).token;
}

/** A finished attempt on the town's first bank, as a device uploads it. */
export async function attemptUpload(app: AppInstance, n: number): Promise<unknown> {
	const index = (await send(app.port, 'GET', '/banks/index.json')).body as {
		banks: { id: string; url: string }[];
	};
	const entry = index.banks[0]!;
	const bundle = (await send(app.port, 'GET', `/banks/${entry.url}`)).body as {
		bank: { id: string; version: string };
		questions: { id: string; type: string }[];
	};
	const question = bundle.questions.find((q) => q.type === 'single')!;
	const at = Date.now() - 60_000;
	return {
		protocol: 1,
		id: `019ab000-0000-7000-8000-${String(n).padStart(12, '0')}`,
		mode: 'practice',
		bankId: bundle.bank.id,
		bankVersion: bundle.bank.version,
		// Distinct times: the server refuses a copy of an attempt under another id.
		startedAt: at - 30_000 + n,
		finishedAt: at + n,
		answers: [{ questionId: question.id, response: 'A', elapsedMs: 4000, answeredAt: at - 1000 }]
	};
}
