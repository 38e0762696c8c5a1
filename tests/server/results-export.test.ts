import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import type { CheckinUpload } from '../../src/lib/core/sync/checkin';
import { createGroupAdmin, login, type AdminIdentity } from '../../src/lib/server/accounts';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import { ingestCheckins } from '../../src/lib/server/checkins';
import { createGroup } from '../../src/lib/server/groups';
import { joinWithName, type MemberIdentity } from '../../src/lib/server/members';
import { exportGroupResults } from '../../src/lib/server/results-export';
import { syncBatch } from '../../src/lib/server/sync';
import { meta } from '../fixtures/questions';
import { stageRecord } from '../fixtures/stage';
import { demoRegistry, orgAdmin, upload } from './fixtures';
import { describeEachDatabase } from './harness';

const at = (iso: string) => Date.parse(iso);
// The server's clock for the whole suite: 29 November, 10:00 in 金河镇.
const NOW = at('2026-11-29T10:00:00+08:00');
const TITLES = new Map([[meta.id, '演示题库']]);

async function readBook(body: Uint8Array) {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(body.buffer as ArrayBuffer);
	const rows = (name: string) => {
		const sheet = book.getWorksheet(name);
		if (!sheet) throw new Error(`no sheet ${name}`);
		const out: unknown[][] = [];
		sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
		return out;
	};
	return { names: book.worksheets.map((s) => s.name), rows };
}

describeEachDatabase('results export (Excel)', (get) => {
	let registry: BankRegistry;
	let org: AdminIdentity;
	let secretary: AdminIdentity;
	const branch = { id: '', joinCode: '' };
	const other = { id: '', joinCode: '' };
	const people: Record<string, MemberIdentity> = {};

	async function play(who: string, finished: string, overrides = {}, received = finished) {
		const u = upload({ finishedAt: at(finished), startedAt: at(finished) - 90_000, ...overrides });
		const r = await syncBatch(get().db, registry, people[who]!, { items: [u] }, at(received));
		expect(r.results[0]?.status).toBe('accepted');
	}

	// A branch whose members play and check in, and one who does nothing; another branch with its
	// own secretary.
	beforeAll(async () => {
		const { db } = get();
		registry = await demoRegistry();
		org = await orgAdmin(db);
		Object.assign(branch, await createGroup(db, org, { kind: 'branch', name: '金河村第一支部' }));
		Object.assign(other, await createGroup(db, org, { kind: 'branch', name: '机关支部' }));
		await createGroupAdmin(db, org, {
			username: 'secretary',
			password: 'secretary-pass',
			groupIds: [other.id]
		});
		secretary = (await login(db, 'secretary', 'secretary-pass')).admin;
		for (const name of ['王芳', '李强', '张伟', '赵敏']) {
			people[name] = await joinWithName(db, branch.joinCode, name);
			await db
				.updateTable('member')
				.set({ created_at: at('2026-10-01T09:00:00+08:00') })
				.where('id', '=', people[name]!.memberId)
				.execute();
		}
		await play('王芳', '2026-11-20T20:15:00+08:00');
		await play('王芳', '2026-11-28T21:00:00+08:00', { mode: 'timed' });
		// 01:30 on 1 November is still 31 October's study day: outside a November export.
		await play('王芳', '2026-11-01T01:30:00+08:00');
		await play('张伟', '2026-10-15T09:00:00+08:00');
		// Played offline on 31 October, uploaded on 3 November: it belongs to October.
		await play('张伟', '2026-10-31T20:00:00+08:00', {}, '2026-11-03T09:00:00+08:00');
		// A phone whose clock ran days ahead: dated when the server received it.
		await play('张伟', '2026-12-24T09:00:00+08:00', {}, '2026-11-27T12:00:00+08:00');
		const yue = (day: string): CheckinUpload => ({
			day,
			kind: 'yue',
			at: at(`${day}T12:00:00+08:00`)
		});
		await ingestCheckins(db, people['李强']!, [yue('2026-11-25'), yue('2026-11-26')], NOW);
	});

	it('writes a workbook with the participants by name and every attempt, in Chinese', async () => {
		const file = await exportGroupResults(
			get().db,
			org,
			branch.id,
			{ from: null, to: null },
			TITLES,
			NOW
		);
		expect(file.fileName).toBe('金河村第一支部-成绩-2026-11-01至2026-11-29.xlsx');
		expect(file).toMatchObject({ participants: 3, attempts: 3 });
		const book = await readBook(file.body);
		expect(book.names).toEqual(['参与情况', '答题明细', '现场赛']);

		const people = book.rows('参与情况');
		expect(people[0]).toEqual(['金河村第一支部 · 成绩与参与 · 2026-11-01 至 2026-11-29']);
		expect(String(people[1]?.[0])).toContain('参与 3 人（共 4 名成员）');
		expect(people[2]?.slice(0, 5)).toEqual(['姓名', '答题次数', '答题数', '答对数', '正确率']);
		// Sorted by name (李 lǐ, 王 wáng, 张 zhāng); 赵敏 did nothing and is not named anywhere.
		expect(people.slice(3).map((r) => r[0])).toEqual(['李强', '王芳', '张伟']);
		expect(JSON.stringify([people, book.rows('答题明细')])).not.toContain('赵敏');
		const wang = people[4] ?? [];
		expect(wang.slice(1, 4)).toEqual([2, 4, 4]);
		expect(wang[4]).toBe(1);
		// The last attempt at 21:00 in 金河镇, whatever zone this machine is in.
		expect((wang[10] as Date).toISOString()).toBe('2026-11-28T21:00:00.000Z');
		expect(people[3]?.[8]).toBe(2); // 李强: two 悦读 days

		const detail = book.rows('答题明细');
		expect(detail[0]).toEqual([
			'姓名',
			'题库',
			'版本',
			'玩法',
			'答对',
			'题数',
			'得分',
			'用时（秒）',
			'完成时间',
			'上传时间'
		]);
		expect(detail.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
			['王芳', '演示题库', '练习'],
			['张伟', '演示题库', '练习'],
			['王芳', '演示题库', '限时赛']
		]);
		expect((detail[2]?.[8] as Date).toISOString()).toBe('2026-11-27T12:00:00.000Z');
		// 答对, 题数, 得分 (server-scored points), 用时 in whole seconds: numbers on both databases.
		expect(detail[1]?.slice(4, 8)).toEqual([2, 2, 2000, 7]);
	});

	it('lists the stage and classroom contests played in the range, a row per team, by rank', async () => {
		const { db } = get();
		const contest = (finished: string, title: string) => {
			const record = stageRecord({ title, finishedAt: at(finished) });
			return { kind: 'stage', payload: JSON.parse(JSON.stringify(record)) as unknown };
		};
		const r = await syncBatch(
			db,
			registry,
			people['李强']!,
			{
				records: [
					contest('2026-11-26T15:00:00+08:00', '=HYPERLINK("x")'),
					// Played on 31 October's study day: not in a November export.
					contest('2026-11-01T02:00:00+08:00', '十月的小组赛')
				]
			},
			NOW
		);
		expect(r.results.map((x) => x.status)).toEqual(['accepted', 'accepted']);
		const file = await exportGroupResults(
			db,
			org,
			branch.id,
			{ from: null, to: null },
			TITLES,
			NOW
		);
		expect(file.stageContests).toBe(1);
		const rows = (await readBook(file.body)).rows('现场赛');
		expect(rows[0]).toEqual([
			'结束时间',
			'比赛名称',
			'类型',
			'题数',
			'队伍',
			'名次',
			'得分',
			'答对',
			'答错',
			'犯规',
			'评委调整'
		]);
		// The fixture's 小组赛: group one right (+10) then adjusted −5, group two wrong. A title that
		// looks like a formula is a text cell (a formula would read back as { formula }).
		expect(rows.slice(1).map((row) => row.slice(1))).toEqual([
			['=HYPERLINK("x")', '小组赛', 3, '第一组', 1, 5, 1, 0, 0, -5],
			['=HYPERLINK("x")', '小组赛', 3, '第二组', 2, 0, 0, 1, 0, 0]
		]);
		expect((rows[1]?.[0] as Date).toISOString()).toBe('2026-11-26T15:00:00.000Z');
		// The other branch's export holds none of them.
		const theirs = await exportGroupResults(
			db,
			org,
			other.id,
			{ from: null, to: null },
			TITLES,
			NOW
		);
		expect(theirs.stageContests).toBe(0);
	});

	it('takes a chosen range, and says in words what is wrong with a bad one', async () => {
		const { db } = get();
		const october = await exportGroupResults(
			db,
			org,
			branch.id,
			{ from: '2026-10-01', to: '2026-10-31' },
			TITLES,
			NOW
		);
		expect(october).toMatchObject({ participants: 2, attempts: 3 });
		for (const [from, to, message] of [
			['2026-11-10', '2026-11-01', '开始日期不能晚于结束日期'],
			['2026-11-01', '2026-12-31', '结束日期不能晚于今天'],
			['11/01/2026', '2026-11-29', '开始日期「11/01/2026」不是有效日期']
		] as const) {
			await expect(
				exportGroupResults(db, org, branch.id, { from, to }, TITLES, NOW)
			).rejects.toMatchObject({ status: 422, message });
		}
	});

	it("is the group's admins' only: another branch's secretary gets a 404", async () => {
		const { db } = get();
		const query = { from: null, to: null };
		await expect(
			exportGroupResults(db, secretary, branch.id, query, TITLES, NOW)
		).rejects.toMatchObject({ status: 404 });
		const own = await exportGroupResults(db, secretary, other.id, query, TITLES, NOW);
		expect(own).toMatchObject({ participants: 0, attempts: 0 });
		const book = await readBook(own.body);
		expect(String(book.rows('参与情况')[1]?.[0])).toContain('参与 0 人（共 0 名成员）');
	});
});
