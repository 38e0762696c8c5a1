/**
 * Every kind of record a device uploads through its outbox, with the schema of its payload.
 * A new kind (a competition submission, a classroom contest) is one entry here and one handler
 * on the server (src/lib/server/sync/handlers.ts, which TypeScript makes exhaustive over these
 * kinds); docs/decisions.md lists the rest of the way.
 *
 * Every payload has an `id` made on the device (a UUID): the key that makes a resend harmless
 * and the key its answer comes back under.
 */
import * as v from 'valibot';
import { stageRecordSchema } from '../stage/record';
import { attemptUploadSchema } from './attempt';
import { submissionSchema } from '../competition/schema';
import { questionReportSchema } from './question-report';

export const RECORD_SCHEMAS = {
	attempt: attemptUploadSchema,
	/** A competition try (core/competition/types.ts CompetitionSubmission). */
	competition: submissionSchema,
	/** A finished stage or classroom contest: its setup and event log (core/stage/record.ts). */
	stage: stageRecordSchema,
	/** 纠错: a member's report of a wrong question (core/sync/question-report.ts). */
	'question-report': questionReportSchema
} as const;

export type RecordKind = keyof typeof RECORD_SCHEMAS;
export const RECORD_KINDS = Object.keys(RECORD_SCHEMAS) as RecordKind[];

/** The payload of each kind, as the schema outputs it. */
export type RecordPayload<K extends RecordKind = RecordKind> = v.InferOutput<
	(typeof RECORD_SCHEMAS)[K]
>;

/** One record on the wire: its kind and its payload. */
export type UploadRecord = {
	[K in RecordKind]: { kind: K; payload: RecordPayload<K> };
}[RecordKind];

/** What the server says of kinds: the words a member reads in a refusal. */
export const RECORD_LABELS: Record<RecordKind, string> = {
	attempt: '成绩',
	competition: '竞赛答卷',
	stage: '比赛记录',
	'question-report': '纠错反馈'
};
