import { json } from '@sveltejs/kit';
import { ApiError, handleApi } from '$lib/server/api-error';
import { memberStreak } from '$lib/server/checkins';
import { db, requireMember } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** The member's streak, 请假卡, milestone and a year's calendar (?year=2026, default this year). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		const raw = event.url.searchParams.get('year');
		const year = raw === null ? null : Number(raw);
		if (year !== null && !(/^\d{4}$/.test(raw ?? '') && year >= 2000 && year <= 2100)) {
			throw new ApiError(422, 'invalid_field', '年份应为 2000 到 2100 之间的四位数');
		}
		return json(await memberStreak(await db(), member, year), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
