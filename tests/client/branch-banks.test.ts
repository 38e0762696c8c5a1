import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { questionsOf } from '../../src/lib/client/attempt-store';
import { updateBranchBanks } from '../../src/lib/client/branch-banks';
import { dailyQuizPlan } from '../../src/lib/client/daily-menu';
import type { MemberRow, PocketDb } from '../../src/lib/client/db';
import { login } from '../../src/lib/server/accounts';
import { handleApi } from '../../src/lib/server/api-error';
import {
	branchBundle,
	memberBankIndex,
	publishBranchBank,
	saveBranchItem,
	uploadToBranchBank
} from '../../src/lib/server/branch-banks';
import { openSqliteDatabase, type Db } from '../../src/lib/server/database';
import { createGroup } from '../../src/lib/server/groups';
import { joinWithName, memberFromToken } from '../../src/lib/server/members';
import { orgAdmin } from '../server/fixtures';
import { freshDb } from './helpers';

const EXPLAINED = '1921年7月，中国共产党第一次全国代表大会在上海召开，后转移到嘉兴南湖。';
const CSV = [
	'题型,题目,选项A,选项B,选项C,选项D,答案,解析,出处',
	`单选,中国共产党第一次全国代表大会在哪一年召开？,1919年,1921年,1927年,1949年,B,${EXPLAINED},《简史》`,
	`判断,中共一大最后一天的会议转移到嘉兴南湖的红船上举行。,,,,,对,${EXPLAINED},《简史》`,
	'判断,支部每月开展一次主题党日活动。,,,,,对,,'
].join('\n');

/** The routes' logic behind a fetch the device code can use, with a fault switch for bundles. */
function serve(db: Db, fault: { corrupt: boolean }) {
	const requests: string[] = [];
	const fetch: typeof globalThis.fetch = async (input, init) => {
		const request = new Request(new URL(String(input), 'http://device.test'), init);
		const path = new URL(request.url).pathname;
		requests.push(path);
		return handleApi(async () => {
			const member = await memberFromToken(db, request.headers.get('authorization'));
			if (path === '/api/branch-banks/index.json') return json(await memberBankIndex(db, member));
			const m = /^\/api\/branch-banks\/bundles\/([^/]+)\/(\d+\.\d+\.\d+)\.json$/.exec(path);
			if (m) {
				const body = await branchBundle(db, { member }, m[1] ?? '', m[2] ?? '');
				return new Response(fault.corrupt ? body.replace('1921', '1922') : body);
			}
			return new Response('not found', { status: 404 });
		});
	};
	return { fetch, requests };
}

describe('branch banks on the device', () => {
	let db: Db;
	let bankId: string;
	let mine: MemberRow;
	let theirs: MemberRow;
	const fault = { corrupt: false };

	const row = (joined: Awaited<ReturnType<typeof joinWithName>>): MemberRow => ({
		id: joined.memberId,
		displayName: joined.displayName,
		groupId: joined.groupId,
		groupName: joined.groupName,
		groupKind: joined.groupKind,
		token: joined.token,
		needsRejoin: false,
		joinedAt: 0
	});

	beforeAll(async () => {
		db = (await openSqliteDatabase(join(mkdtempSync(join(tmpdir(), 'pocket-branch-')), 's.db'))).db;
		const admin = await orgAdmin(db);
		const branch = await createGroup(db, admin, { kind: 'branch', name: '红旗支部' });
		const other = await createGroup(db, admin, { kind: 'branch', name: '东风支部' });
		const uploaded = await uploadToBranchBank(
			db,
			admin,
			{
				groupId: branch.id,
				title: '红旗支部题库',
				fileName: 'q.csv',
				partial: false,
				bytes: new TextEncoder().encode(CSV)
			},
			1
		);
		bankId = uploaded.bank?.id ?? '';
		await publishBranchBank(db, admin, bankId, 2);
		mine = row(await joinWithName(db, branch.joinCode, '张党员'));
		theirs = row(await joinWithName(db, other.joinCode, '王党员'));
	});

	const device = async (...members: MemberRow[]): Promise<PocketDb> => {
		const pocket = freshDb();
		await pocket.members.bulkPut(members);
		return pocket;
	};
	const deps = (pocket: PocketDb, fetch: typeof globalThis.fetch) => ({
		db: pocket,
		fetch,
		now: () => 1_700_000_000_000
	});

	it('a device with no joined member asks nothing', async () => {
		const site = serve(db, fault);
		expect(await updateBranchBanks(deps(await device(), site.fetch))).toBeNull();
		expect(site.requests).toEqual([]);
	});

	it('a corrupt download installs nothing; the next check installs the published version, drafts left out', async () => {
		const pocket = await device(mine);
		fault.corrupt = true;
		const failed = await updateBranchBanks(deps(pocket, serve(db, fault).fetch));
		expect(failed?.failed.map((f) => [f.bankId, f.error.reason])).toEqual([[bankId, 'corrupt']]);
		expect(await pocket.banks.get(bankId)).toBeUndefined();
		fault.corrupt = false;

		const ok = await updateBranchBanks(deps(pocket, serve(db, fault).fetch));
		expect(ok?.installed.map((i) => [i.bankId, i.version])).toEqual([[bankId, '1.0.0']]);
		expect((await pocket.banks.get(bankId))?.title).toBe('红旗支部题库');
		const manifest = await pocket.manifests.get([bankId, '1.0.0']);
		expect(Object.keys(manifest?.questions ?? {})).toHaveLength(2);
		// Practice only: the day's 云学 is drawn from the town's banks, none installed here.
		expect(await dailyQuizPlan(pocket, mine, false)).toBeNull();
	});

	it('a new published version replaces the old one on the next check', async () => {
		const pocket = await device(mine);
		const site = serve(db, fault);
		await updateBranchBanks(deps(pocket, site.fetch));
		// The secretary fills in the draft and publishes: 1.1.0 with three questions.
		const admin = (await login(db, 'admin', 'long-enough-1')).admin;
		const draft = (await db
			.selectFrom('branch_bank_item')
			.select(['id', 'question'])
			.where('bank_id', '=', bankId)
			.where('draft', 'is not', null)
			.executeTakeFirstOrThrow()) as { id: string; question: string };
		await saveBranchItem(
			db,
			admin,
			bankId,
			draft.id,
			{
				...JSON.parse(draft.question),
				explanation: '主题党日每月固定一天，组织党员学习。',
				source: '支部工作条例'
			},
			3
		);
		expect((await publishBranchBank(db, admin, bankId, 4)).version).toBe('1.1.0');
		const result = await updateBranchBanks(deps(pocket, site.fetch));
		expect(result?.installed.map((i) => [i.version, i.previous])).toEqual([['1.1.0', '1.0.0']]);
		expect((await pocket.banks.get(bankId))?.activeVersion).toBe('1.1.0');
		const played = await questionsOf(pocket, bankId, '1.1.0', [draft.id]);
		expect(played[0]?.source).toBe('支部工作条例');
	});

	it('another branch’s member gets nothing; a profile that must re-join is not asked for', async () => {
		const site = serve(db, fault);
		const pocket = await device(theirs, { ...mine, needsRejoin: true });
		const result = await updateBranchBanks(deps(pocket, site.fetch));
		expect(result).toEqual({ installed: [], failed: [], upToDate: [], removed: [] });
		expect(await pocket.banks.get(bankId)).toBeUndefined();
		expect(site.requests).toEqual(['/api/branch-banks/index.json']);
	});
});
