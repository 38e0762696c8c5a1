/**
 * What every record handler of the sync contract is given and must do (the table of handlers is
 * in record-handlers.ts; the handlers import only this, so the table and they form no cycle).
 */
import type { RecordKind, RecordPayload } from '$lib/core/sync/records';
import type { SyncItemResult } from '$lib/core/sync/envelope';
import type { BankRegistry } from './bank-registry';
import type { Db } from './database';
import type { MemberIdentity } from './members';

export interface IngestContext {
	db: Db;
	registry: BankRegistry;
	member: MemberIdentity;
	/** The server's receive time: the only clock the server trusts. */
	now: number;
}

/**
 * Store records of one kind (each already matches its schema) idempotently by id, in a
 * transaction that commits before the answer goes out, and answer each, in order.
 */
export type RecordHandler<K extends RecordKind> = (
	ctx: IngestContext,
	payloads: RecordPayload<K>[]
) => Promise<SyncItemResult[]>;
