import { handleApi } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { db, requireMember } from '$lib/server/request-context';
import { syncResponse } from '$lib/server/sync';
import type { RequestHandler } from './$types';

/** The one upload endpoint: the sync contract in src/lib/core/sync/envelope.ts. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		return syncResponse(event.request, { db: await db(), registry: await bankRegistry(), member });
	});
