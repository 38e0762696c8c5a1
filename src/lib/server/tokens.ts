/**
 * Secrets the server hands out (session and member tokens, recovery and setup codes). Each is
 * random (at least 128 bits where a person need not type it) and only its SHA-256 is stored, so
 * a leaked database cannot be replayed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { makeJoinCode } from '$lib/core/group/join-code';
import { uuidv7 } from '$lib/core/ids';

/** 256-bit token, URL-safe. */
export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

export function newJoinCode(): string {
	return makeJoinCode(randomBytes(8));
}

// Recovery and setup codes are typed by people: groups of the join-code alphabet, 4×4 = 16
// characters of a 23-letter alphabet ≈ 72 bits, and they are single-use and rate limited.
export function newHumanCode(): string {
	return [0, 1, 2, 3].map(() => makeJoinCode(randomBytes(8)).slice(0, 4)).join('-');
}

export function newId(now = Date.now()): string {
	return uuidv7(now, randomBytes(10));
}
