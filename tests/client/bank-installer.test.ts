import { describe, expect, it } from 'vitest';
import { freshDb, serveBank, siteFetch, type Fault } from './helpers';
import {
	BankInstallError,
	updateBanks,
	type InstallProgress
} from '../../src/lib/client/bank-installer';
import { questionsOf } from '../../src/lib/client/attempt-store';
import type { PocketDb } from '../../src/lib/client/db';
import { generatedQuestions, judge, meta, single } from '../fixtures/questions';

const v1 = serveBank(meta, [single, judge]);
const v2 = serveBank(
	{
		...meta,
		version: '1.1.0',
		changelog: [{ version: '1.1.0', date: '2026-12-01', notes: '新增题目' }, ...meta.changelog]
	},
	[single, judge, ...generatedQuestions(3)]
);

function deps(db: PocketDb, site: ReturnType<typeof siteFetch>, progress: InstallProgress[] = []) {
	return {
		db,
		fetch: site.fetch,
		now: () => 1_700_000_000_000,
		indexUrl: '/banks/index.json',
		onProgress: (p: InstallProgress) => progress.push(p)
	};
}

async function activeVersion(db: PocketDb) {
	return (await db.banks.get(meta.id))?.activeVersion;
}

/** How many questions a version has on the device: its manifest, resolved to stored rows. */
async function questionCount(db: PocketDb, version: string) {
	const manifest = await db.manifests.get([meta.id, version]);
	if (!manifest) return 0;
	return (await questionsOf(db, meta.id, version, Object.keys(manifest.questions))).length;
}

describe('bank installer', () => {
	it('installs a bank: rows written, version recorded, then activated, with progress', async () => {
		const db = freshDb();
		const progress: InstallProgress[] = [];
		const result = await updateBanks(deps(db, siteFetch([v1]), progress));
		expect(result.installed).toEqual([
			{
				bankId: meta.id,
				title: meta.title,
				version: '1.0.0',
				previous: null,
				source: 'full',
				changes: null,
				notes: meta.changelog
			}
		]);
		expect(await activeVersion(db)).toBe('1.0.0');
		expect(await questionCount(db, '1.0.0')).toBe(2);
		expect((await db.bankVersions.get([meta.id, '1.0.0']))?.sha256).toBe(v1.entry.sha256);
		expect(progress.map((p) => p.phase)).toEqual(
			expect.arrayContaining(['download', 'verify', 'write', 'activate'])
		);
		expect(progress.at(-1)?.loaded).toBe(v1.entry.bytes);
	});

	it('reinstalling the same version downloads nothing and changes nothing', async () => {
		const db = freshDb();
		await updateBanks(deps(db, siteFetch([v1])));
		const before = await db.questions.toArray();
		const site = siteFetch([v1]);
		const result = await updateBanks(deps(db, site));
		expect(result.installed).toEqual([]);
		expect(result.upToDate).toEqual([meta.id]);
		expect(site.requests).toEqual(['/banks/index.json']);
		expect(await db.questions.toArray()).toEqual(before);
	});

	it('a new version replaces the active one; the old one is removed once nothing needs it', async () => {
		const db = freshDb();
		await updateBanks(deps(db, siteFetch([v1])));
		const result = await updateBanks(deps(db, siteFetch([v2])));
		expect(result.installed).toMatchObject([
			{ bankId: meta.id, version: '1.1.0', previous: '1.0.0', source: 'full' }
		]);
		expect(result.installed[0]?.changes).toMatchObject({ added: 3, changed: 0, removed: 0 });
		expect(result.removed).toEqual([{ bankId: meta.id, version: '1.0.0' }]);
		expect(await activeVersion(db)).toBe('1.1.0');
		expect(await questionCount(db, '1.1.0')).toBe(5);
		expect(await db.bankVersions.get([meta.id, '1.0.0'])).toBeUndefined();
		// Rows are shared between versions: the two questions of 1.0.0 were not stored twice.
		expect(await db.questions.count()).toBe(5);
	});

	it.each<[string, Fault, BankInstallError['reason']]>([
		['an interrupted download', 'interrupt', 'network'],
		['a corrupt download (hash mismatch)', 'corrupt', 'corrupt'],
		['a server error', { status: 503 }, 'http'],
		['no network', 'offline', 'network']
	])('%s keeps the previous version active and says why', async (_name, fault, reason) => {
		const db = freshDb();
		await updateBanks(deps(db, siteFetch([v1])));
		const result = await updateBanks(
			deps(db, siteFetch([v2], { [`/banks/${v2.entry.url}`]: fault }))
		);
		expect(result.installed).toEqual([]);
		expect(result.failed).toHaveLength(1);
		expect(result.failed[0]?.error.reason).toBe(reason);
		expect(result.failed[0]?.error.message).toMatch(/示例题库/);
		expect(await activeVersion(db)).toBe('1.0.0');
		expect(await questionCount(db, '1.1.0')).toBe(0);
		expect(await db.bankVersions.get([meta.id, '1.1.0'])).toBeUndefined();
	});

	it('refuses a bundle whose content does not match the schema even with a matching hash', async () => {
		const db = freshDb();
		const bad = serveBank(meta, [{ ...single, answer: 'Z' } as typeof single]);
		const result = await updateBanks(deps(db, siteFetch([bad])));
		expect(result.failed[0]?.error.reason).toBe('invalid');
		expect(await db.banks.count()).toBe(0);
		expect(await db.questions.count()).toBe(0);
	});

	it('an unreachable index is an error the screen can show, and nothing changes', async () => {
		const db = freshDb();
		await expect(
			updateBanks(deps(db, siteFetch([v1], { '/banks/index.json': 'offline' })))
		).rejects.toThrow('网络未连接');
		await expect(
			updateBanks(deps(db, siteFetch([v1], { '/banks/index.json': 'corrupt' })))
		).rejects.toBeInstanceOf(BankInstallError);
		expect(await db.banks.count()).toBe(0);
	});

	it('a version written but never activated (tab closed in between) is activated without a download', async () => {
		const db = freshDb();
		await updateBanks(deps(db, siteFetch([v1])));
		await updateBanks(deps(db, siteFetch([v2])));
		// Simulate the crash window: rows of 1.1.0 are written, the switch did not happen.
		await db.banks.update(meta.id, { activeVersion: '1.0.0' });
		const site = siteFetch([v2]);
		const result = await updateBanks(deps(db, site));
		expect(result.installed).toMatchObject([{ version: '1.1.0', source: 'resume' }]);
		expect(site.requests).toEqual(['/banks/index.json']);
		expect(await activeVersion(db)).toBe('1.1.0');
	});
});
