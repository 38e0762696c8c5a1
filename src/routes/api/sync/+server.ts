import { handleApi } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { withBranchBanks } from '$lib/server/branch-banks';
import { db, requireMember } from '$lib/server/request-context';
import { syncResponse } from '$lib/server/sync';
import type { RequestHandler } from './$types';

/** The one upload endpoint: the sync contract in src/lib/core/sync/envelope.ts. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const member = await requireMember(event);
		const database = await db();
		// The town's banks and this member's branch banks: only these can be re-scored for them.
		const registry = await withBranchBanks(database, await bankRegistry(), member.groupId);
		return syncResponse(event.request, { db: database, registry, member });
	});
