import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { E2E_DATABASE } from '../../playwright.config';
import { adminLogin, createBranch, firstVisit, seriousViolations, setOffline } from './helpers';
import { outbox, waitForOutbox } from './sync-helpers';

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * Move a competition's window on the server. The server runs in its own process on the real
 * clock, which a test cannot pause; moving the window is how the test lets it open, close and
 * pass its grace period without waiting for real time.
 */
function moveWindow(id: string, opensAt: number, closesAt: number) {
	const db = new Database(E2E_DATABASE);
	try {
		db.prepare('update competition set opens_at = ?, closes_at = ? where id = ?').run(
			opensAt,
			closesAt,
			id
		);
	} finally {
		db.close();
	}
}

/** Every stored object of a table in the device's IndexedDB, as JSON text. */
function idbText(page: Page, table: string): Promise<string> {
	return page.evaluate((name) => {
		const open = indexedDB.open('pocket-classroom');
		return new Promise<string>((resolve) => {
			open.onsuccess = () => {
				const r = open.result.transaction(name).objectStore(name).getAll();
				r.onsuccess = () => resolve(JSON.stringify(r.result));
			};
		});
	}, table);
}

async function noHorizontalScroll(page: Page) {
	expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
		true
	);
}

test('a branch competition: created by the admin, taken offline, uploaded in the grace, ranked, certified and analysed', async ({
	browser,
	page: member,
	context: phone
}) => {
	test.setTimeout(180_000);
	// The admin on an office PC; the member on a 360 px phone (the suite's default context).
	const office = await browser.newContext({
		baseURL: test.info().project.use.baseURL,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		viewport: { width: 1280, height: 900 }
	});
	const admin = await office.newPage();
	await adminLogin(admin);
	const branch = await createBranch(admin, '竞赛测试支部');

	await admin.goto('/admin/competitions');
	await admin.getByRole('button', { name: '新建竞赛' }).click();
	await admin.getByLabel('竞赛名称').fill('七一党史知识竞赛');
	await admin.getByRole('checkbox', { name: '支部 · 竞赛测试支部' }).check();
	await expect(admin.getByLabel('版本（发布后固定）')).not.toHaveValue('');
	await admin.getByLabel('题数').nth(0).fill('2');
	await admin.getByLabel('题数').nth(1).fill('1');
	await admin.getByLabel('何时公布成绩、答案和解析').selectOption('after-submit');
	await expect(admin.getByText('每份试卷 3 题')).toBeVisible();
	expect(await seriousViolations(admin)).toEqual([]);
	await admin.getByRole('button', { name: '保存为草稿' }).click();
	await expect(admin.getByRole('heading', { name: '七一党史知识竞赛' })).toBeVisible();
	const competitionId = /\/admin\/competitions\/([^/]+)$/.exec(admin.url())?.[1] ?? '';
	expect(competitionId).not.toBe('');
	await admin.getByRole('button', { name: '发布竞赛' }).click();
	await expect(admin.getByText('已发布，试卷已冻结')).toBeVisible();
	await expect(admin.getByText('已发布 · 未开始')).toBeVisible();

	// A member's phone (360 px) joins and opens the app online before the window: the paper
	// downloads, without keys.
	await firstVisit(member);
	await member.goto(`/join/${branch.joinCode}`);
	await member.getByLabel('您的姓名').fill('赵红旗');
	await member.getByRole('button', { name: '加入', exact: true }).click();
	await expect(member.getByRole('heading', { name: '已加入「竞赛测试支部」' })).toBeVisible();
	await member.goto('/');
	const card = member.getByRole('region', { name: '知识竞赛' });
	await expect(card.getByText('七一党史知识竞赛')).toBeVisible();
	await expect(card.getByText(/后开始 · 3 题 · 试卷已下载/)).toBeVisible();
	const papers = await idbText(member, 'papers');
	expect(papers).toContain(competitionId);
	for (const secret of ['"answer"', '"explanation"', '"source"'])
		expect(papers).not.toContain(secret);
	await noHorizontalScroll(member);

	// The window opens (on the server's clock); the phone learns it while still online.
	const openedAt = Date.now() - MIN;
	moveWindow(competitionId, openedAt, Date.now() + 30 * MIN);
	// The phone's clock is Playwright's from here, so answer times are the test's to set. (Paused,
	// it would also hold the zero-delay timers Dexie's live queries run on.)
	await member.clock.install();
	await member.reload();
	await expect(card.getByText(/进行中，还剩/)).toBeVisible();

	// Offline, inside the window: take the paper on the one quiz screen.
	await setOffline(phone, true);
	await card.getByRole('link', { name: /七一党史知识竞赛/ }).click();
	await expect(member.getByText('✓ 试卷已下载到本机')).toBeVisible();
	expect(await seriousViolations(member)).toEqual([]);
	await member.getByRole('button', { name: '开始答题' }).click();
	for (let i = 1; i <= 3; i++) {
		await expect(member.getByText(new RegExp(`^第 ${i}/3 题`))).toBeVisible();
		// A member reads before answering (answers faster than reading earn nothing).
		await member.clock.runFor(4_000);
		await member.getByRole('group', { name: '选项' }).getByRole('button').first().click();
		const confirm = member.getByRole('button', { name: '确认', exact: true });
		if (await confirm.isVisible()) await confirm.click();
		await expect(member.getByText(/已作答：.+（已保存在本机）/)).toBeVisible();
		// No key on the device: never a right or wrong mark.
		await expect(member.getByText(/回答正确|回答错误|正确答案/)).toHaveCount(0);
		await member.getByRole('button', { name: i === 3 ? '交卷' : '下一题' }).click();
	}
	const handedIn = member.getByRole('region', { name: '已交卷' });
	await expect(handedIn).toBeVisible();
	await expect(handedIn.getByText('作答 3/3 题')).toBeVisible();
	await expect(handedIn.getByRole('status')).toHaveText(/答卷已保存在本机，联网后自动上传/);
	await handedIn.getByText('查看我的作答').click();
	await expect(handedIn.getByText(/我的答案：[A-F]\./).first()).toBeVisible();
	await expect(handedIn.getByText(/✓|✗/)).toHaveCount(0);
	expect((await outbox(member)).map((r) => r.status)).toEqual(['pending']);
	expect(await seriousViolations(member)).toEqual([]);
	await noHorizontalScroll(member);

	// The window closes; the phone comes back online inside the 24 h grace and uploads.
	moveWindow(competitionId, openedAt, Date.now() - 1_000);
	await setOffline(phone, false);
	await waitForOutbox(member, 'sent', 1);
	await expect(member.getByRole('heading', { name: '我的成绩' })).toBeVisible({ timeout: 20_000 });
	await expect(member.getByText(/第 1 名（共 1 人）/)).toBeVisible();
	await expect(member.getByRole('heading', { name: '答案与解析' })).toBeVisible();
	const board = member.getByRole('region', { name: '排行榜' });
	await expect(board.getByRole('cell', { name: '赵红旗' })).toBeVisible();
	await expect(board.getByRole('cell', { name: '竞赛测试支部' }).first()).toBeVisible();
	expect(await idbText(member, 'competitionBoards')).toContain('赵红旗');
	expect(await seriousViolations(member)).toEqual([]);
	await noHorizontalScroll(member);
	// The board stays readable offline.
	await setOffline(phone, true);
	await member.reload();
	await expect(
		member.getByRole('region', { name: '排行榜' }).getByRole('cell', { name: '赵红旗' })
	).toBeVisible();
	// Their own certificate (a 参与证明: no award tiers yet), drawn offline from what the device
	// kept with the result, saved as a PNG of A4 landscape at 150 dpi.
	const mine = member.getByRole('region', { name: '我的参与证明' });
	await mine.getByRole('button', { name: '生成参与证明图片' }).click();
	const picture = mine.getByRole('img', { name: /^参与证明：赵红旗，七一党史知识竞赛/ });
	await expect(picture).toBeVisible();
	await expect
		.poll(() => picture.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]))
		.toEqual([1754, 1240]);
	const [download] = await Promise.all([
		member.waitForEvent('download'),
		mine.getByRole('link', { name: '保存图片' }).click()
	]);
	expect(download.suggestedFilename()).toBe('七一党史知识竞赛-参与证明-赵红旗.png');
	const png = readFileSync((await download.path()) as string);
	// The PNG signature, then the IHDR chunk's width and height.
	expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
	expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1754, 1240]);
	expect(await seriousViolations(member)).toEqual([]);

	// The admin sees the entrant, sets awards, prints certificates at A4 landscape.
	await admin.reload();
	await expect(admin.getByRole('cell', { name: '赵红旗' })).toBeVisible();
	await expect(admin.getByRole('button', { name: '导出 Excel' })).toBeVisible();
	await admin.getByRole('button', { name: '保存奖项' }).click();
	await expect(admin.getByText('奖项已保存')).toBeVisible();
	await admin.getByRole('link', { name: '打印证书' }).click();
	const award = admin.getByRole('article', { name: '获奖证书 赵红旗' });
	await expect(award).toBeVisible();
	await expect(award.getByText('一等奖')).toBeVisible();
	await expect(award.getByText('七一党史知识竞赛', { exact: false })).toBeVisible();
	expect(await seriousViolations(admin)).toEqual([]);
	await admin.emulateMedia({ media: 'print' });
	const box = await award.boundingBox();
	// 297 × 210 mm at 96 px per inch.
	expect(box?.width).toBeCloseTo((297 / 25.4) * 96, 0);
	expect(box?.height).toBeCloseTo((210 / 25.4) * 96, 0);
	await expect(admin.getByRole('button', { name: '打印' })).toBeHidden();
	const pdf = await admin.pdf({ preferCSSPageSize: true, printBackground: true });
	expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
	await admin.emulateMedia({ media: 'screen' });
	await admin.getByRole('radio', { name: /参与证明/ }).check();
	await expect(admin.getByRole('article', { name: '参与证明 赵红旗' })).toBeVisible();

	// After the grace period: the item analysis.
	moveWindow(competitionId, Date.now() - 26 * HOUR, Date.now() - 25 * HOUR);
	await admin.goto(`/admin/competitions/${competitionId}`);
	const analysis = admin.getByRole('region', { name: '试题分析' });
	await expect(analysis.getByText('1 人参赛')).toBeVisible();
	await expect(analysis.getByText(/正确率/).first()).toBeVisible();
	await expect(analysis.locator('.items > li')).toHaveCount(3);
	expect(await seriousViolations(admin)).toEqual([]);

	await office.close();
});
