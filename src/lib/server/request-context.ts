/**
 * What route handlers need from a request: the database, the signed-in admin, the member behind
 * a bearer token, and rate limits on guessable endpoints.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { adminFromSession, SESSION_COOKIE, type AdminIdentity } from './accounts';
import { ApiError } from './api-error';
import { database, type Db } from './database';
import { bearerToken, memberFromToken, type MemberIdentity } from './members';
import { RateLimiter, secretLimiter, tokenLimiter } from './rate-limit';
import { hashSecret } from './tokens';

export async function db(): Promise<Db> {
	return (await database()).db;
}

export async function requireAdmin(event: RequestEvent): Promise<AdminIdentity> {
	const admin = await adminFromSession(await db(), event.cookies.get(SESSION_COOKIE));
	if (!admin) throw new ApiError(401, 'not_signed_in', '请先登录管理后台');
	return admin;
}

/**
 * Count a member request against its token's limit. Keyed by the token itself (hashed), not the
 * header's spelling: `bearer  x` and `Bearer\tx` are one token and share one budget.
 */
export function limitTokenRequests(
	authorization: string | null,
	limiter: RateLimiter = tokenLimiter
): void {
	const token = bearerToken(authorization);
	if (token && !limiter.allow(hashSecret(token))) {
		throw new ApiError(429, 'rate_limited', '上传太频繁，请稍后再试');
	}
}

export async function requireMember(event: RequestEvent): Promise<MemberIdentity> {
	const authorization = event.request.headers.get('authorization');
	limitTokenRequests(authorization);
	return memberFromToken(await db(), authorization);
}

/** Endpoints where a secret is guessed (login, setup, join, recover) get a tighter limit. */
export function limitGuessing(event: RequestEvent): void {
	if (!secretLimiter.allow(event.getClientAddress())) {
		throw new ApiError(429, 'rate_limited', '尝试次数太多，请一分钟后再试');
	}
}
