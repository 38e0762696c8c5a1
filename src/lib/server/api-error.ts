/**
 * Errors as values at the HTTP boundary: every refusal has a status, a stable code for programs
 * and a message in Chinese for people. Anything else that escapes a handler is a bug (500).
 */
import { json } from '@sveltejs/kit';
import { checkDisplayName } from '$lib/core/group/display-name';
import { isConstraintViolation } from './db-errors';

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
		this.name = 'ApiError';
	}
}

export function apiErrorResponse(e: ApiError): Response {
	return json(
		{ error: { code: e.code, message: e.message } },
		{ status: e.status, headers: { 'cache-control': 'no-store' } }
	);
}

/**
 * SvelteKit answers a method an endpoint lacks with plain text ("GET method not allowed"); an
 * API client reads JSON errors only. This gives the same 405, and its Allow header, in the API's
 * own form. Any other answer is returned as it is.
 */
export function asApiMethodRefusal(response: Response, method: string): Response {
	if (response.status !== 405 || response.headers.get('content-type')?.includes('json'))
		return response;
	const refusal = apiErrorResponse(
		new ApiError(405, 'method_not_allowed', `此接口不接受 ${method} 请求`)
	);
	const allow = response.headers.get('allow');
	if (allow) refusal.headers.set('allow', allow);
	return refusal;
}

/**
 * What a thrown error answers at the HTTP boundary: itself when it is an ApiError, a 409 when
 * it is a database constraint a handler did not turn into its own message (two requests raced
 * for one row), else null: a bug, left to the server's 500.
 */
export function refusalOf(e: unknown): ApiError | null {
	if (e instanceof ApiError) return e;
	if (isConstraintViolation(e)) {
		return new ApiError(409, 'conflict', '与已有的数据冲突（可能有人同时在修改），请刷新后再试');
	}
	return null;
}

/** Run a handler and turn its refusals (refusalOf) into their JSON responses. */
export async function handleApi(run: () => Promise<Response>): Promise<Response> {
	try {
		return await run();
	} catch (e) {
		const refusal = refusalOf(e);
		if (refusal) return apiErrorResponse(refusal);
		throw e;
	}
}

/**
 * A request body as the server receives it, whichever way the request came in: the declared
 * content-length, if any, and a way to read the bytes (rejecting when the body cannot be read).
 */
export interface BodySource {
	contentLength: string | null;
	bytes: () => Promise<Uint8Array>;
}

/**
 * Read a JSON body with a byte limit. Too large, not JSON, or not an object: a 4xx that says so.
 */
export function readJson(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
	return readJsonBody(bodyOf(request), maxBytes);
}

/** A Fetch Request's body as a BodySource. */
export function bodyOf(request: Request): BodySource {
	return {
		contentLength: request.headers.get('content-length'),
		bytes: async () => new Uint8Array(await request.arrayBuffer())
	};
}

/** readJson for a body from anywhere (a Fetch Request, a Node request: see BodySource). */
export async function readJsonBody(
	source: BodySource,
	maxBytes: number
): Promise<Record<string, unknown>> {
	const declared = Number(source.contentLength ?? '0');
	// Refused without reading the body; the server hook drains what is left (hooks.server.ts).
	if (declared > maxBytes)
		throw new ApiError(413, 'too_large', `请求过大（上限 ${maxBytes} 字节）`);
	let text: string;
	try {
		const bytes = await source.bytes();
		if (bytes.length > maxBytes)
			throw new ApiError(413, 'too_large', `请求过大（上限 ${maxBytes} 字节）`);
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch (e) {
		if (e instanceof ApiError) throw e;
		throw new ApiError(400, 'bad_body', '请求内容无法读取（需要 UTF-8 JSON）');
	}
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw new ApiError(400, 'bad_json', '请求内容不是有效的 JSON');
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new ApiError(400, 'bad_json', '请求内容应为 JSON 对象');
	}
	return body as Record<string, unknown>;
}

/** A required string field with length limits, trimmed. */
export function stringField(
	body: Record<string, unknown>,
	name: string,
	label: string,
	min: number,
	max: number
): string {
	return textValue(body[name], label, min, max);
}

/** A required text value with length limits (in characters), trimmed, no control characters. */
export function textValue(value: unknown, label: string, min: number, max: number): string {
	if (typeof value !== 'string') throw new ApiError(422, 'invalid_field', `缺少「${label}」`);
	const trimmed = value.trim();
	if ([...trimmed].length < min)
		throw new ApiError(422, 'invalid_field', `「${label}」至少 ${min} 个字`);
	if ([...trimmed].length > max)
		throw new ApiError(422, 'invalid_field', `「${label}」最多 ${max} 个字`);
	// Control characters, noncharacters and lone surrogates have no place in names, and XML
	// (an Excel export) cannot hold them.
	// eslint-disable-next-line no-control-regex -- finding control characters is the point
	if (/[\u0000-\u001f\u007f\uFFFE\uFFFF\uD800-\uDFFF]/u.test(trimmed)) {
		throw new ApiError(422, 'invalid_field', `「${label}」含有不可见字符`);
	}
	return trimmed;
}

/**
 * A name people will see (a member, a roster entry, a group, a lecture): trimmed, and refused
 * with core's reason when it could spoof another (direction overrides, invisible characters).
 */
export function nameValue(value: unknown, label: string, min: number, max: number): string {
	if (typeof value !== 'string') throw new ApiError(422, 'invalid_field', `缺少「${label}」`);
	const checked = checkDisplayName(value, label, min, max);
	if (!checked.ok) throw new ApiError(422, 'invalid_name', checked.reason);
	return checked.name;
}

/** A required name field of a JSON body (see nameValue). */
export function nameField(
	body: Record<string, unknown>,
	name: string,
	label: string,
	min: number,
	max: number
): string {
	return nameValue(body[name], label, min, max);
}
