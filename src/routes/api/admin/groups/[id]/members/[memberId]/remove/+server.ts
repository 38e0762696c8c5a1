import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { removeMember } from '$lib/server/member-admin';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** Remove a member from the group (their results stay, marked 已移除 in exports). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		await removeMember(await db(), admin, event.params.id, event.params.memberId);
		return json({ ok: true });
	});
