/**
 * An HTTP answer as plain data (status, headers, text), for code that two servers share: the
 * SvelteKit route turns it into a Fetch `Response`, the production server's fast lane writes it
 * straight to Node's `ServerResponse` (sync-fast-lane.ts). Headers are lower-case and listed in
 * alphabetical order, the order a Fetch `Headers` object gives them out in.
 */
import type { ApiError } from './api-error';

export interface PlainAnswer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/**
 * A JSON answer that is never cached, with its length (so Node sends it in one write, not
 * chunked).
 *
 * @example jsonAnswer(200, { ok: true }) // → { status: 200, headers: { 'cache-control': 'no-store', 'content-length': '11', 'content-type': 'application/json' }, body: '{"ok":true}' }
 */
export function jsonAnswer(status: number, value: unknown): PlainAnswer {
	const body = JSON.stringify(value);
	return {
		status,
		headers: {
			'cache-control': 'no-store',
			'content-length': String(Buffer.byteLength(body)),
			'content-type': 'application/json'
		},
		body
	};
}

/** A refusal as the API gives every refusal (the same body and headers as apiErrorResponse). */
export function refusalAnswer(e: ApiError): PlainAnswer {
	return jsonAnswer(e.status, { error: { code: e.code, message: e.message } });
}

/** The answer as a Fetch Response (for SvelteKit and the device tests' fetch). */
export function toResponse(answer: PlainAnswer): Response {
	return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
