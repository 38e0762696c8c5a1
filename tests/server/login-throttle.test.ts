import { expect, it } from 'vitest';
import { listAdmins, login, unlockLogin } from '../../src/lib/server/accounts';
import { ApiError } from '../../src/lib/server/api-error';
import { delayAfter, LOCK_AFTER, LOCK_MS } from '../../src/lib/server/login-throttle';
import { orgAdmin } from './fixtures';
import { describeEachDatabase } from './harness';

const PASSWORD = 'long-enough-1';

/** Status of one login try: 200, or the ApiError's status and code. */
async function attempt(
	db: Parameters<typeof login>[0],
	name: string,
	password: string,
	now: number
) {
	try {
		await login(db, name, password, now);
		return '200';
	} catch (e) {
		if (!(e instanceof ApiError)) throw e;
		return `${e.status} ${e.code}`;
	}
}

describeEachDatabase('login backoff and lock per username', (get) => {
	it('makes wrong passwords wait longer each time, then locks; the right password does not get through', async () => {
		const { db } = get();
		const admin = await orgAdmin(db);
		let now = 1_800_000_000_000;
		const seen: string[] = [];
		for (let i = 1; i <= LOCK_AFTER; i++) {
			seen.push(await attempt(db, 'admin', 'wrong-password', now));
			// Right after a failure past the free ones, even the right password must wait.
			if (delayAfter(i) > 0 && i < LOCK_AFTER) {
				expect(await attempt(db, 'admin', PASSWORD, now + delayAfter(i) - 1)).toBe(
					'429 login_wait'
				);
			}
			now += delayAfter(i);
		}
		expect(seen).toEqual(Array(LOCK_AFTER).fill('401 bad_login'));
		// Locked: 225 more tries, right password last, change nothing.
		for (let i = 0; i < 225; i++) {
			expect(await attempt(db, 'admin', 'wrong-password', now + i)).toBe('429 login_locked');
		}
		expect(await attempt(db, 'admin', PASSWORD, now + 300)).toBe('429 login_locked');

		// The org admin's list shows the lock; clearing it lets the right password in.
		const listed = await listAdmins(db, admin, now);
		expect(listed.admins.find((a) => a.username === 'admin')?.lockedUntil).toBeGreaterThan(now);
		await unlockLogin(db, admin, 'admin');
		expect(await attempt(db, 'admin', PASSWORD, now + 400)).toBe('200');
		// A success starts the count afresh.
		expect(await attempt(db, 'admin', 'wrong-password', now + 500)).toBe('401 bad_login');
		expect(await attempt(db, 'admin', PASSWORD, now + 600)).toBe('200');
	});

	it('locks for an hour at most when nobody clears it', async () => {
		const { db } = get();
		let now = 1_810_000_000_000;
		for (let i = 1; i <= LOCK_AFTER; i++) {
			if (i > 1) now += delayAfter(i - 1);
			expect(await attempt(db, 'admin', 'wrong-password', now)).toBe('401 bad_login');
		}
		expect(await attempt(db, 'admin', PASSWORD, now + LOCK_MS - 1000)).toBe('429 login_locked');
		expect(await attempt(db, 'admin', PASSWORD, now + LOCK_MS)).toBe('200');
	});

	it('answers an unknown name exactly as a known one, so names cannot be probed', async () => {
		const { db } = get();
		const trace = async (name: string, start: number) => {
			const out: string[] = [];
			let now = start;
			for (let i = 1; i <= LOCK_AFTER + 2; i++) {
				out.push(await attempt(db, name, 'wrong-password', now));
				out.push(await attempt(db, name, 'wrong-password', now + 1));
				now += delayAfter(i);
			}
			return out;
		};
		const known = await trace('admin', 1_820_000_000_000);
		const unknown = await trace('nobody-here', 1_820_000_000_000);
		expect(unknown).toEqual(known);
		expect(known).toContain('429 login_locked');
		const admin = await orgAdmin(db).catch(() => null);
		expect(admin).toBeNull(); // the org already has its first admin
	});

	it('lets a burst of simultaneous guesses through only up to the first wait', async () => {
		const { db } = get();
		const now = 1_830_000_000_000;
		const results = await Promise.all(
			Array.from({ length: 40 }, () => attempt(db, 'burst-target', 'wrong-password', now))
		);
		const checked = results.filter((r) => r === '401 bad_login').length;
		expect(checked).toBeLessThanOrEqual(5);
		expect(results.filter((r) => r === '429 login_wait').length).toBe(40 - checked);
	});
});
