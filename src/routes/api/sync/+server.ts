import { bodyOf } from '$lib/server/api-error';
import { toResponse } from '$lib/server/plain-answer';
import { answerSync } from '$lib/server/sync-endpoint';
import type { RequestHandler } from './$types';

/**
 * The one upload endpoint: the sync contract in src/lib/core/sync/envelope.ts. In production
 * most uploads never reach this route: scripts/serve.mjs hands them to the fast lane
 * (src/lib/server/sync-fast-lane.ts), which runs the same answerSync without SvelteKit's
 * request machinery; this route answers the rest (dev, and what the fast lane leaves alone).
 */
export const POST: RequestHandler = async ({ request }) =>
	toResponse(
		await answerSync({ authorization: request.headers.get('authorization'), ...bodyOf(request) })
	);
