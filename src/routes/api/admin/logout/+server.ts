import { json } from '@sveltejs/kit';
import { logout, SESSION_COOKIE } from '$lib/server/accounts';
import { handleApi } from '$lib/server/api-error';
import { db } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const token = event.cookies.get(SESSION_COOKIE);
		if (token) await logout(await db(), token);
		event.cookies.delete(SESSION_COOKIE, { path: '/' });
		return json({ ok: true });
	});
