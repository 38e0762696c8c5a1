import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/lib/server/rate-limit';

describe('RateLimiter (fixed windows per key)', () => {
	it('allows the limit per window and resets after it', () => {
		const limiter = new RateLimiter(3, 1000);
		expect([1, 2, 3, 4].map(() => limiter.allow('a', 0))).toEqual([true, true, true, false]);
		expect(limiter.allow('b', 0)).toBe(true);
		expect(limiter.allow('a', 1000)).toBe(true);
	});

	it('starts a window at a key’s first request, not on a shared clock tick', () => {
		const limiter = new RateLimiter(1, 1000);
		expect(limiter.allow('a', 500)).toBe(true);
		expect(limiter.allow('a', 1499)).toBe(false);
		expect(limiter.allow('a', 1500)).toBe(true);
	});

	it('keeps refusing for the rest of the window, however often it is asked', () => {
		const limiter = new RateLimiter(2, 60_000);
		const answers = Array.from({ length: 10 }, (_, i) => limiter.allow('x', i * 1000));
		expect(answers).toEqual([true, true, ...Array(8).fill(false)]);
	});

	it('sweeping old windows (past 50,000 keys) keeps the windows still running', () => {
		const limiter = new RateLimiter(1, 1000);
		for (let i = 0; i < 50_000; i++) limiter.allow(`old-${i}`, 0);
		// The 50,001st key sweeps: every old window has ended, this one has just begun.
		expect(limiter.allow('kept', 4_500)).toBe(true);
		expect(limiter.allow('kept', 5_000)).toBe(false);
		expect(limiter.allow('old-1', 5_000)).toBe(true);
	});
});

describe('limits from the environment', () => {
	const names = [
		'RATE_LIMIT_ADDRESS_PER_MIN',
		'RATE_LIMIT_SECRET_PER_MIN',
		'RATE_LIMIT_TOKEN_PER_MIN'
	];
	afterEach(() => {
		vi.unstubAllEnvs();
		vi.resetModules();
	});

	it('default to 600 per address, 20 guesses per address and 120 per token, per minute', async () => {
		for (const name of names) vi.stubEnv(name, undefined);
		vi.resetModules();
		const m = await import('../../src/lib/server/rate-limit');
		expect([m.addressLimiter, m.secretLimiter, m.tokenLimiter].map((l) => l.limit)).toEqual([
			600, 20, 120
		]);
		expect(m.addressLimiter.windowMs).toBe(60_000);
	});

	it('take RATE_LIMIT_*_PER_MIN when set', async () => {
		vi.stubEnv('RATE_LIMIT_ADDRESS_PER_MIN', '7');
		vi.stubEnv('RATE_LIMIT_SECRET_PER_MIN', '8');
		vi.stubEnv('RATE_LIMIT_TOKEN_PER_MIN', '9');
		vi.resetModules();
		const m = await import('../../src/lib/server/rate-limit');
		expect([m.addressLimiter, m.secretLimiter, m.tokenLimiter].map((l) => l.limit)).toEqual([
			7, 8, 9
		]);
	});
});
