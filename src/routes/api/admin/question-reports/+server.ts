import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { bankRegistry, bankTitles } from '$lib/server/bank-registry';
import { reportedQuestions } from '$lib/server/question-reports';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** 纠错反馈: the reports of members of this admin's groups, per question and bank version. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const questions = await reportedQuestions(
			await db(),
			admin,
			await bankRegistry(),
			await bankTitles()
		);
		return json({ questions }, { headers: { 'cache-control': 'private, no-store' } });
	});
