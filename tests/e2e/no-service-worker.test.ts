import { expect, test } from '@playwright/test';
import { joinBranch, playQuiz, serverAttempts, waitForOutbox } from './sync-helpers';

test.use({
	serviceWorkers: 'block',
	userAgent:
		'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40(0x18002831) NetType/WIFI Language/zh_CN'
});

test('WeChat on iOS without a service worker: a banner, and uploads still work online', async ({
	page
}) => {
	await page.goto('/study');
	await expect(page.getByRole('note')).toContainText('建议点右上角「…」，选择「在浏览器中打开」');
	await expect(page.getByRole('heading', { name: '党史基础知识' })).toBeVisible();
	const memberId = await joinBranch(page, '微信用户');
	await playQuiz(page);
	await waitForOutbox(page, 'sent', 1);
	expect(serverAttempts(memberId)).toHaveLength(1);
});
