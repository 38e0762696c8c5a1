import { beforeAll, expect, it } from 'vitest';
import {
	adminFromSession,
	completeSetup,
	createGroupAdmin,
	ensureOrg,
	issueSetupCode,
	login,
	logout
} from '../../src/lib/server/accounts';
import { ApiError } from '../../src/lib/server/api-error';
import {
	createGroup,
	groupForAdmin,
	listGroups,
	rotateJoinCode
} from '../../src/lib/server/groups';
import { isJoinCode } from '../../src/lib/core/group/join-code';
import { orgAdmin } from './fixtures';
import { describeEachDatabase } from './harness';

async function refused(promise: Promise<unknown>, status: number) {
	const e = await promise.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(ApiError);
	expect((e as ApiError).status).toBe(status);
	return e as ApiError;
}

describeEachDatabase('first admin setup', (get) => {
	it('needs the one-time setup code for the first admin, and only once', async () => {
		const { db } = get();
		await ensureOrg(db);
		const code = await issueSetupCode(db);
		expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
		await refused(
			completeSetup(db, { code: 'WRONG-CODE', username: 'admin', password: 'long-enough-1' }),
			403
		);
		await refused(
			completeSetup(db, { code: code ?? '', username: 'admin', password: 'short' }),
			422
		);
		await completeSetup(db, { code: code ?? '', username: 'admin', password: 'long-enough-1' });
		// Once spent, the code is answered with 「系统已经初始化过了」, not as a wrong code.
		await refused(
			completeSetup(db, { code: code ?? '', username: 'again', password: 'long-enough-1' }),
			409
		);
		expect(await issueSetupCode(db)).toBeNull();
		const stored = await db.selectFrom('admin').select('password_hash').execute();
		expect(stored).toHaveLength(1);
		expect(stored[0]?.password_hash).toMatch(/^\$argon2id\$/);
	});
});

describeEachDatabase('admins and groups', (get) => {
	// The first admin (admin / long-enough-1), made with the setup code as above.
	beforeAll(async () => {
		await orgAdmin(get().db);
	});

	it('logs in with the password only, and logs out', async () => {
		const { db } = get();
		await refused(login(db, 'admin', 'not-the-password'), 401);
		await refused(login(db, 'nobody', 'long-enough-1'), 401);
		const { token, admin } = await login(db, 'admin', 'long-enough-1');
		expect(token.length).toBeGreaterThanOrEqual(43);
		expect((await adminFromSession(db, token))?.id).toBe(admin.id);
		expect(await adminFromSession(db, token + 'x')).toBeNull();
		const rows = await db.selectFrom('admin_session').select('token_hash').execute();
		expect(rows.some((r) => r.token_hash === token)).toBe(false);
		await logout(db, token);
		expect(await adminFromSession(db, token)).toBeNull();
	});

	it('gives each group a join code without look-alike characters, and rotates it', async () => {
		const { db } = get();
		const { admin } = await login(db, 'admin', 'long-enough-1');
		const branch = await createGroup(db, admin, { kind: 'branch', name: '机关第一支部' });
		expect(isJoinCode(branch.joinCode)).toBe(true);
		expect(branch.joinCode).not.toMatch(/[01IOLZSB258UV]/);
		const next = await rotateJoinCode(db, admin, branch.id);
		expect(next).not.toBe(branch.joinCode);
		expect((await groupForAdmin(db, admin, branch.id)).joinCode).toBe(next);
	});

	it('an admin of one group cannot see another group', async () => {
		const { db } = get();
		const { admin: org } = await login(db, 'admin', 'long-enough-1');
		const a = await createGroup(db, org, { kind: 'class', name: '金河小学三年级一班' });
		const b = await createGroup(db, org, { kind: 'branch', name: '同心村支部' });
		await createGroupAdmin(db, org, {
			username: 'teacher-a',
			password: 'teacher-pass-1',
			groupIds: [a.id]
		});
		const { admin: teacher } = await login(db, 'teacher-a', 'teacher-pass-1');
		expect((await listGroups(db, teacher)).map((g) => g.id)).toEqual([a.id]);
		await refused(groupForAdmin(db, teacher, b.id), 404);
		await refused(rotateJoinCode(db, teacher, b.id), 404);
		await refused(createGroup(db, teacher, { kind: 'branch', name: '越权支部' }), 403);
		await refused(
			createGroupAdmin(db, teacher, { username: 'x', password: 'long-enough-1', groupIds: [a.id] }),
			403
		);
	});
});
