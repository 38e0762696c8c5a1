import { json } from '@sveltejs/kit';
import { ApiError, handleApi, nameValue, readJson } from '$lib/server/api-error';
import { addToRoster, MAX_ROSTER } from '$lib/server/groups';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** Body: { names: ["张小明", ...] } — one pupil per name, as the teacher types or pastes them. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const body = await readJson(event.request, 16 * 1024);
		if (!Array.isArray(body.names) || !body.names.length || body.names.length > MAX_ROSTER) {
			throw new ApiError(422, 'invalid_field', `请填写 1 到 ${MAX_ROSTER} 个名字`);
		}
		const names = body.names.map((name) => nameValue(name, '名字', 1, 20));
		return json(await addToRoster(await db(), admin, event.params.id, names));
	});
