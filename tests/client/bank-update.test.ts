import { describe, expect, it } from 'vitest';
import {
	faultyDb,
	freshDb,
	quotaExceeded,
	serveBank,
	serveReleases,
	siteFetch,
	type Fault
} from './helpers';
import { v1, v2 } from './bank-versions';
import { questionsOf } from '../../src/lib/client/attempt-store';
import { updateBanks, type InstallProgress } from '../../src/lib/client/bank-installer';
import type { PocketDb } from '../../src/lib/client/db';
import { meta } from '../fixtures/questions';

const site1 = () => siteFetch([serveReleases([v1])]);
const published2 = serveReleases([v1, v2]);
const deltaUrl = `/banks/${published2.entry.deltas[0]?.url}`;
const fullUrl = `/banks/${published2.entry.url}`;
const site2 = (faults: Record<string, Fault> = {}) => siteFetch([published2], faults);

function deps(db: PocketDb, site: ReturnType<typeof siteFetch>, progress: InstallProgress[] = []) {
	return {
		db,
		fetch: site.fetch,
		now: () => 1_700_000_000_000,
		indexUrl: '/banks/index.json',
		onProgress: (p: InstallProgress) => progress.push(p)
	};
}

const active = async (db: PocketDb) => (await db.banks.get(meta.id))?.activeVersion;

/** A version's questions as play reads them, without the storage fields. */
async function content(db: PocketDb, version: string) {
	const manifest = await db.manifests.get([meta.id, version]);
	const rows = await questionsOf(db, meta.id, version, Object.keys(manifest?.questions ?? {}));
	const withoutStorage = (row: object) =>
		JSON.parse(JSON.stringify(row, (k, v) => (k === 'bankId' || k === 'rev' ? undefined : v)));
	return rows.map(withoutStorage).sort((a, b) => a.id.localeCompare(b.id));
}

const expected = (v: typeof v1) => [...v.questions].sort((a, b) => a.id.localeCompare(b.id));

async function onV1() {
	const db = freshDb();
	await updateBanks(deps(db, site1()));
	expect(await active(db)).toBe('1.0.0');
	return db;
}

describe('bank update: delta or full', () => {
	it('downloads only the delta when the previous release is on the device', async () => {
		const db = await onV1();
		const site = site2();
		const progress: InstallProgress[] = [];
		const result = await updateBanks(deps(db, site, progress));
		expect(site.requests).toEqual(['/banks/index.json', deltaUrl]);
		expect(result.installed).toMatchObject([
			{
				version: '2.0.0',
				previous: '1.0.0',
				source: 'delta',
				changes: {
					added: 3,
					changed: 2,
					removed: 1,
					cardsAdded: 0,
					cardsChanged: 1,
					cardsRemoved: 0
				},
				notes: [{ version: '2.0.0' }]
			}
		]);
		expect(progress.filter((p) => p.phase === 'download').every((p) => p.source === 'delta')).toBe(
			true
		);
		expect(progress.find((p) => p.phase === 'download')?.total).toBe(
			published2.entry.deltas[0]?.bytes
		);
		expect(await active(db)).toBe('2.0.0');
		expect(await content(db, '2.0.0')).toEqual(expected(v2));
		// v1 is collected (nothing refers to it); v2 shares its 17 unchanged rows with it.
		expect(result.removed).toEqual([{ bankId: meta.id, version: '1.0.0' }]);
		expect(await db.questions.count()).toBe(22);
		expect(await db.cards.count()).toBe(1);
	});

	it('a delta install and a full install leave the same content', async () => {
		const viaDelta = await onV1();
		await updateBanks(deps(viaDelta, site2()));
		const viaFull = freshDb();
		const site = site2();
		const result = await updateBanks(deps(viaFull, site));
		expect(result.installed[0]?.source).toBe('full');
		expect(site.requests).toEqual(['/banks/index.json', fullUrl]);
		expect(await content(viaDelta, '2.0.0')).toEqual(await content(viaFull, '2.0.0'));
		expect(await viaDelta.manifests.get([meta.id, '2.0.0'])).toEqual(
			await viaFull.manifests.get([meta.id, '2.0.0'])
		);
	});

	it.each<[string, Fault]>([
		['corrupt (fails its SHA-256)', 'corrupt'],
		['missing on the server', { status: 404 }]
	])('a delta that is %s falls back to the full bundle', async (_name, fault) => {
		const db = await onV1();
		const site = site2({ [deltaUrl]: fault });
		const result = await updateBanks(deps(db, site));
		expect(site.requests).toEqual(['/banks/index.json', deltaUrl, fullUrl]);
		expect(result.failed).toEqual([]);
		expect(result.installed).toMatchObject([
			{ version: '2.0.0', source: 'full', changes: { added: 3, changed: 2, removed: 1 } }
		]);
		expect(await content(db, '2.0.0')).toEqual(expected(v2));
	});

	it('a delta that does not produce the promised content falls back to the full bundle', async () => {
		const db = await onV1();
		// The device's v1 differs from the release the delta was made from (a lost row).
		await db.manifests.update([meta.id, '1.0.0'], (m) => {
			delete m.questions['g-5'];
		});
		const site = site2();
		const result = await updateBanks(deps(db, site));
		expect(site.requests).toEqual(['/banks/index.json', deltaUrl, fullUrl]);
		expect(result.installed[0]?.source).toBe('full');
		expect(await content(db, '2.0.0')).toEqual(expected(v2));
	});

	it('a device holding another bundle under the same version number skips the delta', async () => {
		const db = freshDb();
		// A draft of 1.0.0 with different content, installed before 1.0.0 was released.
		await updateBanks(deps(db, siteFetch([serveBank(v1.meta, v1.questions.slice(0, 5))])));
		const site = site2();
		const result = await updateBanks(deps(db, site));
		expect(site.requests).toEqual(['/banks/index.json', fullUrl]);
		expect(result.installed[0]).toMatchObject({ source: 'full', changes: { added: 17 } });
	});

	it('a draft replaced under the same version number is installed again', async () => {
		const db = freshDb();
		await updateBanks(deps(db, siteFetch([serveBank(v1.meta, v1.questions.slice(0, 5))])));
		const result = await updateBanks(deps(db, siteFetch([serveBank(v1.meta, v1.questions)])));
		expect(result.installed).toMatchObject([
			{ version: '1.0.0', previous: '1.0.0', changes: { added: 15 } }
		]);
		expect(await content(db, '1.0.0')).toEqual(expected(v1));
	});
});

describe('bank update: interrupted, out of space, crashed', () => {
	it('an interrupted download (lost network, closed tab) keeps v1; the next check finishes', async () => {
		const db = await onV1();
		const result = await updateBanks(deps(db, site2({ [deltaUrl]: 'interrupt' })));
		expect(result.failed.map((f) => f.error.reason)).toEqual(['network']);
		expect(await active(db)).toBe('1.0.0');
		expect(await content(db, '1.0.0')).toEqual(expected(v1));
		expect(await db.bankVersions.get([meta.id, '2.0.0'])).toBeUndefined();

		const site = site2();
		const resumed = await updateBanks(deps(db, site));
		expect(resumed.installed[0]?.source).toBe('delta');
		expect(site.requests).toEqual(['/banks/index.json', deltaUrl]);
		expect(await active(db)).toBe('2.0.0');
	});

	it.each(['delta', 'full'] as const)(
		'quota exceeded while writing (%s): v1 untouched, nothing of v2 kept, resumes later',
		async (source) => {
			const { db, failWrites, heal } = faultyDb();
			await updateBanks(deps(db, site1()));
			const rowsBefore = await db.questions.toArray();
			failWrites('questions', quotaExceeded);
			const faults: Record<string, Fault> = source === 'full' ? { [deltaUrl]: 'corrupt' } : {};
			const result = await updateBanks(deps(db, site2(faults)));
			expect(result.failed).toHaveLength(1);
			expect(result.failed[0]?.error.reason).toBe('storage');
			expect(result.failed[0]?.error.message).toBe('手机存储空间不足，题库「示例题库」未能更新');
			expect(await active(db)).toBe('1.0.0');
			expect(await db.questions.toArray()).toEqual(rowsBefore);
			expect(await db.manifests.get([meta.id, '2.0.0'])).toBeUndefined();
			expect(await db.bankVersions.get([meta.id, '2.0.0'])).toBeUndefined();
			expect(await content(db, '1.0.0')).toEqual(expected(v1));

			heal();
			const resumed = await updateBanks(deps(db, site2()));
			expect(resumed.installed).toMatchObject([{ version: '2.0.0', source: 'delta' }]);
			expect(await content(db, '2.0.0')).toEqual(expected(v2));
		}
	);

	it('quota exceeded on a first install leaves no bank and no rows', async () => {
		const { db, failWrites } = faultyDb();
		failWrites('manifests', quotaExceeded);
		const result = await updateBanks(deps(db, site2()));
		expect(result.failed[0]?.error.reason).toBe('storage');
		expect(await db.banks.count()).toBe(0);
		expect(await db.questions.count()).toBe(0);
	});

	it('a crash in the middle of the write leaves no trace of the new version', async () => {
		const { db, failWrites, heal } = faultyDb();
		await updateBanks(deps(db, site1()));
		// The version record is the transaction's last write: rows and manifest came before it.
		failWrites('bankVersions', () => new Error('the tab was closed'));
		const result = await updateBanks(deps(db, site2()));
		expect(result.failed[0]?.error.message).toBe('题库「示例题库」保存失败，稍后会重试');
		expect(await db.questions.count()).toBe(20);
		expect(await db.manifests.count()).toBe(1);
		expect(await active(db)).toBe('1.0.0');
		heal();
		expect((await updateBanks(deps(db, site2()))).installed[0]?.source).toBe('delta');
	});

	it('a crash between writing and switching: the next start only switches', async () => {
		const { db, failWrites, heal } = faultyDb();
		await updateBanks(deps(db, site1()));
		failWrites('banks', () => new Error('the tab was closed'));
		const crashed = await updateBanks(deps(db, site2()));
		expect(crashed.failed).toHaveLength(1);
		expect(await active(db)).toBe('1.0.0');
		expect(await content(db, '1.0.0')).toEqual(expected(v1));
		expect(await db.bankVersions.get([meta.id, '2.0.0'])).toBeDefined();

		heal();
		const site = site2();
		const resumed = await updateBanks(deps(db, site));
		expect(site.requests).toEqual(['/banks/index.json']);
		expect(resumed.installed).toMatchObject([
			{ version: '2.0.0', previous: '1.0.0', source: 'resume', changes: { added: 3, changed: 2 } }
		]);
		expect(await active(db)).toBe('2.0.0');
		expect(await content(db, '2.0.0')).toEqual(expected(v2));
	});
});
