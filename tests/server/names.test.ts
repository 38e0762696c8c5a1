import { expect, it } from 'vitest';
import { ApiError } from '../../src/lib/server/api-error';
import { addToRoster, createGroup } from '../../src/lib/server/groups';
import { joinWithName } from '../../src/lib/server/members';
import { orgAdmin } from './fixtures';
import { describeEachDatabase } from './harness';

const SPOOFS = [
	'张三\u202E四李',
	'\u200B',
	'\u200B\u200B\u200B',
	'李\u0085四',
	'王\uFDD0五',
	'赵\u{10FFFF}',
	'钱\u2066七\u2069'
];

async function refusal(run: () => Promise<unknown>): Promise<ApiError> {
	const e = await run().then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(ApiError);
	expect((e as ApiError).status).toBe(422);
	expect((e as ApiError).message).toMatch(/^「.+」(含有|不能只由)/);
	return e as ApiError;
}

describeEachDatabase('names that spoof are refused', (get) => {
	it('at join, in a class roster and as a group name; ordinary names pass', async () => {
		const { db } = get();
		const admin = await orgAdmin(db);
		const branch = await createGroup(db, admin, { kind: 'branch', name: '同心村党支部' });
		const klass = await createGroup(db, admin, { kind: 'class', name: '金河小学三年级一班' });
		for (const name of SPOOFS) {
			await refusal(() => joinWithName(db, branch.joinCode, name));
			await refusal(() => addToRoster(db, admin, klass.id, ['王小明', name]));
			await refusal(() => createGroup(db, admin, { kind: 'branch', name: `${name}支部` }));
		}
		const members = await db.selectFrom('member').select('display_name').execute();
		expect(members).toEqual([]);
		expect(await db.selectFrom('study_group').select('id').execute()).toHaveLength(2);

		const joined = await joinWithName(db, branch.joinCode, ' 阿依古丽·买买提 ');
		expect(joined.displayName).toBe('阿依古丽·买买提');
		expect(await addToRoster(db, admin, klass.id, ['王小明', '李 华'])).toEqual({ added: 2 });
	});
});
