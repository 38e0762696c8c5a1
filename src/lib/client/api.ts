/**
 * Calls to the server for the screens that need it (joining, admin). Every failure comes back as
 * a message a person can read, never as a thrown network error.
 */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

type Failure = Extract<ApiResult<never>, { ok: false }>;

interface CallInit {
	method?: string;
	/** JSON, or a file (a Blob) sent as it is. */
	body?: unknown;
	token?: string;
	timeoutMs?: number;
}

/** The response when it is a success; otherwise the failure in words (the API's own message). */
async function request(path: string, init: CallInit): Promise<Response | Failure> {
	const headers: Record<string, string> = {};
	const raw = typeof Blob !== 'undefined' && init.body instanceof Blob;
	if (init.body !== undefined)
		headers['content-type'] = raw ? 'application/octet-stream' : 'application/json';
	if (init.token) headers.authorization = `Bearer ${init.token}`;
	let response: Response;
	try {
		response = await fetch(path, {
			method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
			headers,
			body: raw
				? (init.body as Blob)
				: init.body === undefined
					? undefined
					: JSON.stringify(init.body),
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
	if (response.ok) return response;
	const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
	return {
		ok: false,
		status: response.status,
		message: body?.error?.message ?? `服务器出错（${response.status}），请稍后再试`
	};
}

export async function callApi<T>(path: string, init: CallInit = {}): Promise<ApiResult<T>> {
	const response = await request(path, init);
	if (!(response instanceof Response)) return response;
	return { ok: true, data: (await response.json().catch(() => null)) as T };
}

/** A file from the server (an export), with the name its Content-Disposition offers. */
export async function fetchFile(
	path: string,
	fallbackName: string,
	init: CallInit = {}
): Promise<ApiResult<{ blob: Blob; fileName: string }>> {
	const response = await request(path, { timeoutMs: 60_000, ...init });
	if (!(response instanceof Response)) return response;
	const disposition = response.headers.get('content-disposition') ?? '';
	const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
	let fileName = fallbackName;
	try {
		if (encoded) fileName = decodeURIComponent(encoded);
	} catch {
		// A malformed name: keep the fallback.
	}
	try {
		return { ok: true, data: { blob: await response.blob(), fileName } };
	} catch {
		// The connection dropped or the timeout fired while the file was arriving.
		return { ok: false, status: 0, message: '文件没有下载完整，请检查网络后再试' };
	}
}
