import { json } from '@sveltejs/kit';
import { handleApi, nameValue, readJson } from '$lib/server/api-error';
import { createLecture, LECTURE_TITLE_MAX, listLectures } from '$lib/server/lectures';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** The group's lecture sessions (讲坛), latest first, with check-in counts and the org's zone. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		return json(await listLectures(await db(), admin, event.params.id), {
			headers: { 'cache-control': 'private, no-store' }
		});
	});

/** Body: { title, startsAt, endsAt } (ms since epoch) → the session with its sign-in code. */
export const POST: RequestHandler = (event) =>
	handleApi(async () => {
		const admin = await requireAdmin(event);
		const body = await readJson(event.request, 4 * 1024);
		const title = nameValue(body.title, '讲坛主题', 1, LECTURE_TITLE_MAX);
		const lecture = await createLecture(await db(), admin, event.params.id, {
			title,
			startsAt: body.startsAt as number,
			endsAt: body.endsAt as number
		});
		return json(lecture, { status: 201 });
	});
