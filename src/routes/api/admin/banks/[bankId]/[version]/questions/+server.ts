import { json } from '@sveltejs/kit';
import { handleApi } from '$lib/server/api-error';
import { bankRegistry } from '$lib/server/bank-registry';
import { bankQuestions } from '$lib/server/competitions';
import { requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** A bank version's questions (id, type, stem, tags; no keys) for picking a fixed paper. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		await requireAdmin(event);
		return json(bankQuestions(await bankRegistry(), event.params.bankId, event.params.version));
	});
