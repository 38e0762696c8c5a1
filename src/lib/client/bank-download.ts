/**
 * What both ways of installing a bank share (the full bundle in bank-installer.ts, the delta in
 * bank-delta-install.ts): downloading a file the index names, with progress, its SHA-256, and
 * the installer's errors in words for the person holding the phone. Its own module so the two
 * installers import it without importing each other.
 */
import { toHex, type BankIndexEntry } from '$lib/core/bank/bundle';
import type { ChangeCounts } from '$lib/core/bank/delta';
import type { ChangelogEntry } from '$lib/core/bank/schema';
import { BankInstallError } from './bank-install-error';
import type { PocketDb } from './db';

export type InstallPhase = 'download' | 'verify' | 'write' | 'activate';

/** What is downloaded: only the changes since the version on the device, or the whole bank. */
export type InstallSource = 'delta' | 'full';

export interface InstallProgress {
	bankId: string;
	title: string;
	version: string;
	phase: InstallPhase;
	source: InstallSource;
	/** Bytes downloaded so far, and the size of the file being downloaded (from the index). */
	loaded: number;
	total: number;
	/** Position of this bank among those being installed (1-based), and how many there are. */
	position: number;
	count: number;
}

export { BankInstallError, type InstallFailureReason } from './bank-install-error';

export interface InstallerDeps {
	db: PocketDb;
	fetch: typeof fetch;
	now: () => number;
	/** Where index.json lives; bundle URLs in it are relative to it. */
	indexUrl: string;
	onProgress?: (p: InstallProgress) => void;
	/** Set a performance mark (the benches time installs by them); in a worker, sent to the page. */
	mark?: (name: string) => void;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
	return toHex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

export async function fetchOk(deps: InstallerDeps, url: string, what: string): Promise<Response> {
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

/** Download a file named in the index (its URL is relative to the index), reporting progress. */
export async function download(
	deps: InstallerDeps,
	entry: BankIndexEntry,
	relativeUrl: string,
	report: (loaded: number) => void
): Promise<Uint8Array> {
	const url = new URL(relativeUrl, new URL(deps.indexUrl, 'http://x/')).pathname;
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

export function storageError(entry: BankIndexEntry, e: unknown): BankInstallError {
	if (e instanceof BankInstallError) return e;
	const full = e instanceof Error && /quota/i.test(e.name + e.message);
	return new BankInstallError(
		'storage',
		full
			? `手机存储空间不足，题库「${entry.title}」未能更新`
			: `题库「${entry.title}」保存失败，稍后会重试`,
		entry.id
	);
}

export type Progress = (
	phase: InstallPhase,
	source: InstallSource,
	loaded: number,
	total: number
) => void;

export interface Written {
	changes: ChangeCounts | null;
	changelog: ChangelogEntry[];
}
