import { json } from '@sveltejs/kit';
import { handleApi, readJson, stringField } from '$lib/server/api-error';
import { mergeMembers } from '$lib/server/member-admin';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** Body: { from, into } — two members who are one person; `from`'s results move to `into`. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const body = await readJson(event.request, 1024);
		await mergeMembers(
			await db(),
			admin,
			event.params.id,
			stringField(body, 'from', '要合并的成员', 1, 64),
			stringField(body, 'into', '保留的成员', 1, 64)
		);
		return json({ ok: true });
	});
