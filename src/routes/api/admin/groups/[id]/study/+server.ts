import { json } from '@sveltejs/kit';
import {
	DEFAULT_COLLECTIVE_SHARE,
	MAX_COLLECTIVE_SHARE,
	MIN_COLLECTIVE_SHARE
} from '$lib/core/group/study-view';
import { ApiError, handleApi } from '$lib/server/api-error';
import { groupStudyView } from '$lib/server/study-view';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** Who studied today and this week (counts), top streaks, and the collective streak (?share=0.5). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const raw = event.url.searchParams.get('share');
		const share = raw === null ? DEFAULT_COLLECTIVE_SHARE : Number(raw);
		if (!(share >= MIN_COLLECTIVE_SHARE && share <= MAX_COLLECTIVE_SHARE)) {
			throw new ApiError(
				422,
				'invalid_field',
				`比例（share）应在 ${MIN_COLLECTIVE_SHARE} 到 ${MAX_COLLECTIVE_SHARE} 之间`
			);
		}
		return json(await groupStudyView(await db(), admin, event.params.id, share), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
