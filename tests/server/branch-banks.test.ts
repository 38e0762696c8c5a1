import { createHash } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { parseBankBundle, parseBankIndex } from '../../src/lib/core/bank/bundle';
import { createGroupAdmin, login, type AdminIdentity } from '../../src/lib/server/accounts';
import { ApiError } from '../../src/lib/server/api-error';
import {
	BRANCH_BANK_LIMITS,
	branchBankDetail,
	branchBundle,
	deleteBranchItem,
	listBranchBanks,
	memberBankIndex,
	publishBranchBank,
	saveBranchItem,
	uploadToBranchBank,
	withBranchBanks,
	type UploadInput
} from '../../src/lib/server/branch-banks';
import { createGroup } from '../../src/lib/server/groups';
import { joinWithName, memberFromToken } from '../../src/lib/server/members';
import { demoRegistry, orgAdmin, upload, uploadAttempts } from './fixtures';
import { describeEachDatabase } from './harness';

const HEADER = '题型,题目,选项A,选项B,选项C,选项D,答案,解析,出处';
const EXPLAINED = '1921年7月，中国共产党第一次全国代表大会在上海召开，后转移到嘉兴南湖。';
/** Three good rows, one without 解析 (a draft), one refused (its answer is no option). */
const CSV = [
	HEADER,
	`单选,中国共产党第一次全国代表大会在哪一年召开？,1919年,1921年,1927年,1949年,B,${EXPLAINED},《中国共产党简史》`,
	`判断,中共一大最后一天的会议转移到嘉兴南湖的红船上举行。,,,,,对,${EXPLAINED},《中国共产党简史》`,
	'单选,金河镇党员冬训的第一课学的是什么？,党章,党史,新思想,乡村振兴,A,,',
	`单选,这一行的答案不在选项里，应当被拒绝。,甲,乙,丙,丁,F,${EXPLAINED},《中国共产党简史》`
].join('\n');

const bytes = (text: string) => new TextEncoder().encode(text);

async function refusal(run: Promise<unknown>): Promise<{ status: number; message: string }> {
	try {
		await run;
	} catch (e) {
		if (e instanceof ApiError) return { status: e.status, message: e.message };
		throw e;
	}
	throw new Error('expected a refusal');
}

describeEachDatabase('branch banks', (get) => {
	let admin: AdminIdentity;
	let secretary: AdminIdentity;
	let branchId: string;
	let otherId: string;
	const now = 1_765_000_000_000;

	const input = (over: Partial<UploadInput> = {}): UploadInput => ({
		groupId: branchId,
		title: '红旗支部题库',
		fileName: '支部题目.csv',
		partial: false,
		bytes: bytes(CSV),
		...over
	});

	beforeAll(async () => {
		const { db } = get();
		admin = await orgAdmin(db);
		branchId = (await createGroup(db, admin, { kind: 'branch', name: '红旗支部' })).id;
		otherId = (await createGroup(db, admin, { kind: 'branch', name: '东风支部' })).id;
		await createGroupAdmin(db, admin, {
			username: 'dongfeng',
			password: 'long-enough-2',
			groupIds: [otherId]
		});
		await createGroupAdmin(db, admin, {
			username: 'hongqi',
			password: 'long-enough-3',
			groupIds: [branchId]
		});
		secretary = (await login(db, 'hongqi', 'long-enough-3')).admin;
	});

	it('upload → row report; a refused row stops the upload unless the rest is asked for', async () => {
		const { db } = get();
		const first = await uploadToBranchBank(db, secretary, input(), now);
		expect(first.bank).toBeNull();
		expect(first.report).toMatchObject({ saved: false, rowCount: 4, refused: 1, accepted: 0 });
		const refused = first.report.rows.find((r) => r.outcome === 'refused');
		expect(refused?.at.row).toBe(5);
		expect(refused?.errors[0]?.column).toBe('答案');
		expect(await listBranchBanks(db, secretary, branchId)).toEqual([]);

		const taken = await uploadToBranchBank(db, secretary, input({ partial: true }), now);
		expect(taken.report).toMatchObject({
			saved: true,
			accepted: 3,
			drafts: 1,
			refused: 1,
			clean: 2
		});
		const draftRow = taken.report.rows.find((r) => r.outcome === 'draft');
		expect(draftRow).toMatchObject({ at: { row: 4 }, draft: '待补解析和出处' });
		expect(taken.bank?.id).toBe(`branch-${branchId}-1`);
		expect(taken.bank).toMatchObject({ questionCount: 2, draftCount: 1, published: null });

		const detail = await branchBankDetail(db, secretary, taken.bank?.id ?? '');
		expect(detail.items.map((i) => i.draft)).toEqual([null, null, '待补解析和出处']);
		expect(detail.items.map((i) => i.id)).toEqual(['zb-0001', 'zb-0002', 'zb-0003']);
		expect(detail.report?.rows).toEqual(taken.report.rows);
	});

	it('a draft is fixed with the bundle schema: a short 解析 is refused in Chinese, a good one clears the draft', async () => {
		const { db } = get();
		const [bank] = await listBranchBanks(db, secretary, branchId);
		const detail = await branchBankDetail(db, secretary, bank?.id ?? '');
		const draft = detail.items.find((i) => i.draft);
		if (!bank || !draft) throw new Error('no draft');
		const short = await refusal(
			saveBranchItem(
				db,
				secretary,
				bank.id,
				draft.id,
				{ ...draft.question, explanation: '太短' },
				now
			)
		);
		expect(short.status).toBe(422);
		expect(short.message).toContain('解析：至少要 10 个字');
		expect(short.message).toContain('出处：');
		const saved = await saveBranchItem(
			db,
			secretary,
			bank.id,
			draft.id,
			{
				...draft.question,
				answer: 'B',
				explanation: '金河镇党员冬训第一课学习党史，回顾建党百年的光辉历程。',
				source: '金河镇党委冬训安排'
			},
			now
		);
		expect(saved).toMatchObject({ draft: null, question: { answer: 'B' } });
		expect((await listBranchBanks(db, secretary, branchId))[0]?.draftCount).toBe(0);
	});

	it('publish: 1.0.0 without drafts, nothing new → no version, a new question → 1.1.0, a changed answer → 2.0.0', async () => {
		const { db } = get();
		const [bank] = await listBranchBanks(db, secretary, branchId);
		if (!bank) throw new Error('no bank');
		// A new draft arrives with a second upload: it stays out of the bundle.
		const more = await uploadToBranchBank(
			db,
			secretary,
			input({
				bankId: bank.id,
				title: undefined,
				bytes: bytes(`${HEADER}\n判断,支部每月开展一次主题党日活动。,,,,,对,,`)
			}),
			now
		);
		expect(more.report).toMatchObject({ saved: true, drafts: 1 });

		const v1 = await publishBranchBank(db, secretary, bank.id, now);
		expect(v1).toMatchObject({
			version: '1.0.0',
			unchanged: false,
			questionCount: 3,
			draftsLeftOut: 1
		});
		expect(await publishBranchBank(db, secretary, bank.id, now + 1)).toMatchObject({
			version: '1.0.0',
			unchanged: true
		});

		const detail = await branchBankDetail(db, secretary, bank.id);
		const draft = detail.items.find((i) => i.draft);
		if (!draft) throw new Error('no draft');
		await saveBranchItem(
			db,
			secretary,
			bank.id,
			draft.id,
			{
				...draft.question,
				explanation: '主题党日每月固定一天，组织党员集中学习。',
				source: '支部工作条例'
			},
			now
		);
		expect(await publishBranchBank(db, secretary, bank.id, now + 2)).toMatchObject({
			version: '1.1.0',
			notes: '新增 1 题，共 4 题。'
		});
		const single = detail.items.find((i) => i.question.type === 'single');
		if (!single) throw new Error('no single');
		await saveBranchItem(
			db,
			secretary,
			bank.id,
			single.id,
			{ ...single.question, answer: 'C' },
			now
		);
		expect((await publishBranchBank(db, secretary, bank.id, now + 3)).version).toBe('2.0.0');
		// Removing a question is a major step too, and its id is never given again.
		await deleteBranchItem(db, secretary, bank.id, single.id, now);
		expect((await publishBranchBank(db, secretary, bank.id, now + 4)).version).toBe('3.0.0');
	});

	it('members of the branch get an index the installer reads and a bundle that matches its hash; another branch gets 404', async () => {
		const { db } = get();
		const [bank] = await listBranchBanks(db, admin, branchId);
		if (!bank) throw new Error('no bank');
		const joined = await joinWithName(db, (await groupOf(branchId)).joinCode, '李书记');
		const member = await memberFromToken(db, `Bearer ${joined.token}`);
		const index = parseBankIndex(await memberBankIndex(db, member));
		expect(index.ok).toBe(true);
		const entry = index.ok ? index.value.banks[0] : undefined;
		expect(entry).toMatchObject({ id: bank.id, version: '3.0.0', questionCount: 3 });
		const bundle = await branchBundle(db, { member }, bank.id, '3.0.0');
		expect(createHash('sha256').update(bundle).digest('hex')).toBe(entry?.sha256);
		const parsed = parseBankBundle(JSON.parse(bundle));
		expect(parsed.ok && parsed.value.questions.length).toBe(3);
		expect(parsed.ok && parsed.value.bank.retired?.length).toBe(1);

		const outsider = await memberFromToken(
			db,
			`Bearer ${(await joinWithName(db, (await groupOf(otherId)).joinCode, '王委员')).token}`
		);
		expect((await memberBankIndex(db, outsider)).banks).toEqual([]);
		expect((await refusal(branchBundle(db, { member: outsider }, bank.id, '3.0.0'))).status).toBe(
			404
		);
		const otherSecretary = (await login(db, 'dongfeng', 'long-enough-2')).admin;
		expect(
			(await refusal(branchBundle(db, { admin: otherSecretary }, bank.id, '3.0.0'))).status
		).toBe(404);
		expect((await refusal(branchBankDetail(db, otherSecretary, bank.id))).status).toBe(404);
		expect((await refusal(listBranchBanks(db, otherSecretary, branchId))).status).toBe(404);
		expect((await refusal(publishBranchBank(db, otherSecretary, bank.id, now))).status).toBe(404);
		expect(
			(await refusal(uploadToBranchBank(db, otherSecretary, input({ bankId: bank.id }), now)))
				.status
		).toBe(404);
		// The org admin sees every branch's bank.
		expect(await branchBundle(db, { admin }, bank.id, '3.0.0')).toBe(bundle);

		// Practice on the branch bank uploads and is re-scored; another branch's member is refused.
		const registry = await demoRegistry();
		const bundleQuestions = parsed.ok ? parsed.value.questions : [];
		const judge = bundleQuestions.find((q) => q.type === 'judge');
		const played = upload({
			bankId: bank.id,
			bankVersion: '3.0.0',
			answers: [{ questionId: judge?.id ?? '', response: true, elapsedMs: 3000, answeredAt: now }]
		});
		const mine = await uploadAttempts(
			db,
			await withBranchBanks(db, registry, member.groupId),
			member,
			[played]
		);
		expect(mine[0]?.status).toBe('accepted');
		const theirs = await uploadAttempts(
			db,
			await withBranchBanks(db, registry, outsider.groupId),
			outsider,
			[{ ...played, id: upload().id }]
		);
		expect(theirs[0]).toMatchObject({ status: 'rejected' });
	});

	it('bad files and limits get a clear 4xx', async () => {
		const { db } = get();
		const cases: [Partial<UploadInput>, number, RegExp][] = [
			[{ bytes: new Uint8Array(0) }, 422, /文件是空的/],
			[{ fileName: 'q.xlsx', bytes: bytes(CSV) }, 422, /不是 Excel 工作簿.*文件格式.*CSV/],
			[
				{ fileName: 'q.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9]) },
				422,
				/不是完整的 Excel/
			],
			[{ fileName: 'q.xls' }, 422, /不支持旧的 \.xls/],
			[{ fileName: 'q.pdf' }, 422, /不认识的文件类型/],
			[{ bytes: bytes('姓名,电话\n张三,1\n') }, 422, /表头/],
			[{ bytes: new Uint8Array(BRANCH_BANK_LIMITS.uploadBytes + 1) }, 413, /文件太大.*4 MB/],
			[
				{
					bytes: bytes(
						[
							HEADER,
							...Array.from(
								{ length: BRANCH_BANK_LIMITS.rows + 1 },
								(_, i) => `判断,第${i}题题干内容,,,,,对,,`
							)
						].join('\n')
					)
				},
				413,
				/一次最多导入 2000 道/
			],
			[{ title: '' }, 422, /题库名称/]
		];
		for (const [over, status, message] of cases) {
			const r = await refusal(uploadToBranchBank(db, secretary, input(over), now));
			expect(r.status, String(message)).toBe(status);
			expect(r.message).toMatch(message);
		}
		const classId = (await createGroup(db, admin, { kind: 'class', name: '三年级一班' })).id;
		expect(
			(await refusal(uploadToBranchBank(db, admin, input({ groupId: classId }), now))).status
		).toBe(422);
	});

	async function groupOf(id: string) {
		const row = await get()
			.db.selectFrom('study_group')
			.select('join_code')
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		return { joinCode: row.join_code };
	}
});
