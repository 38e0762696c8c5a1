import { beforeAll, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/core/ids';
import type { CompetitionSubmission, MemberPaper } from '../../src/lib/core/competition/types';
import type { AdminIdentity } from '../../src/lib/server/accounts';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import {
	adminBoard,
	createCompetition,
	memberPaper,
	memberResult,
	publishCompetition
} from '../../src/lib/server/competitions';
import { createGroup } from '../../src/lib/server/groups';
import { mergeMembers } from '../../src/lib/server/member-admin';
import { joinWithName, memberFromToken, type MemberIdentity } from '../../src/lib/server/members';
import { syncBatch } from '../../src/lib/server/sync';
import { CONTEST_BANK, CONTEST_QUESTIONS, contestRegistry, orgAdmin } from './fixtures';
import { describeEachDatabase } from './harness';

const HOUR = 3_600_000;
const OPENS = Date.UTC(2026, 6, 1, 0, 0);
const CLOSES = OPENS + 48 * HOUR;
const byId = new Map(CONTEST_QUESTIONS.map((q) => [q.id, q]));

/** A try answering the first `right` questions right (the rest left blank), 5 s an answer. */
function attempt(paper: MemberPaper, startedAt: number, right: number): CompetitionSubmission {
	const answers = paper.questions.map((pq, i) => ({
		questionId: pq.id,
		response: i < right ? (byId.get(pq.id)?.answer ?? null) : null,
		elapsedMs: 5000,
		answeredAt: startedAt + (i + 1) * 5000
	}));
	return {
		protocol: 1,
		id: uuidv7(startedAt, crypto.getRandomValues(new Uint8Array(10))),
		competitionId: paper.competitionId,
		startedAt,
		finishedAt: startedAt + answers.length * 5000,
		answers
	} as CompetitionSubmission;
}

describeEachDatabase('merging a member who took a competition twice', (get) => {
	let registry: BankRegistry;
	let admin: AdminIdentity;
	let groupId = '';
	let competitionId = '';
	let phone: MemberIdentity;
	let tablet: MemberIdentity;

	beforeAll(async () => {
		const { db } = get();
		registry = await contestRegistry();
		admin = await orgAdmin(db);
		const group = await createGroup(db, admin, { kind: 'branch', name: '合并竞赛支部' });
		groupId = group.id;
		const a = await joinWithName(db, group.joinCode, '刘洋');
		const b = await joinWithName(db, group.joinCode, '刘洋', '平板');
		phone = await memberFromToken(db, `Bearer ${a.token}`);
		tablet = await memberFromToken(db, `Bearer ${b.token}`);
		const created = await createCompetition(
			db,
			registry,
			admin,
			{
				title: '合并测试赛',
				groupIds: [groupId],
				bankId: CONTEST_BANK.id,
				bankVersion: '1.0.0',
				paper: { kind: 'draw', parts: [{ type: 'judge', count: 4 }] },
				opensAt: OPENS,
				closesAt: CLOSES,
				graceMs: HOUR,
				timeLimit: { per: 'question', ms: 60_000 },
				tries: 2,
				tryRule: 'best',
				release: 'after-window',
				awards: []
			},
			OPENS - HOUR
		);
		competitionId = created.id;
		await publishCompetition(db, registry, admin, competitionId, OPENS - HOUR);
	});

	it('moves the tries, numbered after the kept member’s, and the board shows the person once', async () => {
		const { db } = get();
		const take = async (who: MemberIdentity, at: number, right: number) => {
			const paper = await memberPaper(db, registry, who, competitionId, at);
			const r = await syncBatch(
				db,
				registry,
				who,
				{ records: [{ kind: 'competition', payload: attempt(paper, at, right) }] },
				at + HOUR
			);
			expect(r.results[0]).toMatchObject({ status: 'accepted' });
		};
		await take(phone, OPENS + HOUR, 1);
		await take(tablet, OPENS + 2 * HOUR, 2);
		await take(tablet, OPENS + 3 * HOUR, 4);
		const before = await adminBoard(db, admin, competitionId, CLOSES + 2 * HOUR);
		expect(before.top.map((e) => e.displayName).sort()).toEqual(['刘洋', '刘洋（平板）'].sort());

		await mergeMembers(db, admin, groupId, tablet.memberId, phone.memberId);

		const tries = await db
			.selectFrom('competition_entry')
			.select(['member_id', 'try_no', 'score'])
			.where('competition_id', '=', competitionId)
			.orderBy('try_no')
			.execute();
		expect(tries.map((t) => [t.member_id, Number(t.try_no), Number(t.score)])).toEqual([
			[phone.memberId, 1, 1],
			[phone.memberId, 2, 2],
			[phone.memberId, 3, 4]
		]);
		const papers = await db
			.selectFrom('competition_paper')
			.select('member_id')
			.where('competition_id', '=', competitionId)
			.execute();
		expect(papers.map((p) => p.member_id)).toEqual([phone.memberId]);
		const after = await adminBoard(db, admin, competitionId, CLOSES + 2 * HOUR);
		expect(after.top.map((e) => [e.displayName, e.rank, e.score])).toEqual([['刘洋', 1, 4]]);
		const own = await memberResult(db, registry, phone, competitionId, CLOSES + 2 * HOUR);
		expect(own).toMatchObject({ rank: 1, entrants: 1 });
		expect(own.submissions.map((s) => [s.score, s.counts])).toEqual([
			[1, false],
			[2, false],
			[4, true]
		]);
	});
});
