import { beforeAll, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/core/ids';
import type { QuestionReport } from '../../src/lib/core/sync/question-report';
import { createGroupAdmin, login, type AdminIdentity } from '../../src/lib/server/accounts';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import { createGroup } from '../../src/lib/server/groups';
import { joinWithName, type MemberIdentity } from '../../src/lib/server/members';
import { reportCountsFor, reportedQuestions } from '../../src/lib/server/question-reports';
import { syncBatch } from '../../src/lib/server/sync';
import { judge, meta, single } from '../fixtures/questions';
import { demoRegistry, orgAdmin } from './fixtures';
import { describeEachDatabase } from './harness';

let clock = 1_765_000_000_000;

function report(overrides: Partial<QuestionReport> = {}): QuestionReport {
	clock += 1000;
	return {
		id: uuidv7(clock, crypto.getRandomValues(new Uint8Array(10))),
		bankId: meta.id,
		bankVersion: '1.0.0',
		questionId: single.id,
		reason: 'answer',
		note: '答案应为 C',
		reportedAt: clock,
		...overrides
	};
}

const send = (
	db: Parameters<typeof syncBatch>[0],
	registry: BankRegistry,
	member: MemberIdentity,
	payloads: unknown[],
	now = clock
) =>
	syncBatch(
		db,
		registry,
		member,
		{ records: payloads.map((payload) => ({ kind: 'question-report', payload })) },
		now
	);

describeEachDatabase('纠错 reports (record kind question-report)', (get) => {
	let registry: BankRegistry;
	let admin: AdminIdentity;
	let branchId = '';
	let zhang: MemberIdentity;
	let li: MemberIdentity;
	let other: MemberIdentity;

	beforeAll(async () => {
		const { db } = get();
		registry = await demoRegistry();
		admin = await orgAdmin(db);
		const branch = await createGroup(db, admin, { kind: 'branch', name: '机关支部' });
		branchId = branch.id;
		const second = await createGroup(db, admin, { kind: 'branch', name: '同心村支部' });
		zhang = await joinWithName(db, branch.joinCode, '张三');
		li = await joinWithName(db, branch.joinCode, '李四');
		other = await joinWithName(db, second.joinCode, '王五');
	});

	it('stores a report once: accepted, then duplicate on resend, with the server receive time', async () => {
		const { db } = get();
		const r = report({ note: '  答案应为 C  ' });
		const first = await send(db, registry, zhang, [r], 1_765_100_000_000);
		expect(first.results).toEqual([{ id: r.id, status: 'accepted' }]);
		const again = await send(db, registry, zhang, [r], 1_765_100_500_000);
		expect(again.results).toEqual([{ id: r.id, status: 'duplicate' }]);
		const rows = await db
			.selectFrom('question_report')
			.selectAll()
			.where('id', '=', r.id)
			.execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			member_id: zhang.memberId,
			group_id: branchId,
			bank_id: meta.id,
			bank_version: '1.0.0',
			question_id: single.id,
			reason: 'answer',
			note: '答案应为 C',
			device_at: r.reportedAt,
			received_at: 1_765_100_000_000
		});
	});

	it('refuses garbage one report at a time, naming the field, and stores the good ones', async () => {
		const { db } = get();
		const good = report({ questionId: judge.id, reason: 'typo', note: '' });
		const bad = [
			{ ...report(), reason: 'boring' },
			{ ...report(), note: '很长'.repeat(200) },
			{ ...report(), reportedAt: 1e308 },
			{ ...report(), id: 'not-a-uuid' },
			{ ...report(), reason: 'other', note: '   ' },
			{ ...report(), extra: 1 }
		];
		const { results } = await send(db, registry, zhang, [good, ...bad]);
		expect(results[0]).toEqual({ id: good.id, status: 'accepted' });
		expect(results.slice(1).map((r) => r.status)).toEqual(bad.map(() => 'rejected'));
		expect(results[1]?.reason).toBe('纠错反馈格式不正确（reason）');
		expect(results[2]?.reason).toBe('纠错反馈格式不正确（note）');
		expect(results[3]?.reason).toBe('纠错反馈格式不正确（reportedAt）');
		expect(results[4]?.reason).toBe('纠错反馈格式不正确（id）');
		expect(results[5]?.reason).toMatch(/^纠错反馈格式不正确/);
		expect(results[6]?.reason).toMatch(/^纠错反馈格式不正确/);
		const stored = await db
			.selectFrom('question_report')
			.select('id')
			.where('id', 'in', [good.id, ...bad.map((b) => b.id)])
			.execute();
		expect(stored.map((s) => s.id)).toEqual([good.id]);
	});

	it('refuses a bank version or a question the server does not have, with the reason', async () => {
		const { db } = get();
		const noVersion = report({ bankVersion: '9.9.9' });
		const noQuestion = report({ questionId: 'q-missing' });
		const { results } = await send(db, registry, zhang, [noVersion, noQuestion]);
		expect(results).toEqual([
			{ id: noVersion.id, status: 'rejected', reason: `服务器没有题库 ${meta.id} v9.9.9` },
			{
				id: noQuestion.id,
				status: 'rejected',
				reason: `题库 ${meta.id} v1.0.0 中没有题目 q-missing`
			}
		]);
	});

	it('refuses an id another member already used', async () => {
		const { db } = get();
		const r = report();
		expect((await send(db, registry, zhang, [r])).results[0]?.status).toBe('accepted');
		expect((await send(db, registry, li, [r])).results).toEqual([
			{ id: r.id, status: 'rejected', reason: '这条反馈属于另一位成员' }
		]);
	});

	it('counts members, not reports, per question and version, for the members who reported it', async () => {
		const { db } = get();
		// A question of its own: two members report it on 1.1.0, one of them twice.
		const q = { bankVersion: '1.1.0', questionId: judge.id } as const;
		await send(db, registry, li, [report(q), report({ ...q, reason: 'ambiguous' })]);
		await send(db, registry, other, [report(q)]);
		expect(await reportCountsFor(db, li, meta.id, '1.1.0')).toEqual({
			bankId: meta.id,
			version: '1.1.0',
			counts: { [judge.id]: 2 }
		});
		// Zhang reported nothing on 1.1.0: no counts for questions he did not report.
		expect((await reportCountsFor(db, zhang, meta.id, '1.1.0')).counts).toEqual({});
	});

	it('shows admins the reports of their groups per question and version, with the notes', async () => {
		const { db } = get();
		const titles = new Map([[meta.id, '示例题库']]);
		const all = await reportedQuestions(db, admin, registry, titles);
		const onJudge = all.find((q) => q.questionId === judge.id && q.bankVersion === '1.1.0');
		expect(onJudge).toMatchObject({
			bankTitle: '示例题库',
			stem: judge.stem,
			reporters: 2
		});
		expect(onJudge?.reports.map((r) => r.groupName).sort()).toEqual([
			'同心村支部',
			'机关支部',
			'机关支部'
		]);
		const onSingle = all.find((q) => q.questionId === single.id && q.bankVersion === '1.0.0');
		expect(onSingle?.reports.some((r) => r.note === '答案应为 C' && r.reason === 'answer')).toBe(
			true
		);
		// Most reporters first.
		expect(all.map((q) => q.reporters)).toEqual(
			[...all.map((q) => q.reporters)].sort((a, b) => b - a)
		);

		// A branch's own admin sees only its members' reports.
		await createGroupAdmin(db, admin, {
			username: 'tongxin',
			password: 'long-enough-2',
			groupIds: [other.groupId]
		});
		const branchAdmin = (await login(db, 'tongxin', 'long-enough-2')).admin;
		const theirs = await reportedQuestions(db, branchAdmin, registry, titles);
		expect(theirs).toHaveLength(1);
		expect(theirs[0]).toMatchObject({ questionId: judge.id, bankVersion: '1.1.0', reporters: 1 });
		expect(theirs[0]?.reports.map((r) => r.groupName)).toEqual(['同心村支部']);
	});
});
