/**
 * One handler per record kind of the sync contract (core/sync/records.ts). The mapped type makes
 * this table exhaustive: a kind added to the contract without a handler does not compile.
 */
import type { RecordKind, RecordPayload } from '$lib/core/sync/records';
import type { SyncItemResult } from '$lib/core/sync/envelope';
import type { BankRegistry } from './bank-registry';
import type { Db } from './database';
import { ingestAttempts } from './ingest';
import type { MemberIdentity } from './members';
import { ingestQuestionReports } from './question-reports';

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

export const RECORD_HANDLERS: { [K in RecordKind]: RecordHandler<K> } = {
	attempt: ingestAttempts,
	'question-report': ingestQuestionReports
};
