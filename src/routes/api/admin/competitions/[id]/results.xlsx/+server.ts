import { handleApi } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { exportCompetition } from '$lib/server/competition-export';
import { db, requireAdmin } from '$lib/server/request-context';
import { xlsxHeaders } from '$lib/server/results-export';
import type { RequestHandler } from './$types';

/** The competition's 成绩表 as Excel (名次, 姓名, 支部, 得分, 用时, 交卷时间, one column per question). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const file = await exportCompetition(await db(), await bankRegistry(), admin, event.params.id);
		return new Response(file.body, { headers: xlsxHeaders(file.fileName, 'competition.xlsx') });
	});
