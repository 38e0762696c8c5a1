import type { Page } from '@playwright/test';

/**
 * The app's IndexedDB as a test reads and edits it, from inside the page. An edit resolves only
 * once its transaction has committed, not when its `put` succeeded: a test that leaves or reloads
 * the page next would otherwise abort it, and the edit would be lost (CI saw that three times
 * before every edit went through here).
 */

/** Every row of one of the app's stores. */
export function readRows<T>(page: Page, store: string): Promise<T[]> {
	return page.evaluate(
		(store) =>
			new Promise<T[]>((resolve, reject) => {
				const open = indexedDB.open('pocket-classroom');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const request = open.result.transaction(store).objectStore(store).getAll();
					request.onsuccess = () => (open.result.close(), resolve(request.result as T[]));
					request.onerror = () => (open.result.close(), reject(request.error));
				};
			}),
		store
	);
}

/** Write rows into one of the app's stores; resolves once they are committed. */
export function putRows(page: Page, store: string, rows: readonly unknown[]): Promise<void> {
	return page.evaluate(
		({ store, rows }) =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('pocket-classroom');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const tx = open.result.transaction(store, 'readwrite');
					for (const row of rows) tx.objectStore(store).put(row);
					tx.oncomplete = () => (open.result.close(), resolve());
					tx.onerror = () => (open.result.close(), reject(tx.error));
					tx.onabort = () => (open.result.close(), reject(tx.error ?? new Error('aborted')));
				};
			}),
		{ store, rows }
	);
}
