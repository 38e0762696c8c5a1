/**
 * GET /api/review-history: a member's 错题本 history, derived from the attempts they uploaded.
 * Nothing extra is stored: each stored payload is re-judged against the bank version it was
 * played on (core/review-history.ts), page by page in the order the server received them.
 */
import {
	formatReviewCursor,
	REVIEW_HISTORY_PAGE_ATTEMPTS,
	reviewEventsOfUpload,
	type ReviewCursor,
	type ReviewHistoryPage
} from '$lib/core/play/review-history';
import { parseAttemptUpload } from '$lib/core/sync/attempt';
import { questionsOf, type BankRegistry } from './bank-registry';
import type { Db } from './database';
import type { MemberIdentity } from './members';

export async function memberReviewHistory(
	db: Db,
	registry: BankRegistry,
	member: MemberIdentity,
	after: ReviewCursor | null,
	limit = REVIEW_HISTORY_PAGE_ATTEMPTS
): Promise<ReviewHistoryPage> {
	const start = after ?? { receivedAt: 0, attemptId: '' };
	// group_id first: the (group_id, member_id) index finds the member's attempts.
	const rows = await db
		.selectFrom('attempt')
		.select(['id', 'received_at', 'payload'])
		.where('group_id', '=', member.groupId)
		.where('member_id', '=', member.memberId)
		.where((eb) =>
			eb.or([
				eb('received_at', '>', start.receivedAt),
				eb.and([eb('received_at', '=', start.receivedAt), eb('id', '>', start.attemptId)])
			])
		)
		.orderBy('received_at')
		.orderBy('id')
		.limit(limit + 1)
		.execute();
	const page = rows.slice(0, limit);
	const events = page.flatMap((row) => {
		// Parsed, not cast: a stored payload that no longer fits the contract gives no events
		// rather than wrong ones.
		const parsed = parseAttemptUpload(JSON.parse(row.payload));
		if (!parsed.success) return [];
		const upload = parsed.output;
		const questions = questionsOf(registry, upload.bankId, upload.bankVersion);
		// Accepted uploads were scored against a version the server had; one removed since
		// (never in normal operation) has nothing to judge against.
		return questions ? reviewEventsOfUpload(upload, questions, member.memberId) : [];
	});
	const last = page.at(-1);
	return {
		events,
		cursor: formatReviewCursor(
			last ? { receivedAt: Number(last.received_at), attemptId: last.id } : start
		),
		more: rows.length > limit
	};
}
