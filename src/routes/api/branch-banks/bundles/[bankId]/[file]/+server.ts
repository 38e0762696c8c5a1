import { handleApi, ApiError } from '$lib/server/api-error';
import { branchBundle } from '$lib/server/branch-banks';
import { adminFromSession, SESSION_COOKIE } from '$lib/server/accounts';
import { db, requireMember } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/**
 * A published branch bank version (`<version>.json`), for a member of its branch (bearer token)
 * or a signed-in admin who may see the branch. Anyone else gets the 404 of a missing bank.
 */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const version = /^(\d+\.\d+\.\d+)\.json$/.exec(event.params.file)?.[1];
		if (!version) throw new ApiError(404, 'not_found', '找不到这个题库');
		const database = await db();
		const admin = event.request.headers.get('authorization')
			? null
			: await adminFromSession(database, event.cookies.get(SESSION_COOKIE));
		const who = admin ? { admin } : { member: await requireMember(event) };
		const bundle = await branchBundle(database, who, event.params.bankId, version);
		return new Response(bundle, {
			headers: {
				'content-type': 'application/json; charset=utf-8',
				'cache-control': 'private, no-store'
			}
		});
	});
