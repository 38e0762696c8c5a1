/**
 * POST /api/sync, the one upload endpoint, independent of the server it runs in: from the
 * authorization header and the body to the answer. The SvelteKit route (dev, tests, and any
 * request the fast lane leaves alone) and the production server's fast lane
 * (sync-fast-lane.ts) both call this, so the token limit, the token check, the body limits, the
 * upload itself and every refusal are one code. The per-address limit and the security headers
 * come before and after it (api-guard.ts), in the hook or in the fast lane.
 */
import { refusalOf, type BodySource } from './api-error';
import { bankRegistry } from './bank-registry';
import { withBranchBanks } from './branch-banks';
import { refusalAnswer, type PlainAnswer } from './plain-answer';
import { db, memberFromAuthorization } from './request-context';
import { syncAnswer } from './sync';

export interface SyncRequest extends BodySource {
	/** The Authorization header (`Bearer <token>`), or null. */
	authorization: string | null;
}

/**
 * Answer an upload: a 200 with the sync contract's answer, or a refusal (429, 401, 413, 400,
 * 422, 409) as JSON. Anything else thrown is a bug and propagates (the server's 500).
 */
export async function answerSync(request: SyncRequest): Promise<PlainAnswer> {
	try {
		const member = await memberFromAuthorization(request.authorization);
		const database = await db();
		// The town's banks and this member's branch banks: only these can be re-scored for them.
		const registry = await withBranchBanks(database, await bankRegistry(), member.groupId);
		return await syncAnswer(request, { db: database, registry, member });
	} catch (e) {
		const refusal = refusalOf(e);
		if (refusal) return refusalAnswer(refusal);
		throw e;
	}
}
