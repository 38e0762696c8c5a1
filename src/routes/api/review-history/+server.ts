import { json } from '@sveltejs/kit';
import { parseReviewCursor } from '$lib/core/play/review-history';
import { ApiError, handleApi } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { withBranchBanks } from '$lib/server/branch-banks';
import { db, requireMember } from '$lib/server/request-context';
import { memberReviewHistory } from '$lib/server/review-history';
import type { RequestHandler } from './$types';

/** The member's review events, a page of attempts at a time (?after=<cursor> from the last page). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		const raw = event.url.searchParams.get('after');
		const after = raw === null ? null : parseReviewCursor(raw);
		if (raw !== null && !after) {
			throw new ApiError(422, 'invalid_field', '翻页位置（after）格式不正确');
		}
		const database = await db();
		// 错题本 across devices covers the member's branch banks too.
		const registry = await withBranchBanks(database, await bankRegistry(), member.groupId);
		return json(await memberReviewHistory(database, registry, member, after), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
