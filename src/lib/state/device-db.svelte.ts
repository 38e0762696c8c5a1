/**
 * Whether this page lost its database to another tab (see client/app-db.ts), for the banner that
 * asks for a reload.
 */
import { appDbOpened, onDbClosed, type DbClosedReason } from '$lib/client/app-db';

class DeviceDb {
	/** Why the database closed under this page; null while it is usable. */
	closed = $state<DbClosedReason | null>(null);

	/** Resolves once the database has opened (or failed to): see appDbOpened. */
	opened(): Promise<void> {
		return appDbOpened();
	}

	/** Listen from the root layout; returns the way to stop. */
	watch(): () => void {
		return onDbClosed((reason) => (this.closed = reason));
	}
}

export const deviceDb = new DeviceDb();
