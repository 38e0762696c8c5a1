import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** Who is signed in, and whether the server still waits for its first admin. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const needsSetup = !(await (await db()).selectFrom('admin').select('id').executeTakeFirst());
		if (needsSetup) return json({ admin: null, needsSetup });
		const admin = await requireAdmin(event).catch(() => null);
		return json({ admin, needsSetup });
	});
