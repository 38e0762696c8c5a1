/**
 * openPocketDb declares the schema once, as it is now. A phone may still hold the database as any
 * earlier version shipped it: opening it must bring it to the whole current schema (every table
 * and index) and keep every row it held.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openPocketDb } from '../../src/lib/client/db';
import { openAsShipped } from './shipped-schemas';

/** Every store of the database as IndexedDB itself holds it: key path and index names. */
async function storesOf(
	name: string
): Promise<Record<string, { key: unknown; indexes: string[] }>> {
	const idb = await new Promise<IDBDatabase>((resolve, reject) => {
		const request = indexedDB.open(name);
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
	const names = [...idb.objectStoreNames];
	const tx = idb.transaction(names, 'readonly');
	const stores = Object.fromEntries(
		names.map((n) => {
			const store = tx.objectStore(n);
			return [n, { key: store.keyPath, indexes: [...store.indexNames].sort() }];
		})
	);
	idb.close();
	return stores;
}

describe('a database of an earlier version', () => {
	it.each([1, 2, 4, 5])(
		'opens from version %i with every table and index and every row',
		async (version) => {
			const name = `history-${version}-${Date.now()}`;
			const old = openAsShipped(name, version);
			await old.table('banks').add({ id: 'b1', activeVersion: '1.0.0' });
			await old.table('attempts').add({ id: 'a1', bankId: 'b1', status: 'active', updatedAt: 1 });
			await old.table('outbox').add({ id: 'o1', status: 'pending', memberId: 'm1', createdAt: 1 });
			if (version >= 2) await old.table('readingLog').add({ id: 'r1', memberKey: 'm1', day: 'd' });
			if (version >= 5) await old.table('stageContests').add({ id: 's1', updatedAt: 1 });
			expect(old.verno).toBe(version);
			old.close();

			const db = openPocketDb(name);
			await db.open();
			expect(db.verno).toBe(6);
			// Every row is still there, and the new index finds what waits.
			expect(await db.banks.get('b1')).toMatchObject({ activeVersion: '1.0.0' });
			expect(await db.attempts.where('[bankId+status]').equals(['b1', 'active']).count()).toBe(1);
			expect(
				await db.outbox.where('[status+memberId+createdAt]').equals(['pending', 'm1', 1]).count()
			).toBe(1);
			if (version >= 2) expect(await db.readingLog.get('r1')).toBeDefined();
			if (version >= 5) expect(await db.stageContests.get('s1')).toBeDefined();
			db.close();

			// The same tables and indexes as a database created now.
			const fresh = `history-fresh-${version}-${Date.now()}`;
			const created = openPocketDb(fresh);
			await created.open();
			created.close();
			expect(await storesOf(name)).toEqual(await storesOf(fresh));
		}
	);
});
