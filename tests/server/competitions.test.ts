import { expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/core/ids';
import { paperSeed } from '../../src/lib/core/competition/paper';
import type {
	CompetitionInput,
	CompetitionSubmission,
	MemberPaper
} from '../../src/lib/core/competition/types';
import type { AdminIdentity } from '../../src/lib/server/accounts';
import { createGroupAdmin } from '../../src/lib/server/accounts';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import { exportCompetition } from '../../src/lib/server/competition-export';
import {
	adminBanks,
	adminBoard,
	certificates,
	createCompetition,
	itemAnalysis,
	memberBoard,
	memberCompetitions,
	memberPaper,
	memberResult,
	publishCompetition,
	setAwards,
	updateCompetition
} from '../../src/lib/server/competitions';
import { addToRoster, createGroup } from '../../src/lib/server/groups';
import { claimRosterName, joinWithName, type MemberIdentity } from '../../src/lib/server/members';
import { syncBatch } from '../../src/lib/server/sync';
import { CONTEST_BANK as BANK, CONTEST_QUESTIONS, contestRegistry, orgAdmin } from './fixtures';
import { describeEachDatabase } from './harness';

const byId = new Map(CONTEST_QUESTIONS.map((q) => [q.id, q]));

const HOUR = 3_600_000;
const OPENS = Date.UTC(2026, 6, 1, 0, 0);
const CLOSES = OPENS + 48 * HOUR;
const GRACE = 24 * HOUR;

/** The right answer to every question of a paper, each after 5 s. */
function perfect(paper: MemberPaper, startedAt: number, ms = 5000): CompetitionSubmission {
	const answers = paper.questions.map((pq, i) => {
		const q = byId.get(pq.id);
		if (!q) throw new Error(pq.id);
		return {
			questionId: q.id,
			response: q.answer,
			elapsedMs: ms,
			answeredAt: startedAt + (i + 1) * ms
		};
	});
	return {
		protocol: 1,
		id: uuidv7(startedAt, crypto.getRandomValues(new Uint8Array(10))),
		competitionId: paper.competitionId,
		startedAt,
		finishedAt: startedAt + answers.length * ms,
		answers
	};
}

describeEachDatabase('competitions', (get) => {
	let registry: BankRegistry;
	let admin: AdminIdentity;
	let branchAdmin: AdminIdentity;
	const g = {
		a: { id: '', joinCode: '' },
		b: { id: '', joinCode: '' },
		k: { id: '', joinCode: '' }
	};
	const m: Record<string, MemberIdentity> = {};
	let id = '';
	const input = (): CompetitionInput => ({
		title: '七一党史知识竞赛',
		groupIds: [g.a.id, g.b.id, g.k.id],
		bankId: BANK.id,
		bankVersion: '1.0.0',
		paper: {
			kind: 'draw',
			parts: [
				{ type: 'single', count: 3, tag: '长征' },
				{ type: 'judge', count: 2 },
				{ type: 'multiple', count: 1 }
			]
		},
		opensAt: OPENS,
		closesAt: CLOSES,
		graceMs: GRACE,
		timeLimit: { per: 'question', ms: 60_000 },
		tries: 2,
		tryRule: 'best',
		release: 'after-window',
		awards: []
	});
	const send = (who: string, payloads: unknown[], now: number) =>
		syncBatch(
			get().db,
			registry,
			m[who] as MemberIdentity,
			{ records: payloads.map((payload) => ({ kind: 'competition', payload })) },
			now
		).then((r) => r.results);

	it('sets up branches, a class, members and a branch admin', async () => {
		const { db } = get();
		registry = await contestRegistry();
		admin = await orgAdmin(db);
		g.a = await createGroup(db, admin, { kind: 'branch', name: '机关支部' });
		g.b = await createGroup(db, admin, { kind: 'branch', name: '农业支部' });
		g.k = await createGroup(db, admin, { kind: 'class', name: '三年级一班' });
		for (const name of ['甲', '乙', '丙', '丁', '晚'])
			m[name] = await joinWithName(db, g.a.joinCode, name);
		m['戊'] = await joinWithName(db, g.b.joinCode, '戊');
		await addToRoster(db, admin, g.k.id, ['王小红']);
		const roster = await db
			.selectFrom('member')
			.select('id')
			.where('group_id', '=', g.k.id)
			.execute();
		m['王小红'] = await claimRosterName(db, g.k.joinCode, roster[0]?.id ?? '');
		await createGroupAdmin(db, admin, {
			username: 'shuji',
			password: 'long-enough-2',
			groupIds: [g.a.id]
		});
		branchAdmin = {
			id: (
				await db
					.selectFrom('admin')
					.select('id')
					.where('username', '=', 'shuji')
					.executeTakeFirstOrThrow()
			).id,
			username: 'shuji',
			orgId: admin.orgId,
			scope: 'group'
		};
	});

	it('gives the create form the bank versions and the org’s time zone', async () => {
		const { db } = get();
		const titles = new Map([[BANK.id, '竞赛题库']]);
		const shown = await adminBanks(db, admin, registry, titles);
		expect(shown.timeZone).toBe('Asia/Shanghai');
		expect(shown.banks).toMatchObject([
			{ id: BANK.id, title: '竞赛题库', versions: [{ version: '1.0.0' }] }
		]);
		// Read from the org, not assumed.
		await db.updateTable('org').set({ time_zone: 'Asia/Urumqi' }).execute();
		expect((await adminBanks(db, branchAdmin, registry, titles)).timeZone).toBe('Asia/Urumqi');
		await db.updateTable('org').set({ time_zone: 'Asia/Shanghai' }).execute();
	});

	it('refuses bad input with a reason, and groups a branch admin does not hold', async () => {
		const { db } = get();
		const now = OPENS - 10 * HOUR;
		await expect(
			createCompetition(db, registry, admin, { ...input(), closesAt: OPENS - 1 }, now)
		).rejects.toMatchObject({
			status: 422,
			message: '结束时间应晚于开始时间'
		});
		await expect(
			createCompetition(
				db,
				registry,
				admin,
				{ ...input(), paper: { kind: 'draw', parts: [{ type: 'single', count: 5, tag: '长征' }] } },
				now
			)
		).rejects.toMatchObject({
			status: 422,
			message: '题库中「长征」的单选题只有 4 道，不够抽 5 道'
		});
		await expect(createCompetition(db, registry, branchAdmin, input(), now)).rejects.toMatchObject({
			status: 403
		});
		await expect(
			createCompetition(db, registry, admin, { ...input(), bankVersion: '9.9.9' }, now)
		).rejects.toMatchObject({ status: 422, message: `服务器没有题库 ${BANK.id} v9.9.9` });
	});

	it('a draft is editable and invisible to members; publishing freezes the paper', async () => {
		const { db } = get();
		const now = OPENS - 10 * HOUR;
		const draft = await createCompetition(db, registry, admin, { ...input(), title: '草稿' }, now);
		id = draft.id;
		expect(draft).toMatchObject({ status: 'draft', questionCount: 6, graceMs: GRACE });
		const edited = await updateCompetition(
			db,
			registry,
			admin,
			id,
			{ title: '七一党史知识竞赛', tries: 2 },
			now
		);
		expect(edited.title).toBe('七一党史知识竞赛');
		expect((await memberCompetitions(db, m['甲'] as MemberIdentity, now)).competitions).toEqual([]);
		await expect(
			memberPaper(db, registry, m['甲'] as MemberIdentity, id, now)
		).rejects.toMatchObject({ status: 404 });
		await publishCompetition(db, registry, admin, id, now);
		await expect(
			updateCompetition(
				db,
				registry,
				admin,
				id,
				{ paper: { kind: 'fixed', questionIds: ['s-0'] } },
				now
			)
		).rejects.toMatchObject({ status: 409, code: 'paper_frozen' });
		await updateCompetition(db, registry, admin, id, { graceMs: GRACE }, now);
		await expect(
			updateCompetition(db, registry, admin, id, { title: '改名' }, OPENS)
		).rejects.toMatchObject({
			status: 409,
			code: 'window_open',
			message: '竞赛已开始，不能再修改'
		});
		// Award tiers may be set any time.
		await setAwards(
			db,
			admin,
			id,
			{
				awards: [
					{ name: '一等奖', by: 'rank', value: 1 },
					{ name: '优秀奖', by: 'share', value: 0.5 }
				]
			},
			OPENS + HOUR
		);
		// The branch admin does not hold every group of it: not theirs to see.
		await expect(adminBoard(db, branchAdmin, id)).rejects.toMatchObject({ status: 404 });
	});

	it('serves each member their own paper without keys, the same every time', async () => {
		const { db } = get();
		const listing = await memberCompetitions(db, m['甲'] as MemberIdentity, OPENS - HOUR);
		expect(listing.competitions).toMatchObject([
			{ id, status: 'upcoming', triesUsed: 0, released: false }
		]);
		const first = await memberPaper(db, registry, m['甲'] as MemberIdentity, id, OPENS - HOUR);
		const again = await memberPaper(db, registry, m['甲'] as MemberIdentity, id, OPENS + HOUR);
		expect(again.questions).toEqual(first.questions);
		expect(again.servedAt).toBe(OPENS - HOUR);
		expect(first.questions).toHaveLength(6);
		const text = JSON.stringify(first);
		for (const leak of ['"answer"', '"explanation"', '"source"', '解析', '出处'])
			expect(text).not.toContain(leak);
		const other = await memberPaper(db, registry, m['乙'] as MemberIdentity, id, OPENS - HOUR);
		expect(other.questions.map((q) => q.id)).not.toEqual(first.questions.map((q) => q.id));
		expect(paperSeed(id, 'x')).toContain(id);
	});

	it('window edges, tries, identical payloads and forged times', async () => {
		const { db } = get();
		const paper = await memberPaper(db, registry, m['甲'] as MemberIdentity, id, OPENS - HOUR);
		// Started before the window opened.
		expect(await send('甲', [perfect(paper, OPENS - 60_000)], OPENS + HOUR)).toMatchObject([
			{ status: 'rejected', reason: '竞赛尚未开始，不能交卷' }
		]);
		// Exactly at the opening: counts; a resend is a duplicate; before release the sync answer and
		// the result say nothing of the score.
		const good = perfect(paper, OPENS);
		expect(await send('甲', [good], OPENS + HOUR)).toEqual([{ id: good.id, status: 'accepted' }]);
		expect(await send('甲', [good], OPENS + 2 * HOUR)).toEqual([
			{ id: good.id, status: 'duplicate' }
		]);
		const hidden = await memberResult(
			db,
			registry,
			m['甲'] as MemberIdentity,
			id,
			OPENS + 2 * HOUR
		);
		expect(hidden).toMatchObject({ released: false, rank: null, answers: null, questions: null });
		expect(hidden.submissions).toMatchObject([{ id: good.id, score: null }]);
		expect(JSON.stringify(hidden)).not.toMatch(/"answer"|explanation/);
		await expect(
			memberBoard(db, m['甲'] as MemberIdentity, id, OPENS + 2 * HOUR)
		).rejects.toMatchObject({
			status: 409,
			code: 'not_released'
		});
		// The same answers and times under a new id.
		expect(
			await send(
				'甲',
				[{ ...good, id: uuidv7(OPENS + 5, crypto.getRandomValues(new Uint8Array(10))) }],
				OPENS + 3 * HOUR
			)
		).toMatchObject([{ status: 'rejected', reason: '这份答卷与已提交的答卷完全相同' }]);
		// Every answer at 1 ms: stored, scored nothing, and told why.
		const scripted = perfect(paper, OPENS + 4 * HOUR, 1);
		expect(await send('甲', [scripted], OPENS + 5 * HOUR)).toEqual([
			{ id: scripted.id, status: 'accepted', reason: '6 题作答快于读题所需时间，不计分' }
		]);
		// Two tries used.
		expect(await send('甲', [perfect(paper, OPENS + 6 * HOUR)], OPENS + 7 * HOUR)).toMatchObject([
			{ status: 'rejected', reason: '已用完 2 次答题机会' }
		]);
		// The paper was never fetched by 戊.
		const forB = { ...perfect(paper, OPENS + HOUR, 6000) };
		expect(await send('戊', [forB], OPENS + 2 * HOUR)).toMatchObject([
			{ status: 'rejected', reason: '服务器还没有发出这份试卷' }
		]);
		// A finish before its start, and elapsedMs 1e308: refused by the schema, the field named.
		const bad = perfect(paper, OPENS + HOUR, 6000);
		const [reversed, huge] = await send(
			'乙',
			[
				{ ...bad, finishedAt: bad.startedAt - 1 },
				{ ...bad, answers: bad.answers.map((a) => ({ ...a, elapsedMs: 1e308 })) }
			],
			OPENS + 2 * HOUR
		);
		expect(reversed).toMatchObject({ status: 'rejected' });
		expect(huge).toMatchObject({
			status: 'rejected',
			reason: expect.stringContaining('elapsedMs')
		});
		// Questions from someone else's paper.
		const pb = await memberPaper(db, registry, m['乙'] as MemberIdentity, id, OPENS + HOUR);
		const stolen = perfect(paper, OPENS + 2 * HOUR, 6000);
		const ownIds = new Set(pb.questions.map((q) => q.id));
		const foreign = stolen.answers.find((a) => !ownIds.has(a.questionId));
		expect(await send('乙', [stolen], OPENS + 3 * HOUR)).toMatchObject([
			{ status: 'rejected', reason: `题目 ${foreign?.questionId} 不在您的试卷中` }
		]);
		// A start claimed long before the server served the paper (clock or forgery).
		expect(
			await send('乙', [perfect(pb, OPENS + HOUR - 11 * 60_000 - HOUR)], OPENS + 3 * HOUR)
		).toMatchObject([{ status: 'rejected' }]);
	});

	it('late uploads: started inside the window count within the grace, not after', async () => {
		const { db } = get();
		for (const who of ['乙', '丙', '丁', '晚', '戊', '王小红']) {
			await memberPaper(db, registry, m[who] as MemberIdentity, id, OPENS + HOUR);
		}
		const late = async (who: string, ms: number) =>
			perfect(
				await memberPaper(db, registry, m[who] as MemberIdentity, id, OPENS + HOUR),
				CLOSES - 60 * 60_000,
				ms
			);
		expect(await send('乙', [await late('乙', 4000)], CLOSES + GRACE)).toMatchObject([
			{ status: 'accepted' }
		]);
		expect(await send('晚', [await late('晚', 4000)], CLOSES + GRACE + 1)).toMatchObject([
			{ status: 'rejected', reason: '竞赛已结束，补交期也已过' }
		]);
		const afterClose = perfect(
			await memberPaper(db, registry, m['丙'] as MemberIdentity, id, OPENS + HOUR),
			CLOSES + 1000,
			4000
		);
		expect(await send('丙', [afterClose], CLOSES + 2 * HOUR)).toMatchObject([
			{ status: 'rejected', reason: '开始答题时间不在竞赛时间内' }
		]);
		expect(await send('丙', [await late('丙', 8000)], CLOSES)).toMatchObject([
			{ status: 'accepted' }
		]);
		expect(await send('丁', [await late('丁', 8000)], CLOSES)).toMatchObject([
			{ status: 'accepted' }
		]);
		expect(await send('戊', [await late('戊', 3000)], CLOSES)).toMatchObject([
			{ status: 'accepted' }
		]);
		expect(await send('王小红', [await late('王小红', 3000)], CLOSES)).toMatchObject([
			{ status: 'accepted' }
		]);
		// The paper can no longer be fetched once the window closed.
		await expect(
			memberPaper(db, registry, m['晚'] as MemberIdentity, id, CLOSES + 1)
		).rejects.toMatchObject({
			code: 'window_closed'
		});
	});

	it('after the window and grace: results, keys, boards (no pupils ranked), analysis, certificates', async () => {
		const { db } = get();
		const during = CLOSES + GRACE - 1;
		await expect(itemAnalysis(db, registry, admin, id, during)).rejects.toMatchObject({
			code: 'not_closed'
		});
		const before = await memberResult(db, registry, m['甲'] as MemberIdentity, id, during);
		expect(before.released).toBe(false);
		const hiddenCertificate = before.certificate;
		const after = CLOSES + GRACE + 1;
		const r = await memberResult(db, registry, m['甲'] as MemberIdentity, id, after);
		// 甲's best of two tries: the perfect one at 5 s an answer.
		expect(r).toMatchObject({ released: true, rank: 3, entrants: 5, award: '优秀奖' });
		// Their own certificate, for the device to keep and draw offline.
		expect(r.certificate).toEqual({
			orgName: '金河镇',
			title: '七一党史知识竞赛',
			date: '2026-07-03',
			displayName: '甲',
			groupName: '机关支部',
			groupKind: 'branch',
			award: '优秀奖'
		});
		expect(hiddenCertificate).toBeNull();
		const pupilResult = await memberResult(db, registry, m['王小红'] as MemberIdentity, id, after);
		expect(pupilResult.certificate).toMatchObject({ groupKind: 'class', award: null });
		expect(r.submissions.map((s) => [s.score, s.counts])).toEqual([
			[6, true],
			[0, false]
		]);
		expect(r.questions?.[0]).toHaveProperty('explanation');
		expect(r.answers?.every((a) => a.verdict === 'correct')).toBe(true);
		// Ranking: 6 points each; least time first: 戊 (3 s × 6), 乙 (4 s), 甲 (5 s), then 丙 and 丁
		// tied at 8 s and received together.
		const board = await adminBoard(db, admin, id, after);
		expect(board.top.map((e) => [e.displayName, e.rank, e.score])).toEqual([
			['戊', 1, 6],
			['乙', 2, 6],
			['甲', 3, 6],
			[expect.any(String), 4, 6],
			[expect.any(String), 4, 6]
		]);
		expect(board.top.map((e) => e.displayName)).not.toContain('王小红');
		expect(board.groups.map((gr) => [gr.groupName, gr.rank, gr.participants, gr.members])).toEqual([
			['农业支部', 1, 1, 1],
			['机关支部', 2, 4, 5],
			['三年级一班', null, 1, 1]
		]);
		const pupil = await memberBoard(db, m['王小红'] as MemberIdentity, id, after);
		expect(pupil).toMatchObject({ top: [], you: null });
		expect(JSON.stringify(pupil)).not.toMatch(/甲|乙|戊/);
		const mine = await memberBoard(db, m['乙'] as MemberIdentity, id, after);
		expect(mine.you).toMatchObject({ rank: 2, displayName: '乙' });
		const analysis = await itemAnalysis(db, registry, admin, id, after);
		expect(analysis.entrants).toBe(6);
		expect(analysis.items.length).toBeGreaterThan(0);
		const certs = await certificates(db, admin, id);
		expect(certs.awards.map((a) => [a.displayName, a.award])).toEqual([
			['戊', '一等奖'],
			['乙', '优秀奖'],
			['甲', '优秀奖']
		]);
		expect(certs.participants).toHaveLength(6);
		expect(certs).toMatchObject({ orgName: '金河镇', date: '2026-07-03' });
		// A member's own result comes from a rank query, not the board; both agree for everyone.
		const awards = new Map(certs.awards.map((a) => [a.displayName, a.award]));
		for (const e of board.top) {
			const own = await memberResult(db, registry, m[e.displayName] as MemberIdentity, id, after);
			expect([e.displayName, own.rank, own.entrants, own.award]).toEqual([
				e.displayName,
				e.rank,
				board.top.length,
				awards.get(e.displayName) ?? null
			]);
		}
		expect(pupilResult).toMatchObject({ rank: null, entrants: 5, award: null });
	});

	it('exports 成绩表 to Excel: names and answers as text, ✓/✗ per question', async () => {
		const { db } = get();
		await db
			.updateTable('member')
			.set({ display_name: '=1+1' })
			.where('id', '=', m['丁']?.memberId ?? '')
			.execute();
		const file = await exportCompetition(db, registry, admin, id);
		expect(file.fileName).toBe('七一党史知识竞赛-成绩.xlsx');
		const { default: ExcelJS } = await import('exceljs');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(file.body.buffer);
		const sheet = book.getWorksheet('成绩');
		expect(sheet?.getRow(2).values).toEqual([
			undefined,
			'名次',
			'姓名',
			'支部',
			'得分',
			'用时（秒）',
			'交卷时间',
			'第1题',
			'第2题',
			'第3题',
			'第4题',
			'第5题',
			'第6题'
		]);
		const first = sheet?.getRow(3);
		expect(first?.getCell(1).value).toBe(1);
		expect(first?.getCell(2).value).toBe('戊');
		expect(first?.getCell(5).value).toBe(18);
		expect(String(first?.getCell(7).value)).toMatch(/^s-\d+ A ✓$/);
		const names = [4, 5, 6, 7, 8].map((row) => sheet?.getRow(row).getCell(2));
		const formula = names.find((c) => c?.value === '=1+1');
		expect(formula?.type).toBe(ExcelJS.ValueType.String);
		// The pupil is listed without a rank.
		expect(sheet?.getRow(8).getCell(1).value ?? null).toBeNull();
		expect(sheet?.getRow(8).getCell(2).value).toBe('王小红');
	});
});

describeEachDatabase('competition tries under simultaneous uploads', (get) => {
	it('never stores more tries than allowed, however many uploads arrive at once', async () => {
		const { db } = get();
		const registry = await contestRegistry();
		const admin = await orgAdmin(db);
		const branch = await createGroup(db, admin, { kind: 'branch', name: '机关支部' });
		const member = await joinWithName(db, branch.joinCode, '甲');
		const created = await createCompetition(
			db,
			registry,
			admin,
			{
				title: '同时交卷',
				groupIds: [branch.id],
				bankId: BANK.id,
				bankVersion: '1.0.0',
				paper: { kind: 'draw', parts: [{ type: 'judge', count: 3 }] },
				opensAt: OPENS,
				closesAt: CLOSES,
				graceMs: GRACE,
				timeLimit: null,
				tries: 2,
				tryRule: 'best',
				release: 'after-window',
				awards: []
			},
			OPENS - 2 * HOUR
		);
		await publishCompetition(db, registry, admin, created.id, OPENS - 2 * HOUR);
		const paper = await memberPaper(db, registry, member, created.id, OPENS - HOUR);
		// Eight different hand-ins of the same member (say two phones, each retrying), each its own
		// request, all in flight together.
		const uploads = Array.from({ length: 8 }, (_, i) => perfect(paper, OPENS + i * 60_000, 5000));
		const results = await Promise.all(
			uploads.map((u) =>
				syncBatch(
					db,
					registry,
					member,
					{ records: [{ kind: 'competition', payload: u }] },
					OPENS + HOUR
				).then((r) => r.results[0])
			)
		);
		expect(results.filter((r) => r?.status === 'accepted')).toHaveLength(2);
		expect(results.filter((r) => r?.status === 'rejected').map((r) => r?.reason)).toEqual(
			Array(6).fill('已用完 2 次答题机会')
		);
		const stored = await db
			.selectFrom('competition_entry')
			.select('try_no')
			.where('competition_id', '=', created.id)
			.orderBy('try_no')
			.execute();
		expect(stored.map((s) => Number(s.try_no))).toEqual([1, 2]);
		const listing = await memberCompetitions(db, member, OPENS + HOUR);
		expect(listing.competitions[0]?.triesUsed).toBe(2);
	});
});
