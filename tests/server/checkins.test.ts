import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { weekStartOf } from '../../src/lib/core/group/study-view';
import type { CheckinUpload } from '../../src/lib/core/sync/checkin';
import type { SyncResponse } from '../../src/lib/core/sync/envelope';
import { CHECKIN_MAX_ITEMS } from '../../src/lib/core/sync/protocol';
import { type CheckinKind } from '../../src/lib/core/checkin/streak';
import { addDays, studyDay } from '../../src/lib/core/calendar/study-day';
import {
	createGroupAdmin,
	login,
	orgDaySettings,
	type AdminIdentity
} from '../../src/lib/server/accounts';
import { ApiError } from '../../src/lib/server/api-error';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import {
	createLecture,
	groupStudyView,
	ingestCheckins,
	listLectures,
	memberStreak
} from '../../src/lib/server/checkins';
import type { Db } from '../../src/lib/server/database';
import { createGroup } from '../../src/lib/server/groups';
import { joinWithName, type MemberIdentity } from '../../src/lib/server/members';
import { syncBatch } from '../../src/lib/server/sync';
import { demoRegistry, orgAdmin, upload } from './fixtures';
import { describeEachDatabase } from './harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('org study-day settings', () => {
	it('default to Asia/Shanghai at 04:00 and refuse a wrong zone or hour at start', () => {
		expect(orgDaySettings({})).toEqual({ timeZone: 'Asia/Shanghai', startHour: 4 });
		expect(orgDaySettings({ ORG_TIME_ZONE: 'Europe/Berlin', ORG_START_HOUR: '0' })).toEqual({
			timeZone: 'Europe/Berlin',
			startHour: 0
		});
		for (const env of [
			{ ORG_START_HOUR: '24' },
			{ ORG_START_HOUR: '4.5' },
			{ ORG_TIME_ZONE: 'Mars/Olympus' }
		]) {
			expect(() => orgDaySettings(env)).toThrow(/ORG_/);
		}
	});
});

describeEachDatabase('check-ins, streaks, lectures and the group study view', (get) => {
	let registry: BankRegistry;
	let org: AdminIdentity;
	let teacher: AdminIdentity;
	let branch = { id: '', joinCode: '' };
	let other = { id: '', joinCode: '' };
	const now = Date.now();
	const today = studyDay(now);

	/** A member of `code`'s group who joined `daysAgo` days ago. */
	async function member(db: Db, name: string, daysAgo = 30, code = branch.joinCode) {
		const m = await joinWithName(db, code, name);
		await db
			.updateTable('member')
			.set({ created_at: now - daysAgo * DAY })
			.where('id', '=', m.memberId)
			.execute();
		return { memberId: m.memberId, groupId: m.groupId } satisfies MemberIdentity;
	}

	function checkin(day: string, kind: CheckinKind = 'yun', code?: string): CheckinUpload {
		return code === undefined ? { day, kind, at: now } : { day, kind, at: now, code };
	}

	async function stored(db: Db, memberId: string) {
		const rows = await db
			.selectFrom('checkin')
			.select(['day', 'kind'])
			.where('member_id', '=', memberId)
			.orderBy('day')
			.orderBy('kind')
			.execute();
		return rows.map((r) => `${r.day}/${r.kind}`);
	}

	// An org with two branches and a teacher (a group admin) for one of them.
	beforeAll(async () => {
		const { db } = get();
		registry = await demoRegistry();
		org = await orgAdmin(db);
		branch = await createGroup(db, org, { kind: 'branch', name: '机关支部' });
		other = await createGroup(db, org, { kind: 'branch', name: '村支部' });
		await createGroupAdmin(db, org, {
			username: 'secretary',
			password: 'secretary-pass',
			groupIds: [other.id]
		});
		teacher = (await login(db, 'secretary', 'secretary-pass')).admin;
	});

	it('gives a new org the study day that starts at 04:00', async () => {
		const { db } = get();
		const row = await db.selectFrom('org').select('start_hour').executeTakeFirstOrThrow();
		expect(Number(row.start_hour)).toBe(4);
	});

	it('stores a check-in once: a resend and a second device answer duplicate', async () => {
		const { db } = get();
		const m = await member(db, '张三');
		const first = await ingestCheckins(db, m, [checkin(today), checkin(today, 'yue')], now);
		expect(first).toEqual([
			{ key: `${today}/yun`, status: 'accepted' },
			{ key: `${today}/yue`, status: 'accepted' }
		]);
		const again = await ingestCheckins(db, m, [checkin(today), checkin(today)], now + 5000);
		expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
		expect(await stored(db, m.memberId)).toEqual([`${today}/yue`, `${today}/yun`]);
		const row = await db
			.selectFrom('checkin')
			.selectAll()
			.where('member_id', '=', m.memberId)
			.where('kind', '=', 'yun')
			.executeTakeFirstOrThrow();
		expect(Number(row.device_at)).toBe(now);
		expect(Number(row.received_at)).toBe(now);
	});

	it('merges uploads from several devices into the same set, in any order', async () => {
		const { db } = get();
		const day = fc.integer({ min: 0, max: 20 }).map((d) => addDays(today, -d));
		const kind = fc.constantFrom<CheckinKind>('yun', 'yue');
		const device = fc.array(fc.tuple(day, kind), { maxLength: 12 });
		let n = 0;
		await fc.assert(
			fc.asyncProperty(device, device, device, async (a, b, c) => {
				const [x, y] = [await member(db, `甲${n}`), await member(db, `乙${n}`)];
				n++;
				const up = (list: typeof a) => list.map(([d, k]) => checkin(d, k));
				for (const list of [a, b, c]) await ingestCheckins(db, x, up(list), now);
				for (const list of [c, a, b, a]) await ingestCheckins(db, y, up(list), now);
				const union = [...new Set([...a, ...b, ...c].map(([d, k]) => `${d}/${k}`))].sort();
				expect(await stored(db, x.memberId)).toEqual(union);
				expect(await stored(db, y.memberId)).toEqual(union);
				const [sx, sy] = [
					await memberStreak(db, x, null, now),
					await memberStreak(db, y, null, now)
				];
				expect(sx.streak).toEqual(sy.streak);
				expect(sx.calendar).toEqual(sy.calendar);
			}),
			{ numRuns: 8 }
		);
	});

	it('refuses days before joining or more than a day ahead, with a reason', async () => {
		const { db } = get();
		const m = await member(db, '李四', 2);
		const results = await ingestCheckins(
			db,
			m,
			[
				checkin(addDays(today, -5)),
				checkin(addDays(today, 3)),
				checkin(addDays(today, 1)),
				checkin('2026-02-30'),
				{ day: today, kind: 'nap', at: now },
				checkin(addDays(today, -1))
			],
			now
		);
		expect(results.map((r) => r.status)).toEqual([
			'rejected',
			'rejected',
			'accepted',
			'rejected',
			'rejected',
			'accepted'
		]);
		expect(results[0]?.reason).toContain('早于加入日期');
		expect(results[1]?.reason).toContain('晚于服务器日期');
		expect(results[3]?.reason).toContain('打卡格式不正确');
		expect(results[4]?.key).toBe(`${today}/nap`);
		expect(await stored(db, m.memberId)).toEqual([
			`${addDays(today, -1)}/yun`,
			`${addDays(today, 1)}/yun`
		]);
	});

	it('checks lecture codes: valid, offline and late, expired, not started, wrong, other group', async () => {
		const { db } = get();
		const m = await member(db, '王五', 10);
		const now1 = await createLecture(db, org, branch.id, {
			title: '学习党的二十大精神',
			startsAt: now - HOUR,
			endsAt: now + HOUR
		});
		expect(now1.code).toMatch(/^[34679ACDEFGHJKMNPQRTWXY]{6}$/);
		const past = await createLecture(db, org, branch.id, {
			title: '红色故事会',
			startsAt: now - 3 * DAY,
			endsAt: now - 3 * DAY + 2 * HOUR
		});
		const later = await createLecture(db, org, branch.id, {
			title: '下周讲坛',
			startsAt: now + 2 * DAY,
			endsAt: now + 2 * DAY + HOUR
		});
		const elsewhere = await createLecture(db, org, other.id, {
			title: '村支部讲坛',
			startsAt: now - HOUR,
			endsAt: now + HOUR
		});
		const pastDay = studyDay(past.startsAt);

		const valid = await ingestCheckins(
			db,
			m,
			[checkin(today, 'jiang', now1.code.toLowerCase())],
			now
		);
		expect(valid).toEqual([{ key: `${today}/jiang`, status: 'accepted' }]);

		// Checked in offline during the session three days ago, synced now.
		const offline = await ingestCheckins(
			db,
			m,
			[{ day: pastDay, kind: 'jiang', at: past.startsAt + HOUR, code: past.code }],
			now
		);
		expect(offline[0]?.status).toBe('accepted');

		const refused = await ingestCheckins(
			db,
			m,
			[
				// Typed days after the session: expired.
				{ day: addDays(today, -1), kind: 'jiang', at: now - DAY, code: past.code },
				{ day: today, kind: 'jiang', at: now, code: later.code },
				// A clock set forward cannot reach a session that has not begun.
				{ day: today, kind: 'jiang', at: later.startsAt, code: later.code },
				checkin(addDays(today, -1), 'jiang', 'ZZZZZZ'),
				checkin(addDays(today, -1), 'jiang', elsewhere.code),
				checkin(addDays(today, -1), 'jiang'),
				// The right code for a session on another day.
				{ day: addDays(pastDay, -1), kind: 'jiang', at: past.startsAt, code: past.code }
			],
			now
		);
		expect(refused.map((r) => r.status)).toEqual(Array(7).fill('rejected'));
		expect(refused.map((r) => r.reason)).toEqual([
			'讲坛已结束，签到码已过期',
			'讲坛尚未开始，暂不能签到',
			'讲坛尚未开始，暂不能签到',
			'讲坛签到码不正确，请向支部核对',
			'讲坛签到码不正确，请向支部核对',
			'讲坛打卡需要填写签到码',
			`讲坛打卡日期应为讲座当天（${pastDay}）`
		]);
		expect(await stored(db, m.memberId)).toEqual([`${pastDay}/jiang`, `${today}/jiang`]);
	});

	it('lectures are listed and created only by admins who may see the group (404 otherwise)', async () => {
		const { db } = get();
		const own = await createGroup(db, org, { kind: 'branch', name: '讲坛支部' });
		const lecture = (title: string, startsAt: number, hours = 1) =>
			createLecture(db, org, own.id, { title, startsAt, endsAt: startsAt + hours * HOUR });
		const current = await lecture('学习党的二十大精神', now - HOUR, 2);
		const past = await lecture('红色故事会', now - 3 * DAY, 2);
		await lecture('下周讲坛', now + 2 * DAY);
		const m = await member(db, '听讲', 10, own.joinCode);
		await ingestCheckins(
			db,
			m,
			[
				checkin(today, 'jiang', current.code),
				{ day: studyDay(past.startsAt), kind: 'jiang', at: past.startsAt + HOUR, code: past.code }
			],
			now
		);
		const listed = await listLectures(db, org, own.id);
		expect(listed).toMatchObject({ timeZone: 'Asia/Shanghai', startHour: 4 });
		// Latest start first, each with the members who checked in with its code.
		expect(listed.lectures.map((l) => [l.title, l.checkedIn])).toEqual([
			['下周讲坛', 0],
			['学习党的二十大精神', 1],
			['红色故事会', 1]
		]);
		await expect(listLectures(db, teacher, own.id)).rejects.toMatchObject({ status: 404 });
		await expect(
			createLecture(db, teacher, own.id, { title: 'x', startsAt: now, endsAt: now + HOUR })
		).rejects.toMatchObject({ status: 404 });
		await expect(groupStudyView(db, teacher, own.id)).rejects.toMatchObject({ status: 404 });
		for (const [startsAt, endsAt] of [
			[now, now],
			[now, now + 2 * DAY],
			[now + 2 * 366 * DAY, now + 2 * 366 * DAY + HOUR],
			[Number.NaN, now],
			['soon', now]
		]) {
			await expect(
				createLecture(db, teacher, other.id, {
					title: '讲坛',
					startsAt: startsAt as number,
					endsAt: endsAt as number
				})
			).rejects.toMatchObject({ status: 422 });
		}
		const theirs = await createLecture(db, teacher, other.id, {
			title: '村支部第二讲',
			startsAt: now,
			endsAt: now + HOUR
		});
		const listedByTeacher = (await listLectures(db, teacher, other.id)).lectures;
		expect(listedByTeacher.map((l) => [l.id, l.checkedIn])).toContainEqual([theirs.id, 0]);
	});

	it("a member's streak is computed from their own set only", async () => {
		const { db } = get();
		const a = await member(db, '赵六', 40);
		const b = await member(db, '孙七', 40);
		const days = Array.from({ length: 8 }, (_, i) => addDays(today, -i));
		await ingestCheckins(
			db,
			a,
			days.map((d) => checkin(d, 'yue')),
			now
		);
		const sa = await memberStreak(db, a, null, now);
		expect(sa.today).toBe(today);
		expect(sa.streak).toMatchObject({ current: 8, todayDone: true, freezes: 1 });
		expect(sa.checkins).toHaveLength(8);
		expect(sa.calendar.find((d) => d.day === today)?.state).toBe('studied');
		const sb = await memberStreak(db, b, Number(today.slice(0, 4)) - 1, now);
		expect(sb.checkins).toEqual([]);
		expect(sb.streak.current).toBe(0);
		expect(sb.calendar.every((d) => d.state === 'none')).toBe(true);
	});

	it('shows the group counts, top streaks and the collective streak, no list of who did not', async () => {
		const { db } = get();
		const fresh = await createGroup(db, org, { kind: 'branch', name: '学校支部' });
		const [p, q, r, s] = [
			await member(db, '一', 20, fresh.joinCode),
			await member(db, '二', 20, fresh.joinCode),
			await member(db, '三', 20, fresh.joinCode),
			await member(db, '四', 20, fresh.joinCode)
		];
		// p studies 5 days up to today, q 3 days up to yesterday, r the same 3 days: so on
		// yesterday and the two days before 3 of 4 studied; today only p (1 of 4).
		const run = (from: number, n: number) =>
			Array.from({ length: n }, (_, i) => checkin(addDays(today, -from - i)));
		await ingestCheckins(db, p, run(0, 5), now);
		await ingestCheckins(db, q, run(1, 3), now);
		await ingestCheckins(db, r, run(1, 3), now);
		const view = await groupStudyView(db, org, fresh.id, 0.5, now);
		expect(view).toMatchObject({ members: 4, studiedToday: 1 });
		// q and r studied this week unless today is a Monday.
		const yesterdayInWeek = addDays(today, -1) >= weekStartOf(today);
		expect(view.studiedThisWeek).toBe(yesterdayInWeek ? 3 : 1);
		expect(view.topStreaks.map((t) => [t.displayName, t.current])).toEqual([
			['一', 5],
			['二', 3],
			['三', 3]
		]);
		expect(view.topStreaks.some((t) => t.memberId === s.memberId)).toBe(false);
		// Today is not reached yet (1 of 4, 2 needed) and does not break the run of 3 before it.
		expect(view.collective).toEqual({
			current: 3,
			share: 0.5,
			todayReached: false,
			neededToday: 2
		});
		const strict = await groupStudyView(db, org, fresh.id, 1, now);
		expect(strict.collective.current).toBe(0);
		expect(JSON.stringify(view)).not.toContain(s.memberId);
	});

	it('POST /api/sync carries attempts and check-ins; old batches are answered as before', async () => {
		const { db } = get();
		const m = await member(db, '周八');
		const attempt = upload();
		const old = await syncBatch(db, registry, m, { items: [attempt] }, now);
		expect(old).toEqual({
			results: [{ id: attempt.id, status: 'accepted' }]
		});
		const both = await syncBatch(
			db,
			registry,
			m,
			{ items: [attempt], checkins: [checkin(today)] },
			now
		);
		expect(both).toEqual({
			results: [{ id: attempt.id, status: 'duplicate' }],
			checkins: [{ key: `${today}/yun`, status: 'accepted' }]
		});
		const only = await syncBatch(db, registry, m, { checkins: [checkin(today)] }, now);
		expect(only).toEqual({ results: [], checkins: [{ key: `${today}/yun`, status: 'duplicate' }] });
	});

	it('refuses bad lists as a whole and garbage item by item, storing nothing', async () => {
		const { db } = get();
		const m = await member(db, '吴九');
		const fresh = upload();
		const tooMany = Array.from({ length: CHECKIN_MAX_ITEMS + 1 }, () => checkin(today));
		await expect(
			syncBatch(db, registry, m, { items: [fresh], checkins: tooMany }, now)
		).rejects.toMatchObject({ status: 413 });
		await expect(
			syncBatch(db, registry, m, { items: [fresh], checkins: 'yun' }, now)
		).rejects.toMatchObject({ status: 422 });
		expect(
			await db.selectFrom('attempt').select('id').where('id', '=', fresh.id).execute()
		).toEqual([]);
		await fc.assert(
			fc.asyncProperty(fc.array(fc.anything(), { maxLength: 6 }), async (items) => {
				const results = await ingestCheckins(db, m, items, now);
				expect(results).toHaveLength(items.length);
				expect(results.every((r) => r.status === 'rejected' && r.reason)).toBe(true);
			}),
			{ numRuns: 60 }
		);
		await fc.assert(
			fc.asyncProperty(fc.anything(), async (checkins) => {
				const r: SyncResponse | ApiError = await syncBatch(db, registry, m, { checkins }, now).then(
					(ok) => ok,
					(e: unknown) => {
						if (e instanceof ApiError) return e;
						throw e;
					}
				);
				if (r instanceof ApiError) {
					expect(r.status).toBeGreaterThanOrEqual(400);
					expect(r.status).toBeLessThan(500);
				} else {
					expect(r.checkins?.every((c) => c.status === 'rejected')).toBe(true);
				}
			}),
			{ numRuns: 60 }
		);
		expect(await stored(db, m.memberId)).toEqual([]);
	});
});
