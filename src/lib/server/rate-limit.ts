/**
 * Fixed-window rate limits in memory, per key (an address, a token hash). Per process: with
 * several app servers behind a proxy, each enforces its own share; put a limit at the proxy too.
 */
export class RateLimiter {
	#windows = new Map<string, { start: number; count: number }>();

	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	/** Count one request for `key`; false when it is over the limit for the current window. */
	allow(key: string, now = Date.now()): boolean {
		const w = this.#windows.get(key);
		if (!w || now - w.start >= this.windowMs) {
			this.#windows.set(key, { start: now, count: 1 });
			if (this.#windows.size > 50_000) this.#sweep(now);
			return true;
		}
		w.count += 1;
		return w.count <= this.limit;
	}

	/** Whether `key` has used up the current window, without counting a request. */
	over(key: string, now = Date.now()): boolean {
		const w = this.#windows.get(key);
		return !!w && now - w.start < this.windowMs && w.count >= this.limit;
	}

	#sweep(now: number) {
		for (const [k, w] of this.#windows) if (now - w.start >= this.windowMs) this.#windows.delete(k);
	}
}

const perMinute = (name: string, fallback: number) =>
	new RateLimiter(Number(process.env[name] ?? fallback), 60_000);

/** Every API request, per client address. */
export const addressLimiter = perMinute('RATE_LIMIT_ADDRESS_PER_MIN', 600);
/**
 * Guesses per address: every login, setup and recovery attempt, and every wrong join code (a
 * join with the right code does not count here, so a class behind one address is not stopped).
 */
export const secretLimiter = perMinute('RATE_LIMIT_SECRET_PER_MIN', 20);
/**
 * Joining per address (looking a code up and joining): sized for a class of 50 joining from one
 * school address within a minute, each looking up the code and joining, with room for retries.
 */
export const joinLimiter = perMinute('RATE_LIMIT_JOIN_PER_MIN', 200);
/** Uploads and leaderboards, per member token. */
export const tokenLimiter = perMinute('RATE_LIMIT_TOKEN_PER_MIN', 120);
