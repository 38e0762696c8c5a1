/**
 * The org, its admins and their sessions. The first admin can only be created with the one-time
 * setup code printed on the server's console at first start; there is no "first visitor
 * becomes admin".
 */
import { hash, verify } from '@node-rs/argon2';
import { DEFAULT_START_HOUR, studyDay } from '$lib/core/calendar/study-day';
import { ApiError } from './api-error';
import type { Db } from './database';
import { isUniqueViolation } from './db-errors';
import { claimLoginTry, clearLoginTries, lockedNames, type LockedName } from './login-throttle';
import { hashSecret, newHumanCode, newId, newToken, sameHash } from './tokens';

export const SESSION_COOKIE = 'pc_session';
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const SETUP_KEY = 'setup_code_hash';

export const DEFAULT_ORG = { id: 'jinhe', name: '金河镇', timeZone: 'Asia/Shanghai' };

/**
 * The org's study-day settings from ORG_TIME_ZONE and ORG_START_HOUR (default Asia/Shanghai and
 * 4). A wrong value stops the first start with a message instead of failing every check-in later.
 */
export function orgDaySettings(env: NodeJS.ProcessEnv = process.env) {
	const timeZone = env.ORG_TIME_ZONE ?? DEFAULT_ORG.timeZone;
	const raw = env.ORG_START_HOUR ?? String(DEFAULT_START_HOUR);
	const startHour = Number(raw);
	if (!/^\d{1,2}$/.test(raw) || startHour > 23) {
		throw new Error(`ORG_START_HOUR must be a whole hour 0–23, got "${raw}"`);
	}
	try {
		studyDay(0, { timeZone, startHour });
	} catch {
		throw new Error(`ORG_TIME_ZONE is not a known IANA time zone: "${timeZone}"`);
	}
	return { timeZone, startHour };
}

/**
 * Make sure the org exists (name, time zone and study-day start hour configurable with ORG_NAME,
 * ORG_TIME_ZONE and ORG_START_HOUR; they apply when the org is first created).
 */
export async function ensureOrg(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<string> {
	const existing = await db.selectFrom('org').select('id').executeTakeFirst();
	if (existing) return existing.id;
	const days = orgDaySettings(env);
	await db
		.insertInto('org')
		.values({
			id: DEFAULT_ORG.id,
			name: env.ORG_NAME ?? DEFAULT_ORG.name,
			time_zone: days.timeZone,
			start_hour: days.startHour,
			created_at: Date.now()
		})
		.onConflict((oc) => oc.column('id').doNothing())
		.execute();
	return DEFAULT_ORG.id;
}

/**
 * While no admin exists, make a fresh setup code, store its hash and return it for the console.
 * Returns null once set up. A restart before setup prints a new code (the old one stops working).
 */
export async function issueSetupCode(db: Db): Promise<string | null> {
	const admin = await db.selectFrom('admin').select('id').executeTakeFirst();
	if (admin) return null;
	const code = newHumanCode();
	await db
		.insertInto('app_meta')
		.values({ key: SETUP_KEY, value: hashSecret(code) })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: hashSecret(code) }))
		.execute();
	return code;
}

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes): about 30 ms here.
const ARGON = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export async function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON);
}

function checkPassword(password: string) {
	if ([...password].length < 8) throw new ApiError(422, 'weak_password', '密码至少 8 位');
	if (password.length > 200) throw new ApiError(422, 'invalid_field', '密码过长');
}

export async function completeSetup(
	db: Db,
	input: { code: string; username: string; password: string }
): Promise<{ adminId: string }> {
	checkPassword(input.password);
	const stored = await db
		.selectFrom('app_meta')
		.select('value')
		.where('key', '=', SETUP_KEY)
		.executeTakeFirst();
	if (!stored) {
		// The code is spent once the first admin exists: a request that lost the race to it (or
		// comes later) is told so, not that its code was wrong.
		const any = await db.selectFrom('admin').select('id').executeTakeFirst();
		if (any) throw new ApiError(409, 'already_set_up', '系统已经初始化过了');
	}
	if (!stored || !sameHash(stored.value, hashSecret(input.code.trim().toUpperCase()))) {
		throw new ApiError(403, 'bad_setup_code', '初始化码不正确（请查看服务器启动时打印的初始化码）');
	}
	const orgId = await ensureOrg(db);
	const passwordHash = await hashPassword(input.password);
	const adminId = newId();
	await db.transaction().execute(async (trx) => {
		// Spending the code is the lock: of several requests racing with the right code, only the
		// one whose delete removes the row goes on (PostgreSQL makes the others wait for its commit,
		// then find nothing to delete), so exactly one first admin is created.
		const spent = await trx
			.deleteFrom('app_meta')
			.where('key', '=', SETUP_KEY)
			.where('value', '=', stored.value)
			.executeTakeFirst();
		const any = await trx.selectFrom('admin').select('id').executeTakeFirst();
		if (any || Number(spent.numDeletedRows) !== 1) {
			throw new ApiError(409, 'already_set_up', '系统已经初始化过了');
		}
		await trx
			.insertInto('admin')
			.values({
				id: adminId,
				org_id: orgId,
				username: input.username,
				password_hash: passwordHash,
				scope: 'org',
				created_at: Date.now()
			})
			.execute();
	});
	return { adminId };
}

export interface AdminIdentity {
	id: string;
	username: string;
	orgId: string;
	scope: 'org' | 'group';
}

/**
 * Sign in with username and password. Every try counts against the typed name first
 * (login-throttle.ts): after a few failures the name waits longer each time, then is locked,
 * and a right password does not get through a wait or a lock.
 */
export async function login(
	db: Db,
	username: string,
	password: string,
	now = Date.now()
): Promise<{ token: string; admin: AdminIdentity; expiresAt: number }> {
	await claimLoginTry(db, username, now);
	const admin = await db
		.selectFrom('admin')
		.selectAll()
		.where('username', '=', username)
		.executeTakeFirst();
	// Verify against a dummy hash when the user is unknown, so timing does not reveal names.
	const ok = await verify(admin?.password_hash ?? (await dummyHash()), password).catch(() => false);
	if (!admin || !ok) throw new ApiError(401, 'bad_login', '用户名或密码不正确');
	await clearLoginTries(db, username);
	const token = newToken();
	const expiresAt = now + SESSION_TTL_MS;
	await db
		.insertInto('admin_session')
		.values({
			token_hash: hashSecret(token),
			admin_id: admin.id,
			created_at: now,
			expires_at: expiresAt
		})
		.execute();
	return {
		token,
		expiresAt,
		admin: { id: admin.id, username: admin.username, orgId: admin.org_id, scope: admin.scope }
	};
}

let dummy: Promise<string> | undefined;
function dummyHash() {
	dummy ??= hashPassword('not-a-real-password');
	return dummy;
}

export async function logout(db: Db, token: string): Promise<void> {
	await db.deleteFrom('admin_session').where('token_hash', '=', hashSecret(token)).execute();
}

export async function adminFromSession(
	db: Db,
	token: string | undefined
): Promise<AdminIdentity | null> {
	if (!token || token.length > 100) return null;
	const row = await db
		.selectFrom('admin_session')
		.innerJoin('admin', 'admin.id', 'admin_session.admin_id')
		.select([
			'admin.id',
			'admin.username',
			'admin.org_id',
			'admin.scope',
			'admin_session.expires_at'
		])
		.where('admin_session.token_hash', '=', hashSecret(token))
		.executeTakeFirst();
	if (!row || row.expires_at < Date.now()) return null;
	return { id: row.id, username: row.username, orgId: row.org_id, scope: row.scope };
}

/** An org admin adds an admin for some groups only (a branch secretary, a class teacher). */
export async function createGroupAdmin(
	db: Db,
	by: AdminIdentity,
	input: { username: string; password: string; groupIds: string[] }
): Promise<{ adminId: string }> {
	if (by.scope !== 'org') throw new ApiError(403, 'forbidden', '只有全镇管理员可以添加管理员');
	checkPassword(input.password);
	const groups = input.groupIds.length
		? await db
				.selectFrom('study_group')
				.select('id')
				.where('org_id', '=', by.orgId)
				.where('id', 'in', input.groupIds)
				.execute()
		: [];
	if (groups.length !== input.groupIds.length || !groups.length) {
		throw new ApiError(422, 'invalid_field', '请选择本镇已有的支部或班级');
	}
	const taken = await db
		.selectFrom('admin')
		.select('id')
		.where('username', '=', input.username)
		.executeTakeFirst();
	if (taken) throw new ApiError(409, 'username_taken', '这个用户名已被使用');
	const adminId = newId();
	const passwordHash = await hashPassword(input.password);
	try {
		await db.transaction().execute(async (trx) => {
			await trx
				.insertInto('admin')
				.values({
					id: adminId,
					org_id: by.orgId,
					username: input.username,
					password_hash: passwordHash,
					scope: 'group',
					created_at: Date.now()
				})
				.execute();
			await trx
				.insertInto('admin_group')
				.values(groups.map((g) => ({ admin_id: adminId, group_id: g.id })))
				.execute();
		});
	} catch (e) {
		// Two requests for one name passed the check above at once: the unique index decides.
		if (isUniqueViolation(e)) throw new ApiError(409, 'username_taken', '这个用户名已被使用');
		throw e;
	}
	return { adminId };
}

export interface AdminListing {
	id: string;
	username: string;
	scope: 'org' | 'group';
	/** Locked after wrong passwords until then (ms), or null. */
	lockedUntil: number | null;
}

/**
 * The org's admins with their login locks, and locked names that belong to nobody (someone
 * guessing), for an org admin.
 */
export async function listAdmins(
	db: Db,
	by: AdminIdentity,
	now = Date.now()
): Promise<{ admins: AdminListing[]; otherLocked: LockedName[] }> {
	if (by.scope !== 'org') throw new ApiError(403, 'forbidden', '只有全镇管理员可以管理管理员');
	const [rows, locked] = await Promise.all([
		db
			.selectFrom('admin')
			.select(['id', 'username', 'scope'])
			.where('org_id', '=', by.orgId)
			.orderBy('username')
			.execute(),
		lockedNames(db, now)
	]);
	const lockOf = new Map(locked.map((l) => [l.username, l.lockedUntil]));
	const names = new Set(rows.map((r) => r.username));
	return {
		admins: rows.map((r) => ({ ...r, lockedUntil: lockOf.get(r.username) ?? null })),
		otherLocked: locked.filter((l) => !names.has(l.username))
	};
}

/** An org admin lifts the login lock (and the count of failures) of a name. */
export async function unlockLogin(db: Db, by: AdminIdentity, username: string): Promise<void> {
	if (by.scope !== 'org') throw new ApiError(403, 'forbidden', '只有全镇管理员可以解除锁定');
	await clearLoginTries(db, username);
}
