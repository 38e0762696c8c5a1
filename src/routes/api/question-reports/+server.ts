import { json } from '@sveltejs/kit';
import { ApiError, handleApi } from '$lib/server/api-error';
import { reportCountsFor } from '$lib/server/question-reports';
import { db, requireMember } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** 纠错: how many members reported each question this member reported (?bankId=…&version=…). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		const bankId = event.url.searchParams.get('bankId') ?? '';
		const version = event.url.searchParams.get('version') ?? '';
		if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(bankId) || bankId.length > 64) {
			throw new ApiError(422, 'invalid_field', '题库编号（bankId）不正确');
		}
		if (!/^\d{1,4}\.\d{1,4}\.\d{1,4}$/.test(version)) {
			throw new ApiError(422, 'invalid_field', '题库版本（version）应写作 1.0.0');
		}
		return json(await reportCountsFor(await db(), member, bankId, version), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});
