import { json } from '@sveltejs/kit';
import { isGradeBand } from '$lib/core/play/grade-band';
import { ApiError, handleApi, nameField, readJson } from '$lib/server/api-error';
import { createGroup, listGroups } from '$lib/server/groups';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	handleApi(async () => json({ groups: await listGroups(await db(), await requireAdmin(event)) }));

export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const body = await readJson(event.request, 4096);
		const kind = body.kind;
		if (kind !== 'branch' && kind !== 'class') {
			throw new ApiError(422, 'invalid_field', '请选择类型：支部或班级');
		}
		const gradeBand = body.gradeBand ?? null;
		if (gradeBand !== null && !isGradeBand(gradeBand)) {
			throw new ApiError(422, 'invalid_field', '年级请选择低年级或高年级');
		}
		const group = await createGroup(await db(), admin, {
			kind,
			name: nameField(body, 'name', '名称', 2, 40),
			gradeBand
		});
		return json({ group }, { status: 201 });
	});
