import { beforeAll, expect, it } from 'vitest';
import type { CompetitionInput } from '../../src/lib/core/competition/types';
import type { AdminIdentity } from '../../src/lib/server/accounts';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import {
	createCompetition,
	memberPaper,
	publishCompetition
} from '../../src/lib/server/competitions';
import { createGroup } from '../../src/lib/server/groups';
import { joinWithName, type MemberIdentity } from '../../src/lib/server/members';
import { CONTEST_BANK, CONTEST_QUESTIONS, contestRegistry, orgAdmin } from './fixtures';
import { describeEachDatabase } from './harness';

const HOUR = 3_600_000;
const OPENS = Date.UTC(2026, 6, 1, 0, 0);

// Every single-choice question conflicts with its judge question of the same number: the draw
// below takes 6 of the 12 judge and 6 of the 12 single questions, so without the bank's
// conflicts most papers would hold a pair.
const PAIRS: [string, string][] = CONTEST_QUESTIONS.filter((q) => q.type === 'single').map((q) => [
	q.id,
	q.id.replace(/^s-/, 'j-')
]);

describeEachDatabase('competition papers and the bank conflicts', (get) => {
	let registry: BankRegistry;
	let admin: AdminIdentity;
	let groupId = '';
	let joinCode = '';
	const input = (paper: CompetitionInput['paper']): CompetitionInput => ({
		title: '冲突题测试赛',
		groupIds: [groupId],
		bankId: CONTEST_BANK.id,
		bankVersion: '1.0.0',
		paper,
		opensAt: OPENS,
		closesAt: OPENS + 48 * HOUR,
		graceMs: HOUR,
		timeLimit: { per: 'question', ms: 60_000 },
		tries: 1,
		tryRule: 'best',
		release: 'after-window',
		awards: []
	});

	beforeAll(async () => {
		const { db } = get();
		registry = await contestRegistry(PAIRS);
		admin = await orgAdmin(db);
		({ id: groupId, joinCode } = await createGroup(db, admin, {
			kind: 'branch',
			name: '冲突支部'
		}));
	});

	it('never serves a member both halves of a pair', async () => {
		const { db } = get();
		const now = OPENS - HOUR;
		const { id } = await createCompetition(
			db,
			registry,
			admin,
			input({
				kind: 'draw',
				parts: [
					{ type: 'judge', count: 6 },
					{ type: 'single', count: 6 }
				]
			}),
			now
		);
		await publishCompetition(db, registry, admin, id, now);
		for (let i = 0; i < 12; i++) {
			const member = await joinWithName(db, joinCode, `成员${i}`);
			const paper = await memberPaper(db, registry, member as MemberIdentity, id, now);
			const ids = new Set(paper.questions.map((q) => q.id));
			expect(ids.size).toBe(12);
			for (const [a, b] of PAIRS) expect(ids.has(a) && ids.has(b)).toBe(false);
		}
	});

	it('refuses a fixed paper holding a pair, naming both questions', async () => {
		const { db } = get();
		const [a, b] = PAIRS[0]!;
		await expect(
			createCompetition(
				db,
				registry,
				admin,
				input({ kind: 'fixed', questionIds: [a, 'm-1', b] }),
				OPENS - HOUR
			)
		).rejects.toMatchObject({
			status: 422,
			message: `题目 ${a} 和 ${b} 不能放在同一张试卷里（一道题的题干里有另一道题的答案）`
		});
	});
});
