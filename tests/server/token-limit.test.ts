import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/server/api-error';
import { createGroup } from '../../src/lib/server/groups';
import { bearerToken, joinWithName, memberFromToken } from '../../src/lib/server/members';
import { RateLimiter } from '../../src/lib/server/rate-limit';
import { limitTokenRequests } from '../../src/lib/server/request-context';
import { orgAdmin } from './fixtures';
import { describeEachDatabase } from './harness';

const spellings = (token: string) => [
	`Bearer ${token}`,
	`bearer ${token}`,
	`BEARER   ${token}`,
	`Bearer\t${token}`,
	`  Bearer ${token}  `,
	`Bearer \t ${token}\t`
];

describe('the per-token limit', () => {
	it('counts every spelling of one bearer header against one budget', () => {
		const limiter = new RateLimiter(5, 60_000);
		const [first, ...rest] = spellings('tok-123');
		for (const header of [first, ...rest.slice(0, 4)]) {
			expect(() => limitTokenRequests(header ?? null, limiter)).not.toThrow();
		}
		let refusal: unknown;
		try {
			limitTokenRequests(rest[4] ?? null, limiter);
		} catch (e) {
			refusal = e;
		}
		expect(refusal).toBeInstanceOf(ApiError);
		expect((refusal as ApiError).status).toBe(429);
		// Another token has its own budget.
		expect(() => limitTokenRequests('Bearer other', limiter)).not.toThrow();
	});

	it('reads no token from headers that carry none', () => {
		for (const header of [null, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'Bearerabc']) {
			expect(bearerToken(header)).toBeNull();
		}
		for (const header of spellings('abc')) expect(bearerToken(header)).toBe('abc');
	});
});

describeEachDatabase('bearer tokens', (get) => {
	it('authenticate the same member however the header is spelled', async () => {
		const { db } = get();
		const admin = await orgAdmin(db);
		const group = await createGroup(db, admin, { kind: 'branch', name: '令牌支部' });
		const joined = await joinWithName(db, group.joinCode, '王芳');
		for (const header of spellings(joined.token)) {
			expect((await memberFromToken(db, header)).memberId).toBe(joined.memberId);
		}
	});
});
