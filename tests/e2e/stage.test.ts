import { expect, test, type Page } from '@playwright/test';
import { enablePupilMode, firstVisit, seriousViolations, setOffline } from './helpers';
import { joinBranch, waitForOutbox } from './sync-helpers';
import { putRows, readRows } from './idb';

test.use({ viewport: { width: 1920, height: 1080 } });

/** The team cards on a view: 「1 第一队 105」… in seat order. */
function score(page: Page, team: string) {
	return page.getByRole('list', { name: '比分' }).getByLabel(`${team} 得分`);
}

async function key(page: Page, ...keys: string[]) {
	for (const k of keys) await page.keyboard.press(k);
}

/** Set up a short 支部赛 of two teams: 必答 1 each, 抢答 2 questions, 风险 1 each, 加赛. */
async function setUpBranchContest(page: Page): Promise<string> {
	await page.goto('/study');
	await page.getByRole('link', { name: /课堂 \/ 现场赛/ }).click();
	await expect(page.getByRole('heading', { name: '课堂 / 现场赛', level: 1 })).toBeVisible();
	await expect(page.getByRole('radio', { name: /支部赛（现场赛）/ })).toBeChecked();
	await page.getByRole('button', { name: '去掉 第三队' }).click();
	await page.getByLabel('第 1 队名称').fill('红星队');
	await page.getByLabel('第 2 队名称').fill('先锋队');
	await page.getByText('规则（可修改）').click();
	await page.getByRole('group', { name: '第 1 轮：必答题' }).getByLabel('每队题数').fill('1');
	await page.getByRole('group', { name: '第 2 轮：抢答题' }).getByLabel('题数').fill('2');
	// 必答 2 + 抢答 2 + 风险 2, and 5 spare questions for the 加赛.
	await expect(page.getByText(/本场用 11 题/)).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await page.getByRole('button', { name: '开始比赛' }).click();
	await expect(page).toHaveURL(/\/stage\/[0-9a-f-]{36}$/);
	return page.url().split('/').at(-1) as string;
}

test('a 支部 contest run by keyboard with the audience in a second window; reload resumes exactly', async ({
	page,
	context
}) => {
	await firstVisit(page);
	const id = await setUpBranchContest(page);
	const host = page;
	const screen = await context.newPage();
	await screen.goto(`/stage/${id}/screen`);
	await expect(host.getByText('投屏窗口已连接')).toBeVisible();
	await expect(screen.getByText('第一轮 必答题')).toBeVisible();
	await expect(score(screen, '红星队')).toHaveText('100');

	// 必答: 红星队 right (+10), 先锋队 right (+10).
	await host.bringToFront();
	await key(host, 'PageDown');
	await expect(screen.getByText('红星队 答题')).toBeVisible();
	await expect(screen.locator('#stage-stem')).not.toBeEmpty();
	// The answer stays on the host's screen until it is revealed.
	await expect(host.getByText('（仅主持人可见）')).toBeVisible();
	await expect(screen.getByText('答案：')).toHaveCount(0);
	expect(await seriousViolations(screen)).toEqual([]);
	expect(await seriousViolations(host)).toEqual([]);
	await key(host, 'y');
	await expect(screen.getByText('✓ 红星队 答对 +10')).toBeVisible();
	await expect(screen.getByText('答案：')).toBeVisible();
	await expect(score(screen, '红星队')).toHaveText('110');
	await key(host, 'PageDown', 'y');
	await expect(score(screen, '先锋队')).toHaveText('110');

	// 抢答, question 1: both teams buzz before 「请抢答」 (fouls, −5 each), then 先锋队 wins.
	await key(host, 'PageDown');
	await expect(screen.getByText('第二轮 抢答题')).toBeVisible();
	await key(host, 'PageDown');
	await expect(screen.getByText('请听题')).toBeVisible();
	await key(host, '1', '2');
	await expect(score(screen, '红星队')).toHaveText('105');
	await expect(score(screen, '先锋队')).toHaveText('105');
	await expect(screen.getByText('犯规 1')).toHaveCount(2);

	// A reload of both windows in the middle resumes exactly: same phase, scores and fouls.
	await host.reload();
	await screen.reload();
	await expect(screen.getByText('请听题')).toBeVisible();
	await expect(score(screen, '红星队')).toHaveText('105');
	await expect(screen.getByText('犯规 1')).toHaveCount(2);
	await expect(host.getByText('红星队 犯规 -5 · 先锋队 犯规 -5')).toBeVisible();

	await host.bringToFront();
	await key(host, 'PageDown');
	await expect(screen.getByText('请抢答！')).toBeVisible();
	await key(host, '2', '1'); // 先锋队 first; 红星队's late key is ignored
	await expect(screen.getByText('先锋队 答题')).toBeVisible();
	await key(host, 'y');
	await expect(score(screen, '先锋队')).toHaveText('115');
	// Undo (PageUp) takes the judgement back; judging again gives the same score.
	await key(host, 'PageUp');
	await expect(host.getByText('已撤销：判定答对')).toBeVisible();
	await expect(score(screen, '先锋队')).toHaveText('105');
	await expect(screen.getByText('先锋队 答题')).toBeVisible();
	await key(host, 'y');
	await expect(score(screen, '先锋队')).toHaveText('115');
	// 抢答, question 2: nobody buzzes; the answer is revealed with no score.
	await key(host, 'PageDown', 'PageDown');
	await expect(screen.getByText('请抢答！')).toBeVisible();
	await key(host, 'r');
	await expect(screen.getByText('公布答案', { exact: true })).toBeVisible();

	// 风险: lowest score first. 红星队 (105) abstains; 先锋队 (115) picks 10 and is wrong: 105 all.
	await key(host, 'PageDown');
	await expect(screen.getByText('第三轮 风险题')).toBeVisible();
	await key(host, 'PageDown');
	await expect(screen.getByText('红星队 选择分值')).toBeVisible();
	await key(host, '0');
	await expect(screen.getByText('红星队 放弃本题')).toBeVisible();
	await key(host, 'PageDown');
	await expect(screen.getByText('先锋队 选择分值')).toBeVisible();
	await key(host, '1');
	await expect(screen.getByText('先锋队 答题（10 分）')).toBeVisible();
	await key(host, 'n');
	await expect(score(screen, '先锋队')).toHaveText('105');

	// 加赛: the top is tied, so sudden-death 抢答 until one leads.
	await key(host, 'PageDown');
	await expect(screen.getByText(/加赛：红星队、先锋队 并列第一/)).toBeVisible();
	await key(host, 'PageDown', 'PageDown', '1');
	await expect(screen.getByText('红星队 答题')).toBeVisible();
	await key(host, 'y', 'PageDown');
	await expect(screen.getByRole('status').filter({ hasText: '比赛结束' })).toBeVisible();
	const standings = screen.getByRole('list', { name: '最终排名' }).getByRole('listitem');
	await expect(standings).toHaveText([/第 1 名\s*红星队\s*115 分/, /第 2 名\s*先锋队\s*105 分/]);
	expect(await seriousViolations(screen)).toEqual([]);

	// The printable 记分表: each question, who answered, points, fouls; B blanks the projector.
	await key(host, 'b');
	await expect(screen.getByText('屏幕已暂时关闭（按 B 恢复）')).toBeAttached();
	await host.getByRole('link', { name: '记分表（可打印）' }).click();
	await expect(host.getByRole('heading', { name: /记分表/ })).toBeVisible();
	const rows = host.getByRole('region', { name: '逐题记录表' }).getByRole('row');
	await expect(rows).toHaveCount(1 + 7);
	await expect(rows.nth(3)).toContainText('红星队 −5；先锋队 −5');
	await expect(rows.nth(3)).toContainText('先锋队');
	await expect(rows.nth(5)).toContainText('放弃');
	await expect(rows.nth(7)).toContainText('加赛');
	expect(await seriousViolations(host)).toEqual([]);
});

/**
 * Every installed question of a bank made the bank's largest (its words, options, answer and 解析
 * on each question's own id), so that whichever questions a contest draws, the projector has to
 * hold the largest there is.
 */
async function asLargeAsTheLargest(page: Page, bankId: string) {
	type Row = {
		bankId: string;
		stem: string;
		explanation: string;
		options?: { text: string }[];
		[field: string]: unknown;
	};
	const rows = (await readRows<Row>(page, 'questions')).filter((r) => r.bankId === bankId);
	const size = (r: Row) =>
		r.stem.length +
		r.explanation.length +
		(r.options ?? []).reduce((n, o) => n + o.text.length + 8, 0);
	const largest = rows.reduce((a, b) => (size(b) > size(a) ? b : a));
	const { type, stem, options, answer, explanation, note } = largest;
	await putRows(
		page,
		'questions',
		rows.map((row) => ({ ...row, type, stem, options, answer, explanation, note }))
	);
}

/** What the projector shows at the middle of the 解析's label, once it is scrolled into view. */
function whatCoversTheExplanation(page: Page) {
	return page.evaluate(() => {
		const explain = document.querySelector('.explain');
		if (!explain) return null;
		explain.scrollIntoView({ block: 'nearest' });
		const label = explain.querySelector('strong')?.getBoundingClientRect();
		if (!label) return null;
		const top = document.elementFromPoint(
			label.left + label.width / 2,
			label.top + label.height / 2
		);
		return {
			inQuestion: document.querySelector('.stage-main')?.contains(top) ?? false,
			onScoreboard: document.querySelector('footer.scores')?.contains(top) ?? false
		};
	});
}

test('pupils: 全班闯关 offline in one window, pinyin, stars, 解析 read aloud after a wrong answer, nobody ranked', async ({
	page,
	context
}) => {
	// Headless Chromium has no voices: give it a zh-CN one that records what it is asked to
	// read, so the test sees the 解析 being read aloud.
	await page.addInitScript(() => {
		const spoken: string[] = [];
		(window as unknown as { spoken: string[] }).spoken = spoken;
		const voice = { lang: 'zh-CN', name: 'test', default: true, localService: true, voiceURI: 't' };
		Object.defineProperty(SpeechSynthesisUtterance.prototype, 'voice', {
			configurable: true,
			get: () => voice,
			set: () => {}
		});
		speechSynthesis.getVoices = () => [voice as unknown as SpeechSynthesisVoice];
		speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void spoken.push(u.text);
	});
	await firstVisit(page);
	await expect(page.getByRole('heading', { name: '红色故事我知道' })).toBeVisible();
	await enablePupilMode(page);
	await asLargeAsTheLargest(page, 'pupil-red-stories');
	await setOffline(context, true);
	await page.goto('/stage');
	// The setup works on a 360 px phone too: nothing runs off the side.
	await page.setViewportSize({ width: 360, height: 740 });
	await expect(page.getByRole('button', { name: '开始比赛' })).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.getByRole('radio', { name: /全班闯关/ }).check();
	await expect(page.getByRole('group', { name: /参赛队伍|小组/ })).toHaveCount(0);
	await expect(page.getByLabel('题库')).toHaveValue('pupil-red-stories');
	await page.getByText('规则（可修改）').click();
	await page.getByRole('group', { name: '第 1 轮：必答题' }).getByLabel('每队题数').fill('3');
	await expect(page.getByText(/本场用 3 题/)).toBeVisible();
	await page.getByRole('button', { name: '开始比赛' }).click();
	await expect(page).toHaveURL(/\/stage\/[0-9a-f-]{36}$/);
	// One window alone: the projector view takes the keys too.
	await page.goto(`${page.url()}/screen`);
	await expect(page.getByText('第一轮 必答题')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	await key(page, 'PageDown');
	await expect(page.getByText('请全班作答')).toBeVisible();
	await expect(page.locator('#stage-stem ruby rt').first()).toBeVisible();
	await key(page, 'n');
	await expect(page.getByText('✗ 再想一想，听听解析')).toBeVisible();
	await expect(page.getByText('解析：')).toBeVisible();
	await expect
		.poll(() => page.evaluate(() => (window as unknown as { spoken: string[] }).spoken))
		.toEqual([expect.stringMatching(/^正确答案是：.+。.{10,}/)]);
	expect(await seriousViolations(page)).toEqual([]);
	expect(await whatCoversTheExplanation(page)).toEqual({ inQuestion: true, onScoreboard: false });
	await key(page, 'PageDown', 'y');
	await expect(page.getByText('✓ 答对了！获得一颗星')).toBeVisible();
	await expect(page.getByLabel('全班 星星')).toHaveText('★ 1');
	await key(page, 'PageDown', 'y', 'PageDown');
	await expect(page.getByText('闯关完成！')).toBeVisible();
	await expect(page.getByLabel('全班获得 2 颗星')).toBeVisible();
	await expect(page.getByText(/第 \d 名/)).toHaveCount(0);
	expect(await seriousViolations(page)).toEqual([]);
});

test('a finished 小组赛 for a joined group uploads as a record, checked by the server and listed in 组织', async ({
	page
}) => {
	await firstVisit(page);
	await joinBranch(page, '竞赛主持人');
	await page.goto('/stage');
	await page.getByRole('radio', { name: /班级小组赛/ }).check();
	await page.getByText('规则（可修改）').click();
	await page.getByRole('group', { name: '第 1 轮：必答题' }).getByLabel('每队题数').fill('1');
	await page.getByRole('group', { name: '第 2 轮：抢答题' }).getByLabel('题数').fill('0');
	await page.getByRole('checkbox', { name: /并列第一时进行加赛/ }).uncheck();
	await page.getByLabel('成绩记到').selectOption({ label: '测试支部（支部）' });
	await page.getByRole('button', { name: '开始比赛' }).click();
	await expect(page).toHaveURL(/\/stage\/[0-9a-f-]{36}$/);
	await key(page, 'PageDown', 'y');
	for (let i = 0; i < 3; i++) await key(page, 'PageDown', 'n');
	await key(page, 'PageDown');
	await expect(
		page.getByRole('list', { name: '最终排名' }).getByRole('listitem').first()
	).toHaveText(/第 1 名 ·\s*第一组 ·\s*10 分/);
	await waitForOutbox(page, 'sent', 1);

	await page.goto('/group');
	const contests = page.getByRole('region', { name: '课堂 / 现场赛' });
	await expect(contests).toContainText('红色故事小组赛');
	await expect(contests).toContainText('第 1 名 第一组 10 分');
	await expect(contests).toContainText('第 2 名 第二组 0 分');
});
