/**
 * 纠错: the reasons a member can give when reporting a question, with the words the screens show.
 * No valibot here, so the quiz screen can offer the choice without loading the upload schema.
 */

export const REPORT_REASONS = ['answer', 'ambiguous', 'explanation', 'typo', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
	answer: '答案有误',
	ambiguous: '题干有歧义',
	explanation: '解析有误',
	typo: '错别字',
	other: '其他'
};

/** The longest note a report may carry (characters). */
export const MAX_REPORT_NOTE = 300;
