import { expect, it } from 'vitest';
import {
	completeSetup,
	createGroupAdmin,
	ensureOrg,
	issueSetupCode
} from '../../src/lib/server/accounts';
import { ApiError, handleApi } from '../../src/lib/server/api-error';
import { createGroup } from '../../src/lib/server/groups';
import { orgAdmin } from './fixtures';
import { describeEachDatabase } from './harness';

describeEachDatabase('constraint violations are conflicts (409), never a 500', (get) => {
	it('six simultaneous first-admin setups with the right code create exactly one admin', async () => {
		const { db } = get();
		await ensureOrg(db);
		const code = (await issueSetupCode(db)) ?? '';
		const outcomes = await Promise.allSettled(
			Array.from({ length: 6 }, (_, i) =>
				completeSetup(db, { code, username: `first-${i}`, password: 'long-enough-1' })
			)
		);
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
		for (const o of outcomes) {
			if (o.status === 'rejected') {
				expect(o.reason).toBeInstanceOf(ApiError);
				expect((o.reason as ApiError).status).toBe(409);
			}
		}
		const admins = await db.selectFrom('admin').select('username').execute();
		expect(admins).toHaveLength(1);
		// A request that reads the code after the winner spent it (a busy machine makes that likely
		// inside the race too) hears 409 as well, not that its code was wrong.
		await expect(
			completeSetup(db, { code, username: 'late', password: 'long-enough-1' })
		).rejects.toMatchObject({ status: 409 });
	});

	it('six simultaneous POST /api/admin/admins with one username: one 201, five 409 with a message', async () => {
		const { db } = get();
		await db.deleteFrom('admin').execute();
		const admin = await orgAdmin(db);
		const group = await createGroup(db, admin, { kind: 'branch', name: '并发测试支部' });
		const outcomes = await Promise.allSettled(
			Array.from({ length: 6 }, () =>
				createGroupAdmin(db, admin, {
					username: 'secretary',
					password: 'long-enough-2',
					groupIds: [group.id]
				})
			)
		);
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
		const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
		expect(refusals).toHaveLength(5);
		for (const e of refusals) {
			expect(e).toBeInstanceOf(ApiError);
			expect((e as ApiError).status).toBe(409);
			expect((e as ApiError).message).toBe('这个用户名已被使用');
		}
		const rows = await db
			.selectFrom('admin')
			.select('id')
			.where('username', '=', 'secretary')
			.execute();
		expect(rows).toHaveLength(1);
	});

	it('a constraint no handler expected still answers 409 with a message', async () => {
		const { db } = get();
		const response = await handleApi(async () => {
			await db
				.insertInto('org')
				.values({ id: 'jinhe', name: '重复', time_zone: 'Asia/Shanghai', created_at: 0 })
				.execute();
			return new Response('not reached');
		});
		expect(response.status).toBe(409);
		const body = (await response.json()) as { error: { code: string; message: string } };
		expect(body.error.code).toBe('conflict');
		expect(body.error.message).toMatch(/冲突/);
	});
});
