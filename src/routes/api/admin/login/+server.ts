import { json } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { login, SESSION_COOKIE } from '$lib/server/accounts';
import { handleApi, readJson, stringField } from '$lib/server/api-error';
import { db, limitGuessing } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		limitGuessing(event);
		const body = await readJson(event.request, 4096);
		const { token, admin, expiresAt } = await login(
			await db(),
			stringField(body, 'username', '用户名', 1, 40),
			stringField(body, 'password', '密码', 1, 200)
		);
		event.cookies.set(SESSION_COOKIE, token, {
			path: '/',
			httpOnly: true,
			sameSite: 'strict',
			secure: !dev && event.url.protocol === 'https:',
			expires: new Date(expiresAt)
		});
		return json({ admin });
	});
