/**
 * Brings the device's banks up to date with the server's index. The order is what keeps a device
 * playable whatever goes wrong: download → check SHA-256 → parse every question → write the new
 * version's rows in one transaction → only then switch the active version in a second, small
 * transaction. A failure anywhere before the switch leaves the previous version in use.
 */
import { parseBankBundle, parseBankIndex, toHex, type BankIndexEntry } from '$lib/core/bank-bundle';
import type { CardRow, PocketDb, QuestionRow } from './db';

export type InstallPhase = 'download' | 'verify' | 'write' | 'activate';

export interface InstallProgress {
	bankId: string;
	title: string;
	version: string;
	phase: InstallPhase;
	/** Bytes downloaded so far, and the bundle's size from the index. */
	loaded: number;
	total: number;
	/** Position of this bank among those being installed (1-based), and how many there are. */
	position: number;
	count: number;
}

export type InstallFailureReason = 'network' | 'http' | 'corrupt' | 'invalid' | 'storage';

/** A failed install, with a message for the person holding the phone. */
export class BankInstallError extends Error {
	constructor(
		readonly reason: InstallFailureReason,
		message: string,
		readonly bankId?: string
	) {
		super(message);
		this.name = 'BankInstallError';
	}
}

export interface InstallerDeps {
	db: PocketDb;
	fetch: typeof fetch;
	now: () => number;
	/** Where index.json lives; bundle URLs in it are relative to it. */
	indexUrl: string;
	onProgress?: (p: InstallProgress) => void;
}

export interface BankUpdateResult {
	installed: { bankId: string; version: string; previous: string | null }[];
	failed: { bankId: string; title: string; error: BankInstallError }[];
	upToDate: string[];
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
	return toHex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

async function fetchOk(deps: InstallerDeps, url: string, what: string): Promise<Response> {
	let response: Response;
	try {
		response = await deps.fetch(url, { cache: 'no-cache' });
	} catch {
		throw new BankInstallError('network', `网络未连接，无法下载${what}`);
	}
	if (!response.ok) {
		throw new BankInstallError('http', `下载${what}失败（服务器返回 ${response.status}）`);
	}
	return response;
}

/** Fetch and parse the index of banks the server offers. */
export async function fetchBankIndex(deps: InstallerDeps) {
	const response = await fetchOk(deps, deps.indexUrl, '题库目录');
	let json: unknown;
	try {
		json = await response.json();
	} catch {
		throw new BankInstallError('corrupt', '题库目录已损坏，请稍后重试');
	}
	const parsed = parseBankIndex(json);
	if (!parsed.ok) throw new BankInstallError('invalid', '题库目录格式不正确，请稍后重试');
	return parsed.value;
}

async function downloadBundle(
	deps: InstallerDeps,
	entry: BankIndexEntry,
	report: (loaded: number) => void
): Promise<Uint8Array> {
	const url = new URL(entry.url, new URL(deps.indexUrl, 'http://x/')).pathname;
	const response = await fetchOk(deps, url, `题库「${entry.title}」`);
	const chunks: Uint8Array[] = [];
	let loaded = 0;
	try {
		if (!response.body) {
			const all = new Uint8Array(await response.arrayBuffer());
			report(all.length);
			return all;
		}
		const reader = response.body.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			chunks.push(value);
			loaded += value.length;
			report(loaded);
		}
	} catch {
		throw new BankInstallError('network', `题库「${entry.title}」下载中断`, entry.id);
	}
	const bytes = new Uint8Array(loaded);
	let offset = 0;
	for (const c of chunks) {
		bytes.set(c, offset);
		offset += c.length;
	}
	return bytes;
}

/**
 * Install one bank version from its index entry. Does nothing (and downloads nothing) when that
 * version is already on the device; activates it if it was written but never switched to.
 */
export async function installBankVersion(
	deps: InstallerDeps,
	entry: BankIndexEntry,
	position = 1,
	count = 1
): Promise<{ installed: boolean; previous: string | null }> {
	const { db } = deps;
	const progress = (phase: InstallPhase, loaded: number) =>
		deps.onProgress?.({
			bankId: entry.id,
			title: entry.title,
			version: entry.version,
			phase,
			loaded,
			total: entry.bytes,
			position,
			count
		});
	const current = await db.banks.get(entry.id);
	const previous = current?.activeVersion ?? null;
	if (previous === entry.version) return { installed: false, previous };

	const already = await db.bankVersions.get([entry.id, entry.version]);
	if (!already || already.sha256 !== entry.sha256) {
		performance.mark(`bank-install-start:${entry.id}@${entry.version}`);
		const bytes = await downloadBundle(deps, entry, (loaded) => progress('download', loaded));
		progress('verify', bytes.length);
		if ((await sha256Hex(bytes)) !== entry.sha256) {
			throw new BankInstallError(
				'corrupt',
				`题库「${entry.title}」下载的文件已损坏（校验不符），已丢弃`,
				entry.id
			);
		}
		let json: unknown;
		try {
			json = JSON.parse(new TextDecoder().decode(bytes));
		} catch {
			throw new BankInstallError('corrupt', `题库「${entry.title}」文件无法读取，已丢弃`, entry.id);
		}
		const bundle = parseBankBundle(json);
		if (
			!bundle.ok ||
			bundle.value.bank.id !== entry.id ||
			bundle.value.bank.version !== entry.version
		) {
			throw new BankInstallError(
				'invalid',
				`题库「${entry.title}」内容不符合格式，已丢弃`,
				entry.id
			);
		}
		const rows: QuestionRow[] = bundle.value.questions.map((q) => ({
			...q,
			bankId: entry.id,
			version: entry.version
		}));
		const cards: CardRow[] = bundle.value.cards.map((c) => ({
			...c,
			bankId: entry.id,
			version: entry.version
		}));
		progress('write', bytes.length);
		try {
			await db.transaction('rw', db.questions, db.cards, db.bankVersions, async () => {
				// A version is immutable once released, so stale rows can only come from a bundle
				// that was replaced under the same version number: clear them first.
				const thisVersion = [entry.id, entry.version];
				await db.questions.where('[bankId+version]').equals(thisVersion).delete();
				await db.cards.where('[bankId+version]').equals(thisVersion).delete();
				await db.questions.bulkPut(rows);
				await db.cards.bulkPut(cards);
				await db.bankVersions.put({
					bankId: entry.id,
					version: entry.version,
					sha256: entry.sha256,
					questionCount: rows.length,
					cardCount: cards.length,
					changelog: bundle.value.bank.changelog,
					installedAt: deps.now()
				});
			});
		} catch (e) {
			const full = e instanceof Error && /quota/i.test(e.name + e.message);
			throw new BankInstallError(
				'storage',
				full
					? `手机存储空间不足，题库「${entry.title}」未能更新`
					: `题库「${entry.title}」保存失败，稍后会重试`,
				entry.id
			);
		}
	}
	progress('activate', entry.bytes);
	await db.transaction('rw', db.banks, async () => {
		await db.banks.put({
			id: entry.id,
			title: entry.title,
			description: entry.description,
			audience: entry.audience,
			activeVersion: entry.version,
			updatedAt: deps.now()
		});
	});
	performance.mark(`bank-install-done:${entry.id}@${entry.version}`);
	return { installed: true, previous };
}

/**
 * Fetch the index and install every bank whose version differs from the device's. One bank's
 * failure does not stop the others; each failure is returned with its message.
 */
export async function updateBanks(deps: InstallerDeps): Promise<BankUpdateResult> {
	const index = await fetchBankIndex(deps);
	const result: BankUpdateResult = { installed: [], failed: [], upToDate: [] };
	const active = new Map((await deps.db.banks.toArray()).map((b) => [b.id, b.activeVersion]));
	const todo = index.banks.filter((b) => active.get(b.id) !== b.version);
	result.upToDate = index.banks.filter((b) => active.get(b.id) === b.version).map((b) => b.id);
	for (const [i, entry] of todo.entries()) {
		try {
			const { previous } = await installBankVersion(deps, entry, i + 1, todo.length);
			result.installed.push({ bankId: entry.id, version: entry.version, previous });
		} catch (e) {
			const error =
				e instanceof BankInstallError
					? e
					: new BankInstallError('storage', `题库「${entry.title}」更新失败`, entry.id);
			result.failed.push({ bankId: entry.id, title: entry.title, error });
		}
	}
	return result;
}
