/**
 * 纠错 on the wire (record kind 'question-report'): a member says what is wrong with one question
 * of one bank version. Made on the device, offline too, and uploaded through the outbox like an
 * attempt; the server keeps each report once by its id and shows admins the reports per question.
 */
import * as v from 'valibot';
import { UUID_PATTERN } from '../ids';
import { deviceTime } from './bounds';
import { MAX_REPORT_NOTE, REPORT_REASONS } from './report-reasons';

export const questionReportSchema = v.pipe(
	v.strictObject({
		id: v.pipe(v.string(), v.regex(UUID_PATTERN, 'expected a UUID report id')),
		bankId: v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/), v.maxLength(64)),
		bankVersion: v.pipe(v.string(), v.regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}$/)),
		questionId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
		reason: v.picklist(REPORT_REASONS),
		/** What the member wrote; may be empty except for 其他. */
		note: v.pipe(v.string(), v.maxLength(MAX_REPORT_NOTE)),
		/** Device time of the report; the server keeps its own receive time too. */
		reportedAt: deviceTime
	}),
	v.check(
		(r) => r.reason !== 'other' || r.note.trim().length > 0,
		'expected a note saying what is wrong when the reason is other'
	)
);

export type QuestionReport = v.InferOutput<typeof questionReportSchema>;

/**
 * Validate a report payload, as the server does.
 *
 * @example parseQuestionReport({ id, bankId: 'jinhe-town', bankVersion: '1.0.1', questionId: 'jht-0012', reason: 'typo', note: '', reportedAt }).success // → true
 */
export function parseQuestionReport(input: unknown) {
	return v.safeParse(questionReportSchema, input);
}
