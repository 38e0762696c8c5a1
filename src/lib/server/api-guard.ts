/**
 * What every /api/ request gets whichever way it reaches the app (SvelteKit's `handle` hook, or
 * the production server's fast lane for uploads, sync-fast-lane.ts): the per-address rate limit
 * before anything else, and the security headers on the answer.
 */
import { ApiError } from './api-error';
import { addressLimiter } from './rate-limit';

/** Set on every /api/ answer (scripts/serve.mjs sets them, and more, on every answer too). */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY'
};

/**
 * Count one API request against its client address's limit (addressLimiter, per process): the
 * refusal to answer when it is over, else null.
 */
export function addressRefusal(address: string): ApiError | null {
	if (addressLimiter.allow(address)) return null;
	return new ApiError(429, 'rate_limited', '请求太频繁，请稍后再试');
}
