import { handleApi } from '$lib/server/api-error';
import { bankTitles } from '$lib/server/bank-registry';
import { db, requireAdmin } from '$lib/server/request-context';
import { exportGroupResults, XLSX_TYPE } from '$lib/server/results-export';
import type { RequestHandler } from './$types';

/** RFC 5987 ext-value: encodeURIComponent leaves ' ( ) * ! as they are, which it does not allow. */
const rfc5987 = (name: string) =>
	encodeURIComponent(name).replace(
		/['()*!]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);

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
		// filename for old browsers (ASCII), filename* (RFC 6266/5987) with the Chinese name.
		return new Response(file.body, {
			headers: {
				'content-type': XLSX_TYPE,
				'content-disposition': `attachment; filename="results.xlsx"; filename*=UTF-8''${rfc5987(file.fileName)}`,
				'cache-control': 'private, no-store'
			}
		});
	});
