import { expect, test, type APIRequestContext } from '@playwright/test';
import { studyDay } from '../../src/lib/core/calendar/study-day';
import { wallTime } from '../../src/lib/core/calendar/zoned-time';
import { adminLogin, createBranch, seriousViolations, setOffline } from './helpers';
import { e2eState } from './sync-helpers';

async function join(request: APIRequestContext, code: string, displayName: string) {
	const r = await request.post('/api/join', { data: { code, displayName } });
	expect(r.ok()).toBe(true);
	return (await r.json()) as { token: string; memberId: string };
}

async function postJiang(request: APIRequestContext, token: string, code: string) {
	const now = Date.now();
	const r = await request.post('/api/sync', {
		data: { checkins: [{ day: studyDay(now), kind: 'jiang', at: now, code }] },
		headers: { authorization: `Bearer ${token}` }
	});
	expect(r.status()).toBe(200);
	const body = (await r.json()) as { checkins: { status: string; reason?: string }[] };
	return body.checkins[0];
}

test('admin creates a 讲坛 in the UI, a member checks in with its code, the study view counts them', async ({
	page,
	request
}) => {
	await adminLogin(page);
	// A branch of its own, so the counts below hold however often the test runs on one server.
	const name = `讲坛示范支部${test.info().repeatEachIndex + 1}`;
	const branch = await createBranch(page, name);
	const studied = await join(request, branch.joinCode, '讲坛学员');
	// A second member who does not study: the view counts them, and never names them.
	await join(request, branch.joinCode, '未学成员');

	await page.reload();
	expect(await seriousViolations(page)).toEqual([]);
	await page.getByRole('link', { name: `支部 · ${name}`, exact: true }).click();
	await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
	const study = page.getByRole('region', { name: '学习情况' });
	await expect(study).toContainText('今日已学习');
	await expect(study).toContainText('0 / 2 人');
	await expect(study).toContainText('还没有人在连续学习');
	const lectures = page.getByRole('region', { name: '讲坛签到' });
	await expect(lectures).toContainText('还没有讲坛');
	expect(await seriousViolations(page)).toEqual([]);

	// The form starts at today, now → +2 h in the org's zone (the browser runs in Shanghai too).
	const now = wallTime(Date.now(), 'Asia/Shanghai');
	await expect(page.getByLabel('日期', { exact: true })).toHaveValue(now.day);
	await expect(page.getByLabel('开始时间')).toHaveValue(/^\d{2}:\d{2}$/);
	await page.getByLabel('讲坛主题').fill('书记讲党课：红色金河');
	await page.getByRole('button', { name: '创建讲坛' }).click();
	const created = page.getByRole('status').filter({ hasText: '已创建「书记讲党课：红色金河」' });
	await expect(created).toBeVisible();
	const code = (await created.locator('strong').textContent())?.trim() ?? '';
	expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTWXY]{6}$/);
	const item = lectures.getByRole('listitem').filter({ hasText: '书记讲党课：红色金河' });
	await expect(item).toContainText(code);
	await expect(item).toContainText('进行中');
	await expect(item).toContainText('已签到 0 人');
	await expect(page.getByLabel('讲坛主题')).toHaveValue('');

	// The member's device sends the check-in: a wrong code is refused, the right one accepted.
	const wrong = code === 'AAAAAA' ? 'CCCCCC' : 'AAAAAA';
	expect(await postJiang(request, studied.token, wrong)).toEqual({
		key: `${studyDay(Date.now())}/jiang`,
		status: 'rejected',
		reason: '讲坛签到码无效（码不正确，或不在签到时间内），请向支部核对'
	});
	expect((await postJiang(request, studied.token, code.toLowerCase()))?.status).toBe('accepted');

	await page.reload();
	await expect(item).toContainText('已签到 1 人');
	await expect(study).toContainText('1 / 2 人');
	await expect(study.getByRole('listitem')).toHaveText(['讲坛学员 · 连续 1 天']);
	// Collective: at 50 % one of two members is enough, so today counts already.
	await expect(study).toContainText('集体连续学习 1 天');
	await expect(study).toContainText('每天至少 50% 的成员学习');
	await expect(study).toContainText('今天已达标');
	// At 100 % today still needs the other member: said as a number, never as a name.
	await study.getByLabel('达标比例').selectOption('100%');
	await expect(study).toContainText('今天再有 1 人学习即可达标（需 2 人）');
	await expect(study).toContainText('集体连续学习 0 天');
	await expect(page.locator('body')).not.toContainText('未学成员');
	expect(await seriousViolations(page)).toEqual([]);
	// The chosen share is still chosen on the next visit.
	await page.reload();
	await expect(study.getByLabel('达标比例')).toHaveValue('1');
	await expect(study).toContainText('集体连续学习 0 天');

	// The projector view: the code huge, on its own screen; Esc goes back.
	await item.getByRole('button', { name: /投屏显示/ }).click();
	const dialog = page.getByRole('dialog', { name: '书记讲党课：红色金河' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByText(code, { exact: true })).toBeVisible();
	const size = await dialog
		.getByText(code, { exact: true })
		.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
	expect(size).toBeGreaterThanOrEqual(64);
	expect(await seriousViolations(page)).toEqual([]);
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
});

test('lecture form: the API error is shown in words, and offline keeps what was typed', async ({
	page,
	context
}) => {
	await adminLogin(page);
	await page.goto(`/admin/groups/${e2eState().studyBranchId}`);
	const title = page.getByLabel('讲坛主题');
	await expect(page.getByLabel('日期', { exact: true })).not.toHaveValue('');
	await title.fill('两年后的讲坛');
	const later = Number(wallTime(Date.now(), 'Asia/Shanghai').day.slice(0, 4)) + 2;
	await page.getByLabel('日期', { exact: true }).fill(`${later}-06-01`);
	await page.getByRole('button', { name: '创建讲坛' }).click();
	await expect(page.getByRole('alert')).toHaveText('讲坛时间应在前后一年之内');
	await expect(title).toHaveValue('两年后的讲坛');

	await setOffline(context, true);
	await expect(page.getByText('创建讲坛需要联网。已填写的内容会保留')).toBeVisible();
	await expect(page.getByRole('button', { name: '创建讲坛' })).toBeDisabled();
	await title.fill('离线时填写的讲坛');
	await setOffline(context, false);
	await expect(page.getByRole('button', { name: '创建讲坛' })).toBeEnabled();
	await expect(title).toHaveValue('离线时填写的讲坛');
	await expect(page.getByLabel('日期', { exact: true })).toHaveValue(`${later}-06-01`);
});
