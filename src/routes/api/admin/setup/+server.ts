import { json } from '@sveltejs/kit';
import { completeSetup } from '$lib/server/accounts';
import { handleApi, nameField, readJson, stringField } from '$lib/server/api-error';
import { db, limitGuessing } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		limitGuessing(event);
		const body = await readJson(event.request, 4096);
		const result = await completeSetup(await db(), {
			code: stringField(body, 'code', '初始化码', 4, 40),
			username: nameField(body, 'username', '用户名', 2, 40),
			password: stringField(body, 'password', '密码', 8, 200)
		});
		return json(result, { status: 201 });
	});
