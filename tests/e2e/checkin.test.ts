import { expect, test, type Page } from '@playwright/test';
import { answerCurrent, firstVisit, seriousViolations, setOffline } from './helpers';
import { e2eState, joinBranch } from './sync-helpers';

const HOUR = 3_600_000;

/** The player's check-ins as the device stores them. */
async function deviceCheckins(page: Page) {
	return page.evaluate(() => {
		const open = indexedDB.open('pocket-classroom');
		return new Promise<{ kind: string; status: string; reason?: string }[]>((resolve) => {
			open.onsuccess = () => {
				const r = open.result.transaction('checkins').objectStore('checkins').getAll();
				r.onsuccess = () => resolve(r.result as { kind: string; status: string }[]);
			};
		});
	});
}

test('offline: the 云学 daily quiz and 悦读 check in, the streak counts and the card is drawn', async ({
	page,
	context
}) => {
	await firstVisit(page);
	await setOffline(context, true);
	await page.getByRole('link', { name: '打卡' }).click();
	await expect(page.getByText('连续学习 0 天')).toBeVisible();
	await expect(page.getByText('打卡后每天都会得到一张卡片')).toBeVisible();

	// 云学: five questions, then the result says the check-in is done.
	await page
		.getByRole('list', { name: '今日学习任务' })
		.getByRole('link', { name: '去答题' })
		.click();
	for (let i = 1; i <= 5; i++) {
		await expect(page.getByText(`${i}/5`, { exact: false }).first()).toBeVisible();
		await answerCurrent(page);
		await page.getByRole('button', { name: i === 5 ? '查看结果' : '下一题' }).click();
	}
	await expect(page.getByRole('heading', { name: '今日云学完成' })).toBeVisible();
	await expect(page.getByText('云学打卡成功')).toBeVisible();

	await page.getByRole('link', { name: '去看今天的打卡卡片' }).click();
	await expect(page.getByText('连续学习 1 天')).toBeVisible();
	const tasks = page.getByRole('list', { name: '今日学习任务' });
	await expect(tasks.getByText('每日答题 5 题 · 已完成')).toBeVisible();
	const card = page.getByRole('img', { name: /打卡卡片：.*连续学习第 1 天/ });
	await expect(card).toBeVisible();
	expect(await card.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1080);
	await expect(page.getByRole('link', { name: '保存图片' })).toHaveAttribute('download', /\.png$/);
	// The heat map marks today as studied.
	await expect(page.getByLabel(/\d{4}-\d{2}-\d{2} 已学习/)).toHaveCount(1);
	// On a phone the year scrolls sideways, opened on today; the keyboard reaches it and scrolls
	// it back (Chromium makes a scroller with nothing focusable inside a tab stop).
	const heatMap = page.getByRole('group', { name: /年已学习/ });
	await heatMap.focus();
	await expect(heatMap).toBeFocused();
	const scrolled = () => heatMap.evaluate((el) => el.scrollLeft);
	const before = await scrolled();
	expect(before).toBeGreaterThan(0);
	await page.keyboard.press('ArrowLeft');
	await expect.poll(scrolled).toBeLessThan(before);
	expect(await seriousViolations(page)).toEqual([]);

	// 悦读: read the day's card to its end.
	await page.goto('/checkin/read');
	await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
	await expect(page.getByText(/^出处：/)).toBeVisible();
	await page.getByRole('button', { name: '读完了，打卡' }).click();
	await expect(page.getByText('悦读打卡成功')).toBeVisible();
	await expect(page.getByText('✓ 今天的悦读已打卡')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	// A chapter read is kept in the reading log too.
	await page.getByLabel('书名').fill('中国共产党简史');
	await page.getByLabel('章节').fill('第一章');
	await page.getByLabel('心得（可不填）').fill('开天辟地的大事变');
	await page.getByRole('button', { name: '保存读书记录' }).click();
	await expect(page.getByText('已记录《中国共产党简史》第一章')).toBeVisible();
	await expect(page.getByText('开天辟地的大事变')).toBeVisible();

	// Home: today's state at a glance, with no reminder once done.
	await page.goto('/');
	await expect(page.getByText('连续学习 1 天')).toBeVisible();
	await expect(page.getByText('读一张知识卡片 · 已完成')).toBeVisible();
	await expect(page.getByText(/今天还没有学习|每天学一点/)).toHaveCount(0);
	// Nothing went to a server: this player has not joined a group.
	expect((await deviceCheckins(page)).map((c) => c.status)).toEqual(['local', 'local']);
});

test('a 讲坛 code typed offline waits, then the server confirms it or says why not', async ({
	page,
	context,
	request
}) => {
	await firstVisit(page);
	await joinBranch(page, '讲坛听众');
	const login = await request.post('/api/admin/login', {
		data: { username: 'admin', password: 'e2e-admin-pass' }
	});
	expect(login.ok()).toBe(true);
	const now = Date.now();
	const created = await request.post(`/api/admin/groups/${e2eState().branchId}/lectures`, {
		data: { title: '书记讲坛', startsAt: now - HOUR, endsAt: now + HOUR }
	});
	expect(created.status()).toBe(201);
	const { code } = (await created.json()) as { code: string };

	await page.goto('/');
	await expect(page.getByText('每天学一点', { exact: false })).toBeVisible();
	await setOffline(context, true);
	await page.getByRole('link', { name: '签到' }).click();
	await page.getByLabel('讲座现场公布的签到码').fill('WRONG234');
	await page.getByRole('button', { name: '签到', exact: true }).click();
	await expect(page.getByText('今天已签到（签到码 WRONG234），联网后由服务器确认。')).toBeVisible();
	await expect(page.getByText('连续学习 1 天')).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: '1 条待上传' })).toBeVisible();

	await setOffline(context, false);
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(page.getByRole('alert')).toContainText('签到码 WRONG234 未通过：讲坛签到码无效');
	await page.getByLabel('讲座现场公布的签到码').fill(code.toLowerCase());
	await page.getByRole('button', { name: '签到', exact: true }).click();
	await expect(page.getByText('✓ 今天的讲坛签到已确认。')).toBeVisible();
	expect(await deviceCheckins(page)).toEqual([
		expect.objectContaining({ kind: 'jiang', status: 'sent' })
	]);
});

test('打卡 and 今日 left open overnight turn to the new study day at 04:00', async ({
	page,
	context
}) => {
	await firstVisit(page);
	// Offline, so nothing writes to the database while the page waits (a write would rerun its
	// queries anyway and hide whether the day turns by itself).
	await setOffline(context, true);
	// 03:58 on 30 November in Shanghai: still the study day of the 29th.
	await page.clock.install({ time: new Date('2026-11-29T19:58:00Z') });
	await page.goto('/checkin');
	await expect(page.getByRole('heading', { name: '今天（11月29日 星期日）' })).toBeVisible();
	await page.clock.fastForward('05:00');
	await expect(page.getByRole('heading', { name: '今天（11月30日 星期一）' })).toBeVisible();

	// 今日: read the day's card at 03:58 the next night; at 04:00 the tasks start afresh.
	await page.clock.setSystemTime(new Date('2026-11-30T19:58:00Z'));
	await page.goto('/checkin/read');
	await page.getByRole('button', { name: '读完了，打卡' }).click();
	await expect(page.getByText('悦读打卡成功')).toBeVisible();
	await page.goto('/');
	await expect(page.getByText('读一张知识卡片 · 已完成')).toBeVisible();
	await page.clock.fastForward('05:00');
	await expect(page.getByText('读一张知识卡片 · 未完成')).toBeVisible();
});

test("a pupil in a class gets the pupils' bank for 云学 and no 讲坛 to sign in to", async ({
	page
}) => {
	await firstVisit(page);
	await page.goto(`/join/${e2eState().classCode}`);
	await page.getByRole('button', { name: '王小红' }).click();
	await expect(page.getByRole('heading', { name: /已加入「三年级一班」/ })).toBeVisible();
	await page.goto('/');
	const tasks = page.getByRole('list', { name: '今日学习任务' });
	await expect(tasks.getByText('每日答题 5 题')).toBeVisible();
	await expect(tasks.getByText('讲坛')).toHaveCount(0);
	await expect(tasks.getByRole('link', { name: '去答题' })).toHaveAttribute(
		'href',
		'/practice/pupil-red-stories?play=daily'
	);
	await page.goto('/checkin');
	await expect(page.getByRole('heading', { name: '讲坛签到' })).toHaveCount(0);
});
