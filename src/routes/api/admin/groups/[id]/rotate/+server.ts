import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { rotateJoinCode } from '$lib/server/groups';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	handleApi(async () =>
		json({ joinCode: await rotateJoinCode(await db(), await requireAdmin(event), event.params.id) })
	);
