/**
 * JSON calls to the server for the screens that need it (joining, admin). Every failure comes
 * back as a message a person can read, never as a thrown network error.
 */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

export async function callApi<T>(
	path: string,
	init: { method?: string; body?: unknown; token?: string; timeoutMs?: number } = {}
): Promise<ApiResult<T>> {
	const headers: Record<string, string> = {};
	if (init.body !== undefined) headers['content-type'] = 'application/json';
	if (init.token) headers.authorization = `Bearer ${init.token}`;
	let response: Response;
	try {
		response = await fetch(path, {
			method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
			headers,
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
			signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
			credentials: 'same-origin'
		});
	} catch (e) {
		const timedOut = e instanceof DOMException && e.name === 'TimeoutError';
		return {
			ok: false,
			status: 0,
			message: timedOut ? '服务器响应超时，请稍后再试' : '网络未连接，请联网后再试'
		};
	}
	const body = (await response.json().catch(() => null)) as
		(T & { error?: { message?: string } }) | null;
	if (!response.ok) {
		return {
			ok: false,
			status: response.status,
			message: body?.error?.message ?? `服务器出错（${response.status}），请稍后再试`
		};
	}
	return { ok: true, data: body as T };
}
