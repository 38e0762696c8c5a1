/**
 * One handler per record kind of the sync contract (core/sync/records.ts). The mapped type makes
 * this table exhaustive: a kind added to the contract without a handler does not compile.
 */
import type { RecordKind } from '$lib/core/sync/records';
import { ingestSubmissions } from './competition-ingest';
import { ingestAttempts } from './ingest';
import type { RecordHandler } from './ingest-context';
import { ingestStageRecords } from './stage-records';
import { ingestQuestionReports } from './question-reports';

export type { IngestContext, RecordHandler } from './ingest-context';

export const RECORD_HANDLERS: { [K in RecordKind]: RecordHandler<K> } = {
	attempt: ingestAttempts,
	competition: ingestSubmissions,
	stage: ingestStageRecords,
	'question-report': ingestQuestionReports
};
