import { beforeEach, describe, expect, it } from 'vitest';
import { appDb } from '../../src/lib/client/app-db';
import { updateBanks } from '../../src/lib/client/bank-installer';
import { QuestionReports } from '../../src/lib/state/question-reports.svelte';
import { judge, meta, multiple, single } from '../fixtures/questions';
import { serveBank, siteFetch } from '../client/helpers';
import { emptyAppDb } from './db';
import { watch } from './watch.svelte';

describe('QuestionReports (纠错 on the quiz and result screens)', () => {
	beforeEach(async () => {
		await emptyAppDb();
		await updateBanks({
			db: appDb(),
			fetch: siteFetch([serveBank(meta, [single, multiple, judge])]).fetch,
			now: () => Date.now(),
			indexUrl: '/banks/index.json'
		});
	});

	it('a report shows 已有 1 人反馈 at once, offline and before joining, until the next version', async () => {
		const reports = new QuestionReports(() => ({ bankId: meta.id, version: '1.0.0' }));
		const view = watch(() => ({
			notice: reports.notice(single.id),
			whereIs: reports.whereIs(single.id),
			other: reports.notice(judge.id)
		}));
		expect(view.value.notice).toBeNull();

		expect(await reports.submit(single.id, 'typo', '“一大”写成了“一达”')).toBeNull();
		await view.until((v) => v.notice !== null, 'the notice');
		expect(view.value).toEqual({
			notice: '已有 1 人反馈，核实中',
			whereIs: '已保存在本机，加入支部或班级后上传',
			other: null
		});
		const [row] = await appDb().outbox.toArray();
		expect(row).toMatchObject({ kind: 'question-report', memberId: null, status: 'pending' });

		// The bank moves on to a new version: the fix has landed, the notice goes.
		await appDb().banks.update(meta.id, { activeVersion: '1.1.0' });
		await view.until((v) => v.notice === null, 'no notice after the next version');
		view.stop();
	});

	it('「其他」 needs a note; nothing is stored without one', async () => {
		const reports = new QuestionReports(() => ({ bankId: meta.id, version: '1.0.0' }));
		expect(await reports.submit(single.id, 'other', '  ')).toBe(
			'选择「其他」时，请写一句哪里有问题'
		);
		expect(await appDb().outbox.count()).toBe(0);
	});
});
