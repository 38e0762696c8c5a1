import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { dailySeed } from '../../src/lib/core/play/daily';
import { bandPool, dailyPools } from '../../src/lib/core/play/grade-band';
import { DAILY_QUESTION_COUNT } from '../../src/lib/core/play/modes';
import { selectQuestionIds } from '../../src/lib/core/play/random';
import type { AdminIdentity } from '../../src/lib/server/accounts';
import { loadBankRegistry, type BankRegistry } from '../../src/lib/server/bank-registry';
import type { Db } from '../../src/lib/server/database';
import { addToRoster, createGroup, listGroups, rosterOf } from '../../src/lib/server/groups';
import {
	claimRosterName,
	joinWithName,
	recoverMember,
	type MemberIdentity
} from '../../src/lib/server/members';
import { CONTEST_BANK, CONTEST_QUESTIONS, orgAdmin, upload, uploadAttempts } from './fixtures';
import { describeEachDatabase } from './harness';

const NOW = Date.UTC(2026, 10, 29, 6, 0); // 14:00 in 金河镇
const DAY = '2026-11-29';
/** The contest bank with its first 25 questions tagged 低年级 and the other 35 高年级. */
const BANK = { ...CONTEST_BANK, id: 'banded-bank' };
const QUESTIONS = CONTEST_QUESTIONS.map((q, i) => ({
	...q,
	tags: [...q.tags, i < 25 ? '低年级' : '高年级']
}));

function bandedRegistry(bank: object = BANK): Promise<BankRegistry> {
	const dir = mkdtempSync(join(tmpdir(), 'pocket-banded-'));
	mkdirSync(join(dir, BANK.id));
	const json = JSON.stringify({ format: 1, bank, questions: QUESTIONS, cards: [] });
	const hash = createHash('sha256').update(json).digest('hex').slice(0, 12);
	writeFileSync(join(dir, BANK.id, `1.0.0.${hash}.json`), json);
	return loadBankRegistry(dir);
}

describeEachDatabase('云学 by grade band on the server', (get) => {
	// The org admin is set up once per database.
	let admin: AdminIdentity | undefined;
	const adminOf = async (db: Db) => (admin ??= await orgAdmin(db));
	it('accepts the day’s draw of either band and of the whole bank, and nothing else', async () => {
		const { db } = get();
		const registry = await bandedRegistry();
		const admin = await adminOf(db);
		const group = await createGroup(db, admin, { kind: 'branch', name: '机关支部' });
		const member = await joinWithName(db, group.joinCode, '王小红');
		const seed = dailySeed(member.groupId, DAY);
		const all = QUESTIONS.map((q) => q.id);
		const byId = new Map(QUESTIONS.map((q) => [q.id, q]));
		const play = (ids: string[]) =>
			upload({
				mode: 'daily',
				bankId: BANK.id,
				startedAt: NOW - 60_000,
				finishedAt: NOW - 1000,
				answers: ids.map((questionId, i) => {
					const q = byId.get(questionId);
					return {
						questionId,
						response: q?.type === 'fill' ? (q.answer[0] ?? '') : (q?.answer ?? null),
						elapsedMs: 3000,
						answeredAt: NOW - 10_000 + i
					};
				})
			});
		const draws = [null, '低年级', '高年级'].map((band) => {
			const inBand = band
				? new Set(QUESTIONS.filter((q) => q.tags.includes(band)).map((q) => q.id))
				: null;
			return selectQuestionIds(bandPool(all, inBand), DAILY_QUESTION_COUNT, seed);
		});
		expect(dailyPools(QUESTIONS)).toHaveLength(3);
		const drawn = new Set(draws.flat());
		const chosen = all.filter((id) => !drawn.has(id)).slice(0, DAILY_QUESTION_COUNT);
		const uploads = [...draws.map(play), play(chosen)];
		const results = await uploadAttempts(db, registry, member as MemberIdentity, uploads, NOW);
		expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'rejected']);
		expect(results[3]?.reason).toBe(`每日答题的题目不是 ${DAY} 当天的题目`);
	});

	it('a class keeps the grade band it was created with, and its pupils learn it when they join', async () => {
		const { db } = get();
		const admin = await adminOf(db);
		const lower = await createGroup(db, admin, {
			kind: 'class',
			name: '二年级一班',
			gradeBand: '低年级'
		});
		const plain = await createGroup(db, admin, { kind: 'class', name: '五年级二班' });
		expect([lower.gradeBand, plain.gradeBand]).toEqual(['低年级', null]);
		const listed = await listGroups(db, admin);
		expect(listed.find((g) => g.id === lower.id)?.gradeBand).toBe('低年级');
		expect(listed.find((g) => g.id === plain.id)?.gradeBand).toBeNull();

		await addToRoster(db, admin, lower.id, ['李小明']);
		const [pupil] = await rosterOf(db, lower.id);
		const joined = await claimRosterName(db, lower.joinCode, pupil?.id ?? '');
		expect(joined).toMatchObject({ groupKind: 'class', groupGradeBand: '低年级' });
		const branch = await createGroup(db, admin, { kind: 'branch', name: '同心村党支部' });
		const member = await joinWithName(db, branch.joinCode, '张三');
		expect(member.groupGradeBand).toBeNull();
		expect((await recoverMember(db, member.recoveryCode ?? '')).groupGradeBand).toBeNull();
	});

	it('a branch cannot be given a grade band', async () => {
		const { db } = get();
		const admin = await adminOf(db);
		await expect(
			createGroup(db, admin, { kind: 'branch', name: '机关第二支部', gradeBand: '高年级' })
		).rejects.toMatchObject({ status: 422 });
	});

	it('a day whose draw skipped a listed pair (one prints the other’s answer) is accepted as drawn', async () => {
		const { db } = get();
		const admin = await adminOf(db);
		const branch = await createGroup(db, admin, { kind: 'branch', name: '冲突测试支部' });
		const member = await joinWithName(db, branch.joinCode, '李四');
		const seed = dailySeed(member.groupId, DAY);
		const all = QUESTIONS.map((q) => q.id);
		// Make the first two of the day's draw a listed pair: the device skips the second.
		const plain = selectQuestionIds(all, DAILY_QUESTION_COUNT, seed);
		const conflicts: [string, string][] = [[plain[0] ?? '', plain[1] ?? '']];
		const registry = await bandedRegistry({ ...BANK, conflicts });
		const drawn = selectQuestionIds(all, DAILY_QUESTION_COUNT, seed, conflicts);
		expect(drawn).not.toContain(plain[1]);
		const byId = new Map(QUESTIONS.map((q) => [q.id, q]));
		const played = upload({
			mode: 'daily',
			bankId: BANK.id,
			startedAt: NOW - 60_000,
			finishedAt: NOW - 1000,
			answers: drawn.map((questionId, i) => {
				const q = byId.get(questionId);
				return {
					questionId,
					response: q?.type === 'fill' ? (q.answer[0] ?? '') : (q?.answer ?? null),
					elapsedMs: 3000,
					answeredAt: NOW - 10_000 + i
				};
			})
		});
		const [result] = await uploadAttempts(db, registry, member as MemberIdentity, [played], NOW);
		expect(result?.status).toBe('accepted');
	});
});
