import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { login, SESSION_COOKIE } from '../../src/lib/server/accounts';
import { ApiError } from '../../src/lib/server/api-error';
import { createGroup } from '../../src/lib/server/groups';
import { joinWithName } from '../../src/lib/server/members';
import { orgAdmin } from './fixtures';

// The process's database and limits come from the environment, read when the modules load.
const dir = mkdtempSync(join(tmpdir(), 'pocket-context-'));
vi.stubEnv('DATABASE_PATH', join(dir, 'context.sqlite'));
vi.stubEnv('DATABASE_URL', undefined);
vi.stubEnv('RATE_LIMIT_SECRET_PER_MIN', '3');
vi.stubEnv('RATE_LIMIT_TOKEN_PER_MIN', '2');
const context = await import('../../src/lib/server/request-context');
const { database } = await import('../../src/lib/server/database');

/** Just enough of a SvelteKit request for the helpers: headers, cookies, the client address. */
function event(
	options: { authorization?: string; session?: string; address?: string } = {}
): RequestEvent {
	const headers = new Headers();
	if (options.authorization) headers.set('authorization', options.authorization);
	return {
		request: new Request('http://localhost/api/x', { headers }),
		cookies: { get: (name: string) => (name === SESSION_COOKIE ? options.session : undefined) },
		getClientAddress: () => options.address ?? '10.0.0.1'
	} as unknown as RequestEvent;
}

async function refusal(run: () => unknown): Promise<string> {
	try {
		await run();
	} catch (e) {
		if (e instanceof ApiError) return `${e.status} ${e.code}`;
		throw e;
	}
	return 'allowed';
}

describe('request context', () => {
	let joinCode = '';

	beforeAll(async () => {
		const { db } = await database();
		const admin = await orgAdmin(db);
		joinCode = (await createGroup(db, admin, { kind: 'branch', name: '机关支部' })).joinCode;
	});
	afterAll(async () => {
		await (await database()).db.destroy();
		rmSync(dir, { recursive: true, force: true });
		vi.unstubAllEnvs();
	});

	it('uses the database that DATABASE_PATH names', async () => {
		expect(await context.db()).toBe((await database()).db);
		const rows = await (await context.db()).selectFrom('admin').select('username').execute();
		expect(rows).toEqual([{ username: 'admin' }]);
	});

	it('requireAdmin: the signed-in admin, else 401', async () => {
		expect(await refusal(() => context.requireAdmin(event()))).toBe('401 not_signed_in');
		expect(await refusal(() => context.requireAdmin(event({ session: 'forged' })))).toBe(
			'401 not_signed_in'
		);
		const { token, admin } = await login(await context.db(), 'admin', 'long-enough-1');
		expect((await context.requireAdmin(event({ session: token }))).id).toBe(admin.id);
	});

	it('requireMember: the member behind the token, else 401; at most 2 a minute per token', async () => {
		const member = await joinWithName(await context.db(), joinCode, '张三');
		const bearer = `Bearer ${member.token}`;
		expect(await refusal(() => context.requireMember(event()))).toBe('401 no_token');
		expect(await context.requireMember(event({ authorization: bearer }))).toMatchObject({
			memberId: member.memberId,
			groupId: member.groupId
		});
		await context.requireMember(event({ authorization: bearer }));
		// Over RATE_LIMIT_TOKEN_PER_MIN: refused before the database is asked, valid or not.
		expect(await refusal(() => context.requireMember(event({ authorization: bearer })))).toBe(
			'429 rate_limited'
		);
		const other = await joinWithName(await context.db(), joinCode, '李四');
		expect(
			(await context.requireMember(event({ authorization: `Bearer ${other.token}` }))).memberId
		).toBe(other.memberId);
	});

	it('limitGuessing: 3 guesses a minute per address, then 429; other addresses unaffected', async () => {
		const from = (address: string) => refusal(() => context.limitGuessing(event({ address })));
		expect([await from('10.0.0.7'), await from('10.0.0.7'), await from('10.0.0.7')]).toEqual([
			'allowed',
			'allowed',
			'allowed'
		]);
		expect(await from('10.0.0.7')).toBe('429 rate_limited');
		expect(await from('10.0.0.8')).toBe('allowed');
	});
});
