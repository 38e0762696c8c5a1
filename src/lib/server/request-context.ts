/**
 * What route handlers need from a request: the database, the signed-in admin, the member behind
 * a bearer token, and rate limits on guessable endpoints.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { adminFromSession, SESSION_COOKIE, type AdminIdentity } from './accounts';
import { ApiError } from './api-error';
import { database, type Db } from './database';
import { bearerToken, memberFromToken, type MemberIdentity } from './members';
import { clientAddress, proxySetting } from './client-address';
import { joinLimiter, RateLimiter, secretLimiter, tokenLimiter } from './rate-limit';
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

export function requireMember(event: RequestEvent): Promise<MemberIdentity> {
	return memberFromAuthorization(event.request.headers.get('authorization'));
}

/** requireMember from the authorization header alone (for the upload's fast lane too). */
export async function memberFromAuthorization(
	authorization: string | null
): Promise<MemberIdentity> {
	limitTokenRequests(authorization);
	return memberFromToken(await db(), authorization);
}

/**
 * The client's address for rate limits: the socket's peer, or the address a trusted proxy
 * reports (client-address.ts, TRUSTED_PROXY). 'unknown' while prerendering (no client).
 */
export function clientAddressOf(event: RequestEvent): string {
	let peer: string;
	try {
		peer = event.getClientAddress();
	} catch {
		return 'unknown';
	}
	return clientAddress(peer, event.request.headers, proxySetting());
}

const tooManyGuesses = () => new ApiError(429, 'rate_limited', '尝试次数太多，请一分钟后再试');

/** Endpoints where a secret is guessed (login, setup, recover) get a tighter limit. */
export function limitGuessing(event: RequestEvent): void {
	if (!secretLimiter.allow(clientAddressOf(event))) throw tooManyGuesses();
}

/**
 * Joining (looking up a code, joining with it): a generous limit per address, so a class behind
 * one school address can join together, while wrong codes count as guesses: an address that
 * used up its guesses cannot join either until the minute is over.
 */
export async function limitJoining<T>(event: RequestEvent, run: () => Promise<T>): Promise<T> {
	const address = clientAddressOf(event);
	if (secretLimiter.over(address)) throw tooManyGuesses();
	if (!joinLimiter.allow(address)) {
		throw new ApiError(429, 'rate_limited', '加入的人太多，请一分钟后再试');
	}
	try {
		return await run();
	} catch (e) {
		if (e instanceof ApiError && (e.code === 'bad_join_code' || e.code === 'not_on_roster')) {
			secretLimiter.allow(address);
		}
		throw e;
	}
}
