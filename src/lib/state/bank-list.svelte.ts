/**
 * 学习: the banks installed on this device, each with its active version (question count, notes,
 * what changed), by id.
 */
import { appDb } from '$lib/client/app-db';
import { LiveQuery } from './live-query.svelte';

export function installedBanks() {
	return new LiveQuery(async () => {
		const db = appDb();
		const rows = await db.banks.orderBy('id').toArray();
		return Promise.all(
			rows.map(async (bank) => ({
				bank,
				version: await db.bankVersions.get([bank.id, bank.activeVersion])
			}))
		);
	}, []);
}
