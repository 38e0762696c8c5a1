/**
 * Failed logins per username: the first few are free, then each failure makes the next try
 * wait longer, and after LOCK_AFTER failures the name is locked for an hour or until an org admin
 * clears it. Counted for every typed name, known or not, with the same answers, so the limit
 * cannot be used to find out which names exist. Counted in the database, so several app
 * servers share one count, and atomically: a try is counted before the password is checked, so
 * a burst of simultaneous guesses cannot all slip through before the first one is recorded.
 */
import { sql } from 'kysely';
import { ApiError } from './api-error';
import type { Db } from './database';

/** Failures that cost nothing (typos). */
export const FREE_FAILURES = 4;
/** Failures after which the name is locked. */
export const LOCK_AFTER = 10;
/** How long a lock lasts if no admin clears it: long enough to stop guessing, short enough that
 * an attacker cannot keep the only org admin out for good. */
export const LOCK_MS = 60 * 60 * 1000;
/** Wait after failure n (FREE_FAILURES < n < LOCK_AFTER): 2 s, doubling (2, 4, 8, 16, 32 s). */
export function delayAfter(failures: number): number {
	return failures <= FREE_FAILURES ? 0 : 1000 * 2 ** (failures - FREE_FAILURES);
}
/** Counts of a name nobody has tried for a day are forgotten (unless it is locked). */
const FORGET_MS = 24 * 60 * 60 * 1000;

function nextAtCase(now: number) {
	const cases = [];
	for (let n = FREE_FAILURES + 1; n < LOCK_AFTER; n++) {
		cases.push(sql`when ${sql.lit(n)} then ${sql.lit(now + delayAfter(n))}`);
	}
	return sql<number>`case failures + 1 ${sql.join(cases, sql` `)} else ${sql.lit(now)} end`;
}

/**
 * Count one login try for `username` before its password is checked, or refuse it (429) while
 * the name must wait or is locked. The message is the same whether or not the name exists.
 */
export async function claimLoginTry(db: Db, username: string, now = Date.now()): Promise<void> {
	await db
		.deleteFrom('login_throttle')
		.where('updated_at', '<', now - FORGET_MS)
		.where('locked_until', '<=', now)
		.execute();
	await db
		.insertInto('login_throttle')
		.values({ username, failures: 0, next_at: 0, locked_until: 0, updated_at: now })
		.onConflict((oc) => oc.column('username').doNothing())
		.execute();
	const claimed = await db
		.updateTable('login_throttle')
		.set({
			failures: sql`failures + 1`,
			updated_at: now,
			next_at: nextAtCase(now),
			locked_until: sql<number>`case when failures + 1 >= ${sql.lit(LOCK_AFTER)} then ${sql.lit(now + LOCK_MS)} else 0 end`
		})
		.where('username', '=', username)
		.where('next_at', '<=', now)
		.where('locked_until', '<=', now)
		.returning('failures')
		.executeTakeFirst();
	if (claimed) return;
	const row = await db
		.selectFrom('login_throttle')
		.select(['next_at', 'locked_until'])
		.where('username', '=', username)
		.executeTakeFirst();
	const lockedUntil = Number(row?.locked_until ?? 0);
	if (lockedUntil > now) {
		const minutes = Math.ceil((lockedUntil - now) / 60_000);
		throw new ApiError(
			429,
			'login_locked',
			`密码错误次数太多，这个用户名已锁定。请 ${minutes} 分钟后再试，或请全镇管理员解除锁定`
		);
	}
	const seconds = Math.max(1, Math.ceil((Number(row?.next_at ?? now) - now) / 1000));
	throw new ApiError(429, 'login_wait', `密码错误次数较多，请 ${seconds} 秒后再试`);
}

/** A right password: the name's count starts afresh. */
export async function clearLoginTries(db: Db, username: string): Promise<void> {
	await db.deleteFrom('login_throttle').where('username', '=', username).execute();
}

export interface LockedName {
	username: string;
	lockedUntil: number;
}

/** Names locked now (known admins and names nobody has), for the org admin's list. */
export async function lockedNames(db: Db, now = Date.now()): Promise<LockedName[]> {
	const rows = await db
		.selectFrom('login_throttle')
		.select(['username', 'locked_until'])
		.where('locked_until', '>', now)
		.orderBy('username')
		.limit(200)
		.execute();
	return rows.map((r) => ({ username: r.username, lockedUntil: Number(r.locked_until) }));
}
