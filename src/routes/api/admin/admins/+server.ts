import { json } from '@sveltejs/kit';
import { createGroupAdmin, listAdmins } from '$lib/server/accounts';
import { ApiError, handleApi, nameField, readJson, stringField } from '$lib/server/api-error';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** The org's admins with their login locks, and other locked names (org admins only). */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json(await listAdmins(await db(), admin), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});

/** An org admin adds a group admin (a branch secretary or class teacher) for some groups. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const body = await readJson(event.request, 8192);
		const groupIds = body.groupIds;
		if (
			!Array.isArray(groupIds) ||
			groupIds.length > 50 ||
			!groupIds.every((g) => typeof g === 'string' && g.length <= 64)
		) {
			throw new ApiError(422, 'invalid_field', '请选择要管理的支部或班级');
		}
		const result = await createGroupAdmin(await db(), admin, {
			username: nameField(body, 'username', '用户名', 2, 40),
			password: stringField(body, 'password', '密码', 8, 200),
			groupIds: groupIds as string[]
		});
		return json(result, { status: 201 });
	});
