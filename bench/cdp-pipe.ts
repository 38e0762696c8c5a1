/**
 * Debian's Chromium driven over the DevTools protocol on a pipe, with no domain enabled that the
 * measurement does not need. Playwright enables the Network domain on every page it drives, and
 * Chromium then copies every request body for the inspector: a 250 KB upload's `fetch` took 17 ms
 * of the page's main thread instead of 5.5 ms, about a tenth of a drain (issue #14). A phone has
 * no inspector attached; the drain bench measures the page the way a phone runs it.
 *
 * The pipe (`--remote-debugging-pipe`: messages as JSON ended by a NUL byte, the browser reading
 * file descriptor 3 and writing 4) is what Playwright itself uses, so no port and no WebSocket
 * library are needed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { chromiumLaunchOptions } from '../playwright.config';

interface Reply {
	id?: number;
	result?: unknown;
	error?: { message: string };
}

export class CdpBrowser {
	#nextId = 1;
	#waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	#buffered = '';
	/** Why the browser is no longer there (every later command fails with it). */
	#gone: string | null = null;

	private constructor(
		private readonly child: ChildProcess,
		private readonly toBrowser: Writable,
		fromBrowser: Readable,
		private readonly profileDir: string
	) {
		fromBrowser.setEncoding('utf8');
		fromBrowser.on('data', (chunk: string) => this.#read(chunk));
		const failAll = (why: string) => {
			this.#gone ??= why;
			for (const { reject } of this.#waiting.values()) reject(new Error(why));
			this.#waiting.clear();
		};
		child.once('exit', () => failAll('Chromium exited'));
		toBrowser.on('error', (e) => failAll(`the DevTools pipe failed: ${e.message}`));
		// A missing or wrong binary: say which, instead of an unhandled 'error' event.
		child.once('error', (e) =>
			failAll(`Chromium could not start (${chromiumLaunchOptions.executablePath}): ${e.message}`)
		);
	}

	static launch(): CdpBrowser {
		const profileDir = mkdtempSync(join(tmpdir(), 'pocket-cdp-'));
		const child = spawn(
			chromiumLaunchOptions.executablePath,
			[
				...chromiumLaunchOptions.args,
				'--headless=new',
				'--remote-debugging-pipe',
				`--user-data-dir=${profileDir}`,
				'--no-default-browser-check',
				'--mute-audio',
				'about:blank'
			],
			{ stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] }
		);
		const [, , , toBrowser, fromBrowser] = child.stdio;
		if (!toBrowser || !fromBrowser) throw new Error('no DevTools pipe to Chromium');
		return new CdpBrowser(child, toBrowser as Writable, fromBrowser as Readable, profileDir);
	}

	#read(chunk: string): void {
		this.#buffered += chunk;
		for (let end = this.#buffered.indexOf('\0'); end >= 0; end = this.#buffered.indexOf('\0')) {
			const message = JSON.parse(this.#buffered.slice(0, end)) as Reply;
			this.#buffered = this.#buffered.slice(end + 1);
			// Events are not listened to: the bench asks the page what it needs to know.
			if (message.id === undefined) continue;
			const waiter = this.#waiting.get(message.id);
			this.#waiting.delete(message.id);
			if (message.error) waiter?.reject(new Error(message.error.message));
			else waiter?.resolve(message.result);
		}
	}

	/** One protocol command, to the browser or (with sessionId) to an attached page. */
	send<T = unknown>(method: string, params: object = {}, sessionId?: string): Promise<T> {
		if (this.#gone) return Promise.reject(new Error(this.#gone));
		const id = this.#nextId++;
		return new Promise<T>((resolve, reject) => {
			this.#waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
			this.toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
		});
	}

	/** A page in a browser context of its own (a fresh profile, as a new device). */
	async newPage(): Promise<CdpPage> {
		const { browserContextId } = await this.send<{ browserContextId: string }>(
			'Target.createBrowserContext'
		);
		const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', {
			url: 'about:blank',
			browserContextId
		});
		const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', {
			targetId,
			flatten: true
		});
		return new CdpPage(this, sessionId, browserContextId);
	}

	async close(): Promise<void> {
		const exited = new Promise((r) => this.child.once('exit', r));
		this.send('Browser.close').catch(() => undefined);
		await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
		this.child.kill();
		rmSync(this.profileDir, { recursive: true, force: true });
	}
}

export class CdpPage {
	constructor(
		private readonly browser: CdpBrowser,
		private readonly sessionId: string,
		private readonly contextId: string
	) {}

	send<T = unknown>(method: string, params: object = {}): Promise<T> {
		return this.browser.send<T>(method, params, this.sessionId);
	}

	/** Run `fn(arg)` in the page (its source is sent, so it may use nothing from outside). */
	async evaluate<A, T>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
		const reply = await this.send<{
			result: { value?: T };
			exceptionDetails?: { text: string; exception?: { description?: string } };
		}>('Runtime.evaluate', {
			// tsx (esbuild) wraps named functions in `__name(...)` calls that the page lacks.
			expression: `((__name) => (${fn.toString()})(${JSON.stringify(arg ?? null)}))((f) => f)`,
			awaitPromise: true,
			returnByValue: true
		});
		if (reply.exceptionDetails) {
			const { text, exception } = reply.exceptionDetails;
			throw new Error(`in the page: ${exception?.description ?? text}`);
		}
		return reply.result.value as T;
	}

	/**
	 * Evaluate `fn` every `everyMs` until it returns something other than null/undefined/false
	 * (a navigation in between, which destroys the page's context, counts as not yet).
	 */
	async waitFor<T>(
		fn: () => T,
		what: string,
		timeoutMs = 60_000,
		everyMs = 50
	): Promise<Exclude<T, null | undefined | false>> {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const value = await this.evaluate(fn).catch(() => undefined);
			if (value !== undefined && value !== null && value !== false)
				return value as Exclude<T, null | undefined | false>;
			if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
			await new Promise((r) => setTimeout(r, everyMs));
		}
	}

	close(): Promise<unknown> {
		return this.browser.send('Target.disposeBrowserContext', {
			browserContextId: this.contextId
		});
	}
}
