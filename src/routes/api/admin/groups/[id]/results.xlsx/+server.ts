import { handleApi } from '$lib/server/api-error';
import { bankTitles } from '$lib/server/bank-registry';
import { db, requireAdmin } from '$lib/server/request-context';
import { exportGroupResults, xlsxHeaders } from '$lib/server/results-export';
import type { RequestHandler } from './$types';

/** The group's results as Excel: ?from=YYYY-MM-DD&to=YYYY-MM-DD (study days; default this month). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const params = event.url.searchParams;
		const file = await exportGroupResults(
			await db(),
			admin,
			event.params.id,
			{ from: params.get('from'), to: params.get('to') },
			await bankTitles()
		);
		return new Response(file.body, { headers: xlsxHeaders(file.fileName) });
	});
