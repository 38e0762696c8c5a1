/**
 * The bank check as the page runs it through the worker (bank-install-host.ts) and as the worker
 * serves it (bank-check-serve.ts), with the real installer on a real (in-memory) IndexedDB. The
 * worker here is the same message protocol in-process: every message goes through
 * structuredClone, as postMessage does, so what does not survive a real worker boundary (an
 * error's class) does not survive here either. The real Web Worker runs in the e2e suite
 * (tests/e2e/offline-shell.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { freshDb, serveBank, siteFetch } from './helpers';
import { serveBankCheck } from '../../src/lib/client/bank-check-serve';
import { runBankCheck } from '../../src/lib/client/bank-install-host';
import { BankInstallError, type InstallProgress } from '../../src/lib/client/bank-installer';
import {
	plainError,
	plainResult,
	updateResult,
	type UpdateRequest,
	type WorkerMessage
} from '../../src/lib/client/bank-worker-protocol';
import { openPocketDb, type MemberRow, type PocketDb } from '../../src/lib/client/db';
import { judge, meta, single } from '../fixtures/questions';

const v1 = serveBank(meta, [single, judge]);

/** A worker that runs serveBankCheck in this process, cloning every message both ways. */
class InProcessWorker extends EventTarget {
	terminated = false;
	received: WorkerMessage[] = [];
	constructor(
		private db: PocketDb,
		private site: ReturnType<typeof siteFetch>
	) {
		super();
	}
	postMessage(data: UpdateRequest) {
		const request = structuredClone(data);
		void serveBankCheck(
			request,
			// Its own connection to the same database, as a real worker has; closed when done.
			() => openPocketDb(this.db.name),
			(message) => {
				const copy = structuredClone(message);
				this.received.push(copy);
				if (!this.terminated) this.dispatchEvent(new MessageEvent('message', { data: copy }));
			},
			this.site.fetch
		);
	}
	terminate() {
		this.terminated = true;
	}
}

const member: MemberRow = {
	id: 'm-1',
	displayName: '支部成员',
	groupId: 'g-1',
	groupName: '第一支部',
	groupKind: 'branch',
	token: 'token-1',
	needsRejoin: false,
	joinedAt: 1_700_000_000_000
};
const branchBank = serveBank({ ...meta, id: 'branch-g-1-rules', title: '支部题库' }, [judge]);

/**
 * The town's banks at /banks/ and one branch's at /api/branch-banks/ (the same files as the
 * server's routes give them), and the authorization each branch request carried.
 */
function townAndBranch() {
	const town = siteFetch([v1]);
	const branch = siteFetch([branchBank]);
	const branchAuth: (string | null)[] = [];
	const fetch: typeof globalThis.fetch = async (input, init) => {
		const path = String(input);
		if (!path.startsWith('/api/branch-banks/')) return town.fetch(input);
		branchAuth.push(new Headers(init?.headers).get('authorization'));
		return branch.fetch(path.replace('/api/branch-banks/', '/banks/'));
	};
	return { fetch, branchAuth, requests: town.requests };
}

/** A worker whose script never runs (old WebView without module workers, a broken cache). */
class BrokenWorker extends EventTarget {
	terminated = false;
	postMessage() {
		queueMicrotask(() => this.dispatchEvent(new Event('error', { cancelable: true })));
	}
	terminate() {
		this.terminated = true;
	}
}

describe('bank-install worker protocol', () => {
	it('a result keeps its failures as BankInstallErrors across the boundary', () => {
		const result = {
			installed: [],
			upToDate: ['a'],
			removed: [],
			failed: [{ bankId: 'b', title: '乙', error: new BankInstallError('corrupt', '已损坏', 'b') }]
		};
		const back = updateResult(structuredClone(plainResult(result)));
		expect(back.upToDate).toEqual(['a']);
		const error = back.failed[0]?.error;
		expect(error).toBeInstanceOf(BankInstallError);
		expect(error).toMatchObject({ reason: 'corrupt', message: '已损坏', bankId: 'b' });
	});

	it('anything else thrown becomes a storage failure with a message for the reader', () => {
		expect(plainError(new TypeError('boom'))).toEqual({
			reason: 'storage',
			message: '题库检查失败，稍后会重试'
		});
	});
});

describe('runBankCheck', () => {
	it('installs through the worker: progress and marks reach the page, the worker ends', async () => {
		const db = freshDb();
		const site = siteFetch([v1]);
		const worker = new InProcessWorker(db, site);
		const progress: InstallProgress[] = [];
		const result = await runBankCheck({
			indexUrl: '/banks/index.json',
			db: () => {
				throw new Error('the main thread must not install when the worker does');
			},
			onProgress: (p) => progress.push(p),
			startWorker: () => worker as unknown as Worker
		});
		expect(result.installed.map((i) => [i.bankId, i.version, i.source])).toEqual([
			[meta.id, '1.0.0', 'full']
		]);
		expect((await db.banks.get(meta.id))?.activeVersion).toBe('1.0.0');
		expect(progress.map((p) => p.phase)).toEqual(
			expect.arrayContaining(['download', 'verify', 'write', 'activate'])
		);
		expect(performance.getEntriesByName(`bank-install-done:${meta.id}@1.0.0`)).toHaveLength(1);
		expect(worker.terminated).toBe(true);
		expect(worker.received.filter((m) => m.type === 'done' || m.type === 'failed')).toHaveLength(1);
	});

	it("a check that fails in the worker fails on the page with the installer's error", async () => {
		const db = freshDb();
		const site = siteFetch([v1], { '/banks/index.json': 'offline' });
		const check = runBankCheck({
			indexUrl: '/banks/index.json',
			db: () => db,
			startWorker: () => new InProcessWorker(db, site) as unknown as Worker
		});
		await expect(check).rejects.toBeInstanceOf(BankInstallError);
		await expect(check).rejects.toMatchObject({ reason: 'network' });
		expect(await db.banks.count()).toBe(0);
	});

	it('a bank that fails to install is reported as failed, the others still install', async () => {
		const other = serveBank({ ...meta, id: 'other-bank', title: '另一个题库' }, [single]);
		const db = freshDb();
		const site = siteFetch([v1, other], { [`/banks/${other.entry.url}`]: 'corrupt' });
		const result = await runBankCheck({
			indexUrl: '/banks/index.json',
			db: () => db,
			startWorker: () => new InProcessWorker(db, site) as unknown as Worker
		});
		expect(result.installed.map((i) => i.bankId)).toEqual([meta.id]);
		expect(result.failed.map((f) => [f.bankId, f.error.reason])).toEqual([
			['other-bank', 'corrupt']
		]);
		expect(result.failed[0]?.error).toBeInstanceOf(BankInstallError);
	});

	it('falls back to the main thread when the worker script cannot run', async () => {
		const db = freshDb();
		const site = siteFetch([v1]);
		const broken = new BrokenWorker();
		const result = await runBankCheck({
			indexUrl: '/banks/index.json',
			db: () => db,
			fetch: site.fetch,
			startWorker: () => broken as unknown as Worker
		});
		expect(broken.terminated).toBe(true);
		expect(result.installed.map((i) => i.bankId)).toEqual([meta.id]);
		expect((await db.banks.get(meta.id))?.activeVersion).toBe('1.0.0');
	});

	it('installs on the main thread where there is no Worker at all (old WeChat)', async () => {
		const db = freshDb();
		const site = siteFetch([v1]);
		const result = await runBankCheck({
			indexUrl: '/banks/index.json',
			db: () => db,
			fetch: site.fetch,
			startWorker: () => null
		});
		expect(result.installed.map((i) => i.bankId)).toEqual([meta.id]);
		expect(site.requests).toContain(`/banks/${v1.entry.url}`);
	});

	it('installs the branch banks of the members here too, with their token, off the page', async () => {
		const db = freshDb();
		await db.members.put(member);
		const site = townAndBranch();
		const worker = new InProcessWorker(db, site as unknown as ReturnType<typeof siteFetch>);
		const result = await runBankCheck({
			indexUrl: '/banks/index.json',
			db: () => {
				throw new Error('the main thread must not install when the worker does');
			},
			startWorker: () => worker as unknown as Worker
		});
		expect(result.installed.map((i) => i.bankId)).toEqual([meta.id, branchBank.entry.id]);
		expect((await db.banks.get(branchBank.entry.id))?.activeVersion).toBe('1.0.0');
		expect(site.branchAuth).toEqual([`Bearer ${member.token}`, `Bearer ${member.token}`]);
		expect(worker.received.filter((m) => m.type === 'done')).toHaveLength(1);
	});

	it('on the main thread (no Worker) installs the branch banks after the town’s', async () => {
		const db = freshDb();
		await db.members.put(member);
		const site = townAndBranch();
		const result = await runBankCheck({
			indexUrl: '/banks/index.json',
			db: () => db,
			fetch: site.fetch,
			startWorker: () => null
		});
		expect(result.installed.map((i) => i.bankId)).toEqual([meta.id, branchBank.entry.id]);
	});

	it('with nobody joined asks for no branch index', async () => {
		const db = freshDb();
		const site = townAndBranch();
		const result = await runBankCheck({
			indexUrl: '/banks/index.json',
			db: () => db,
			startWorker: () =>
				new InProcessWorker(
					db,
					site as unknown as ReturnType<typeof siteFetch>
				) as unknown as Worker
		});
		expect(result.installed.map((i) => i.bankId)).toEqual([meta.id]);
		expect(site.branchAuth).toEqual([]);
	});

	it('falls back to the main thread when constructing the worker throws', async () => {
		const db = freshDb();
		const site = siteFetch([v1]);
		const result = await runBankCheck({
			indexUrl: '/banks/index.json',
			db: () => db,
			fetch: site.fetch,
			startWorker: () => {
				throw new DOMException('blocked', 'SecurityError');
			}
		});
		expect(result.installed.map((i) => i.bankId)).toEqual([meta.id]);
	});
});
