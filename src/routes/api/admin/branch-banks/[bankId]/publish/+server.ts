import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { publishBranchBank } from '$lib/server/branch-banks';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** Publish the bank's ready questions as its next version (none when nothing changed). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json(await publishBranchBank(await db(), admin, event.params.bankId, Date.now()));
	});
