/**
 * The competition admin screens' requests (docs/competition-api.md), one function each, so the
 * pages reach the server through state like every other screen. Answers are ApiResults: the data,
 * or the failure in the API's own words. The response types are the callers' (from
 * core/competition/types.ts), given as the type argument.
 */
import { callApi, fetchFile } from '$lib/client/api';

const path = (id: string) => `/api/admin/competitions/${encodeURIComponent(id)}`;

export const competitionAdminApi = {
	list: <T>() => callApi<T>('/api/admin/competitions'),
	create: <T>(body: unknown) => callApi<T>('/api/admin/competitions', { body }),
	get: <T>(id: string) => callApi<T>(path(id)),
	update: (id: string, body: unknown) => callApi(path(id), { method: 'PATCH', body }),
	publish: (id: string) => callApi(`${path(id)}/publish`, { method: 'POST' }),
	remove: (id: string) => callApi(path(id), { method: 'DELETE' }),
	setAwards: (id: string, awards: unknown[]) =>
		callApi(`${path(id)}/awards`, { method: 'PUT', body: { awards } }),
	board: <T>(id: string) => callApi<T>(`${path(id)}/board`),
	analysis: <T>(id: string) => callApi<T>(`${path(id)}/analysis`),
	certificates: <T>(id: string) => callApi<T>(`${path(id)}/certificates`),
	resultsFile: (id: string, fileName: string) => fetchFile(`${path(id)}/results.xlsx`, fileName),
	/** Released bank versions the server can score against, for the create form. */
	banks: <T>() => callApi<T>('/api/admin/banks'),
	groups: <T>() => callApi<T>('/api/admin/groups'),
	questions: <T>(bankId: string, version: string) =>
		callApi<T>(
			`/api/admin/banks/${encodeURIComponent(bankId)}/${encodeURIComponent(version)}/questions`
		)
};
