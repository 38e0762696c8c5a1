import { expect, test } from '@playwright/test';
import { studyDay } from '../../src/lib/core/calendar/study-day';
import { e2eState } from './sync-helpers';

const HOUR = 3_600_000;

/** The check-in API on the built server: a lecture, check-ins in a sync batch, streak, study view. */
test('a member checks in (with a lecture code) and the admin sees the group study', async ({
	request
}) => {
	const login = await request.post('/api/admin/login', {
		data: { username: 'admin', password: 'e2e-admin-pass' }
	});
	expect(login.ok()).toBe(true);
	const join = await request.post('/api/join', {
		data: { code: e2eState().branchCode, displayName: '打卡测试' }
	});
	const { token, memberId, groupId } = (await join.json()) as {
		token: string;
		memberId: string;
		groupId: string;
	};
	const auth = { authorization: `Bearer ${token}` };
	const now = Date.now();
	const today = studyDay(now);

	const created = await request.post(`/api/admin/groups/${groupId}/lectures`, {
		data: { title: '学习党史讲坛', startsAt: now - HOUR, endsAt: now + HOUR }
	});
	expect(created.status()).toBe(201);
	const lecture = (await created.json()) as { id: string; code: string };
	const list = (await (await request.get(`/api/admin/groups/${groupId}/lectures`)).json()) as {
		lectures: { code: string }[];
	};
	expect(list.lectures.map((l) => l.code)).toContain(lecture.code);

	const checkins = [
		{ day: today, kind: 'jiang', at: now, code: 'ZZZZZZ' },
		{ day: today, kind: 'yun', at: now },
		{ day: today, kind: 'jiang', at: now, code: lecture.code }
	];
	for (const expected of [
		['rejected', 'accepted', 'accepted'],
		['rejected', 'duplicate', 'duplicate']
	]) {
		const sync = await request.post('/api/sync', { data: { checkins }, headers: auth });
		expect(sync.status()).toBe(200);
		const body = (await sync.json()) as {
			results: unknown[];
			checkins: { key: string; status: string; reason?: string }[];
		};
		expect(body.results).toEqual([]);
		expect(body.checkins.map((c) => c.status)).toEqual(expected);
		expect(body.checkins[0]?.reason).toBe(
			'讲坛签到码无效（码不正确，或不在签到时间内），请向支部核对'
		);
		expect(body.checkins[1]?.key).toBe(`${today}/yun`);
	}

	const streak = (await (await request.get('/api/streak', { headers: auth })).json()) as {
		today: string;
		streak: { current: number; todayDone: boolean };
		checkins: unknown[];
		calendar: { day: string; state: string }[];
	};
	expect(streak.today).toBe(today);
	expect(streak.streak).toMatchObject({ current: 1, todayDone: true });
	expect(streak.checkins).toHaveLength(2);
	expect(streak.calendar.find((d) => d.day === today)?.state).toBe('studied');

	const study = (await (await request.get(`/api/admin/groups/${groupId}/study`)).json()) as {
		studiedToday: number;
		topStreaks: { memberId: string }[];
		collective: { share: number };
	};
	expect(study.studiedToday).toBeGreaterThanOrEqual(1);
	expect(study.topStreaks.some((r) => r.memberId === memberId)).toBe(true);
	expect(study.collective.share).toBe(0.5);
});
