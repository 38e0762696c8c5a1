import { expect, test } from '@playwright/test';
import {
	adminLogin,
	createBranch,
	playToResult,
	seriousViolations,
	setOffline,
	waitForServiceWorker
} from './helpers';

const EXPLAINED = '1921年7月，中国共产党第一次全国代表大会在上海召开，后转移到嘉兴南湖。';
/** Two ready questions and one without 解析 and 出处 (a draft). */
const CSV = [
	'题型,题目,选项A,选项B,选项C,选项D,答案,解析,出处',
	`单选,中国共产党第一次全国代表大会在哪一年召开？,1919年,1921年,1927年,1949年,B,${EXPLAINED},《中国共产党简史》`,
	`判断,中共一大最后一天的会议转移到嘉兴南湖的红船上举行。,,,,,对,${EXPLAINED},《中国共产党简史》`,
	'单选,红旗支部冬训第一课学习的是哪一项内容？,党章,党史,新思想,乡村振兴,B,,'
].join('\r\n');

test('a secretary uploads a CSV, fills in its draft and publishes; a member installs the branch bank and practises it offline', async ({
	page,
	browser
}) => {
	await adminLogin(page);
	const name = `红旗支部${test.info().repeatEachIndex + 1}`;
	const branch = await createBranch(page, name);
	await page.reload();
	await page.getByRole('link', { name: `支部 · ${name}`, exact: true }).click();
	await page.getByRole('link', { name: '导入和发布支部题库' }).click();
	await expect(page.getByRole('heading', { name: '支部题库', level: 1 })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	// Files the page cannot take are refused in one Chinese line, and nothing is made.
	await page.getByLabel('新题库名称').fill('红旗支部应知应会');
	const file = page.getByLabel(/^题目文件/);
	await file.setInputFiles({
		name: '通知.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from('%PDF-1.4')
	});
	await page.getByRole('button', { name: '上传并检查' }).click();
	await expect(page.getByRole('alert')).toContainText('不认识的文件类型 ".pdf"');
	await file.setInputFiles({
		name: '太大.csv',
		mimeType: 'text/csv',
		buffer: Buffer.alloc(4 * 1024 * 1024 + 1, 0x61)
	});
	await page.getByRole('button', { name: '上传并检查' }).click();
	await expect(page.getByRole('alert')).toContainText('一次最多上传 4 MB');

	// A new bank from the file: one draft comes in, listed in the row report.
	await file.setInputFiles({
		name: '支部题目.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(CSV, 'utf8')
	});
	await page.getByRole('button', { name: '上传并检查' }).click();
	await expect(page.getByRole('status').filter({ hasText: '已导入 3 道题' })).toContainText(
		'其中 1 道是草稿'
	);
	const report = page.getByRole('region', { name: '导入报告' });
	const draftRow = report.getByRole('row').filter({ hasText: '第 4 行' });
	await expect(draftRow).toContainText('✎ 草稿');
	await expect(draftRow).toContainText('待补解析和出处');
	await expect(report).toContainText('另有 2 道题检查无误，已导入');
	// At 360 px the table's rows are cards: nothing runs off the side of the page.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	expect(await seriousViolations(page)).toEqual([]);

	// Fill in the draft: a short 解析 is refused by the same schema as bundles, in Chinese.
	const drafts = page.getByRole('region', { name: /^待补草稿/ });
	await expect(drafts.getByRole('heading', { name: /待补解析和出处/ })).toBeVisible();
	await drafts.getByLabel(/^解析/).fill('太短');
	await drafts.getByRole('button', { name: '保存' }).click();
	await expect(drafts).toContainText('解析：至少要 10 个字');
	await expect(drafts).toContainText('出处：');
	await drafts.getByRole('radio', { name: 'A' }).check();
	await drafts.getByLabel(/^解析/).fill('红旗支部冬训第一课学习党章，党章是党的根本大法。');
	await drafts.getByLabel('出处', { exact: true }).fill('红旗支部冬训安排');
	await drafts.getByRole('button', { name: '保存' }).click();
	await expect(drafts).toContainText('没有草稿');
	await expect(page.getByRole('region', { name: '红旗支部应知应会' })).toContainText(
		'可发布 3 题 · 草稿 0 道'
	);

	// On a laptop the report is a real table with its column headers.
	await page.setViewportSize({ width: 1280, height: 800 });
	await expect(report.getByRole('columnheader', { name: '问题与提示' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await page.setViewportSize({ width: 360, height: 740 });

	await page.getByRole('button', { name: '发布给支部成员' }).click();
	await expect(page.getByRole('status').filter({ hasText: '已发布 v1.0.0' })).toContainText(
		'首次发布，共 3 题'
	);
	expect(await seriousViolations(page)).toEqual([]);

	// A member of the branch: opens the app, joins, and the branch bank installs with the town's.
	const context = await browser.newContext();
	const member = await context.newPage();
	await member.goto('/');
	await waitForServiceWorker(member);
	await member.goto(`/join/${branch.joinCode}`);
	await member.getByLabel('姓名').fill('张党员');
	await member.getByRole('button', { name: '加入', exact: true }).click();
	await expect(member.getByRole('heading', { name: `已加入「${name}」` })).toBeVisible();
	await member.goto('/study');
	await expect(member.getByRole('heading', { name: '红旗支部应知应会' })).toBeVisible();
	await expect(member.getByRole('heading', { name: '党史基础知识' })).toBeVisible();

	// Offline, the branch bank is played from the device.
	await setOffline(context, true);
	const bankId = `branch-${branch.id}-1`;
	await member.goto(`/practice/${bankId}`);
	await expect(member.getByText('题库 v1.0.0，共 3 题')).toBeVisible();
	await member.getByRole('button', { name: '全部 3 题' }).click();
	await expect(
		member.getByText(/中国共产党第一次全国代表大会|中共一大最后一天|红旗支部冬训第一课/).first()
	).toBeVisible();
	expect(await playToResult(member)).toBe(3);
	await expect(member.getByText('红旗支部冬训第一课学习的是哪一项内容？')).toBeVisible();
	await expect(member.getByRole('status').filter({ hasText: '1 条待上传' })).toBeVisible();

	// Back online, the result uploads and the server, re-scoring it on the branch bank, takes it.
	await setOffline(context, false);
	await expect
		.poll(() =>
			member.evaluate(async () => {
				const open = indexedDB.open('pocket-classroom');
				const db = await new Promise<IDBDatabase>((ok) => (open.onsuccess = () => ok(open.result)));
				const r = db.transaction('outbox').objectStore('outbox').getAll();
				const rows = await new Promise<{ status: string; payload: { bankId: string } }[]>(
					(ok) => (r.onsuccess = () => ok(r.result))
				);
				db.close();
				return rows.map((row) => `${row.payload.bankId} ${row.status}`);
			})
		)
		.toEqual([`${bankId} sent`]);
	await context.close();
});

test('another branch sees no branch bank: its member gets an empty index and a 404 for the bundle', async ({
	page,
	request
}) => {
	await adminLogin(page);
	const suffix = test.info().repeatEachIndex + 1;
	const owner = await createBranch(page, `东风支部${suffix}`);
	const other = await createBranch(page, `向阳支部${suffix}`);
	const uploaded = await page.request.post(
		`/api/admin/groups/${owner.id}/banks?name=q.csv&title=${encodeURIComponent('东风题库')}`,
		{
			data: Buffer.from(CSV.split('\r\n').slice(0, 3).join('\r\n')),
			headers: { 'content-type': 'application/octet-stream' }
		}
	);
	expect(uploaded.status()).toBe(201);
	const bankId = `branch-${owner.id}-1`;
	expect((await page.request.post(`/api/admin/branch-banks/${bankId}/publish`)).status()).toBe(200);

	const join = async (code: string) => {
		const r = await request.post('/api/join', { data: { code, displayName: '路过的人' } });
		return ((await r.json()) as { token: string }).token;
	};
	const outsider = await join(other.joinCode);
	const auth = { authorization: `Bearer ${outsider}` };
	const index = await request.get('/api/branch-banks/index.json', { headers: auth });
	expect(await index.json()).toEqual({ format: 1, banks: [] });
	const bundle = await request.get(`/api/branch-banks/bundles/${bankId}/1.0.0.json`, {
		headers: auth
	});
	expect(bundle.status()).toBe(404);
	const insider = await join(owner.joinCode);
	const own = await request.get(`/api/branch-banks/bundles/${bankId}/1.0.0.json`, {
		headers: { authorization: `Bearer ${insider}` }
	});
	expect(own.status()).toBe(200);
	// Without a token or a session: 401, nothing about the bank.
	expect((await request.get(`/api/branch-banks/bundles/${bankId}/1.0.0.json`)).status()).toBe(401);

	// A file that is not what it says is refused in one Chinese line.
	const bad = await page.request.post(
		`/api/admin/groups/${owner.id}/banks?name=q.xlsx&bank=${bankId}`,
		{
			data: Buffer.from(CSV),
			headers: { 'content-type': 'application/octet-stream' }
		}
	);
	expect(bad.status()).toBe(422);
	expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
		/不是 Excel 工作簿.*CSV/
	);
});
