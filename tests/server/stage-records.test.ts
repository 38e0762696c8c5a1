import { expect, it } from 'vitest';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import { createGroup } from '../../src/lib/server/groups';
import { joinWithName } from '../../src/lib/server/members';
import { groupStageContests } from '../../src/lib/server/stage-records';
import { syncBatch } from '../../src/lib/server/sync';
import { stageRecord } from '../fixtures/stage';
import { demoRegistry, orgAdmin } from './fixtures';
import { describeEachDatabase } from './harness';

describeEachDatabase('stage contest records', (get) => {
	let registry: BankRegistry;
	let code = '';

	it('sets up a branch', async () => {
		const { db } = get();
		registry = await demoRegistry();
		const admin = await orgAdmin(db);
		code = (await createGroup(db, admin, { kind: 'branch', name: '竞赛支部' })).joinCode;
	});

	it('stores a finished contest for the group with the scores of its own re-fold; a resend is a duplicate', async () => {
		const { db } = get();
		const m = await joinWithName(db, code, '主持人');
		const who = { memberId: m.memberId, groupId: m.groupId };
		const record = stageRecord();
		// A device cannot claim scores: the record carries none, and the server folds the log.
		const payload = JSON.parse(JSON.stringify(record)) as unknown;
		const first = await syncBatch(db, registry, who, { records: [{ kind: 'stage', payload }] });
		expect(first.results).toEqual([{ id: record.id, status: 'accepted' }]);
		const again = await syncBatch(db, registry, who, { records: [{ kind: 'stage', payload }] });
		expect(again.results).toEqual([{ id: record.id, status: 'duplicate' }]);

		const listed = await groupStageContests(db, m.groupId);
		expect(listed).toEqual([
			{
				id: record.id,
				kind: 'groups',
				title: '小组赛',
				questionCount: 3,
				finishedAt: record.finishedAt,
				teams: [
					{
						name: '第一组',
						colour: 0,
						score: 5,
						rank: 1,
						right: 1,
						wrong: 0,
						fouls: 0,
						adjusted: -5
					},
					{
						name: '第二组',
						colour: 1,
						score: 0,
						rank: 2,
						right: 0,
						wrong: 1,
						fouls: 0,
						adjusted: 0
					}
				]
			}
		]);
		// Another member cannot take the contest's id over.
		const other = await joinWithName(db, code, '旁人');
		const taken = await syncBatch(
			db,
			registry,
			{ memberId: other.memberId, groupId: other.groupId },
			{ records: [{ kind: 'stage', payload }] }
		);
		expect(taken.results[0]).toMatchObject({
			status: 'rejected',
			reason: '这场比赛的记录属于另一位成员'
		});
	});

	it('refuses logs that break the rules, unfinished contests and questions the server does not have', async () => {
		const { db } = get();
		const m = await joinWithName(db, code, '记分员');
		const who = { memberId: m.memberId, groupId: m.groupId };
		const good = stageRecord();
		const unfinished = stageRecord();
		unfinished.events = unfinished.events.slice(0, 3);
		const forged = stageRecord();
		forged.events = [
			forged.events[0]!,
			forged.events[1]!,
			forged.events[1]!,
			...forged.events.slice(2)
		];
		const unknown = stageRecord();
		unknown.questions = [
			{ ...unknown.questions[0]!, id: 'q-missing' },
			...unknown.questions.slice(1)
		];
		const wrongDifficulty = stageRecord();
		wrongDifficulty.questions = [
			{ ...wrongDifficulty.questions[0]!, difficulty: 3 },
			...wrongDifficulty.questions.slice(1)
		];
		const outOfBounds = JSON.parse(JSON.stringify(stageRecord())) as {
			id: string;
			rules: { baseScore: number };
		};
		outOfBounds.rules.baseScore = 1e308;
		const { results } = await syncBatch(db, registry, who, {
			records: [good, unfinished, forged, unknown, wrongDifficulty, outOfBounds].map((payload) => ({
				kind: 'stage',
				payload: JSON.parse(JSON.stringify(payload)) as unknown
			}))
		});
		expect(results.map((r) => [r.status, r.reason])).toEqual([
			['accepted', undefined],
			['rejected', '比赛还没有结束'],
			['rejected', '记录的第 3 步不符合比赛规则'],
			['rejected', '题库 demo-bank v1.0.0 没有题目 q-missing'],
			['rejected', '题目 q-single 的难度与题库不符'],
			['rejected', '比赛记录格式不正确（rules.baseScore）']
		]);
		const stored = await db
			.selectFrom('stage_contest')
			.select('id')
			.where('member_id', '=', m.memberId)
			.execute();
		expect(stored).toEqual([{ id: good.id }]);
	});
});
