import { json } from '@sveltejs/kit';
import { unlockLogin } from '$lib/server/accounts';
import { handleApi, readJson, stringField } from '$lib/server/api-error';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** Body: { username } → the name's login lock and failure count are cleared (org admins). */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const body = await readJson(event.request, 1024);
		await unlockLogin(await db(), admin, stringField(body, 'username', '用户名', 1, 40));
		return json({ ok: true });
	});
