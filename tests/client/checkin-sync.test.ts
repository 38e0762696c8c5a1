import { beforeAll, describe, expect, it } from 'vitest';
import { claimCheckins, streakOf, studiedDaysOf } from '../../src/lib/client/checkin-store';
import { ensureDayCard, recordCheckin } from '../../src/lib/client/day-card-store';
import { recordReading } from '../../src/lib/client/reading-log-store';
import { todayStatus } from '../../src/lib/client/today-status';
import { updateBanks } from '../../src/lib/client/bank-installer';
import type { MemberRow, PocketDb } from '../../src/lib/client/db';
import { saveJoinedMember } from '../../src/lib/client/profiles';
import { parseServerStreak, pullServerStreak } from '../../src/lib/client/streak-sync';
import { flushOutbox } from '../../src/lib/client/uploader';
import { addDays, studyDay } from '../../src/lib/core/calendar/study-day';
import { createLecture } from '../../src/lib/server/lectures';
import { joinWithName } from '../../src/lib/server/members';
import { judge, meta, single } from '../fixtures/questions';
import { freshDb, serveBank, siteFetch } from './helpers';
import { startServer } from './server-fetch';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));

function flush(db: PocketDb, fetchFn: typeof fetch) {
	return flushOutbox({ db, fetch: fetchFn, now: () => Date.now(), timeoutMs: 5_000 });
}

describe('打卡 on the device, synced with the real server logic', () => {
	let server: Awaited<ReturnType<typeof startServer>>;
	let deviceA: PocketDb;
	let memberA: MemberRow;
	const today = studyDay(Date.now());

	/** A member who joined the branch 400 days ago, on a new device. */
	async function joinedLongAgo(name: string) {
		const joined = await joinWithName(server.db, server.branch.joinCode, name);
		await server.db
			.updateTable('member')
			.set({ created_at: Date.now() - 400 * DAY })
			.where('id', '=', joined.memberId)
			.execute();
		return joined;
	}

	beforeAll(async () => {
		server = await startServer();
		const joined = await joinedLongAgo('张三');
		deviceA = freshDb();
		memberA = await saveJoinedMember(deviceA, joined, Date.now() - 400 * DAY);
		return () => server.close();
	});

	it('keeps an offline check-in, counts it at once, and uploads it when online', async () => {
		const done = await recordCheckin(deviceA, memberA, { kind: 'yun' });
		expect(done.row).toMatchObject({ day: today, kind: 'yun', status: 'pending' });
		expect(done.created).toBe(true);
		expect(done.streak.current).toBe(1);
		expect(done.card?.content).toMatchObject({
			day: today,
			streak: 1,
			name: '张三',
			group: '机关支部'
		});

		const failed = await flush(deviceA, offline);
		expect(failed.outcome).toBe('retry');
		expect((await deviceA.checkins.get([memberA.id, today, 'yun']))?.status).toBe('pending');

		const sent = await flush(deviceA, server.fetch);
		expect(sent).toMatchObject({ outcome: 'done', checkinsSent: 1, checkinsRejected: 0 });
		expect((await deviceA.checkins.get([memberA.id, today, 'yun']))?.status).toBe('sent');
		const rows = await server.db.selectFrom('checkin').select(['day', 'kind']).execute();
		expect(rows).toEqual([{ day: today, kind: 'yun' }]);

		const before = server.requests.length;
		expect((await flush(deviceA, server.fetch)).outcome).toBe('nothing');
		expect(server.requests.length).toBe(before);
	});

	it('records a day and kind once, whatever is tapped twice', async () => {
		// The first tap (a no-op when an earlier test already checked in today).
		await recordCheckin(deviceA, memberA, { kind: 'yun' });
		const again = await recordCheckin(deviceA, memberA, { kind: 'yun' });
		expect(again.created).toBe(false);
		expect(again.card).toBeNull();
		expect(await deviceA.dayCards.count()).toBe(1);
	});

	it('survives a lost response: the resend answers duplicate and is marked sent, stored once', async () => {
		await recordReading(deviceA, memberA, {
			book: '中国共产党简史',
			chapter: '第一章',
			note: '  '
		});
		const lost: typeof fetch = async (input, init) => {
			await server.fetch(input, init);
			throw new TypeError('connection reset');
		};
		expect((await flush(deviceA, lost)).outcome).toBe('retry');
		expect((await deviceA.checkins.get([memberA.id, today, 'yue']))?.status).toBe('pending');
		const retried = await flush(deviceA, server.fetch);
		expect(retried.checkinsSent).toBe(1);
		expect((await deviceA.checkins.get([memberA.id, today, 'yue']))?.status).toBe('sent');
		const stored = await server.db
			.selectFrom('checkin')
			.select('kind')
			.where('kind', '=', 'yue')
			.execute();
		expect(stored).toHaveLength(1);
		const readings = await deviceA.readingLog.toArray();
		expect(readings).toEqual([
			expect.objectContaining({ book: '中国共产党简史', chapter: '第一章', day: today })
		]);
		expect(readings[0]).not.toHaveProperty('note');
	});

	it('merges the server set into a second device, which then shows the same streak', async () => {
		// Its own member, whose first phone checked in (云学 and 悦读) and uploaded.
		const joined = await joinedLongAgo('钱七');
		const phone = freshDb();
		const second = freshDb();
		const onPhone = await saveJoinedMember(phone, joined, Date.now() - 400 * DAY);
		const onSecond = await saveJoinedMember(second, joined, Date.now() - 400 * DAY);
		await recordCheckin(phone, onPhone, { kind: 'yun' });
		await recordReading(phone, onPhone, { book: '中国共产党简史', chapter: '第二章' });
		expect(await flush(phone, server.fetch)).toMatchObject({ outcome: 'done', checkinsSent: 2 });

		expect(await studiedDaysOf(second, onSecond.id)).toEqual([]);
		expect(await pullServerStreak(second, onSecond, server.fetch)).toBe('merged');
		const status = await todayStatus(second, onSecond);
		expect(status.checkins.yun?.status).toBe('sent');
		expect(status.checkins.yue?.status).toBe('sent');
		// Today was studied on the other phone: this one has the day's card as well.
		expect(status.card?.content).toMatchObject({ day: today, streak: 1, name: '钱七' });
		expect(await streakOf(second, onSecond)).toEqual(await streakOf(phone, onPhone));
		// Merging again changes nothing.
		const before = await second.checkins.toArray();
		await pullServerStreak(second, onSecond, server.fetch);
		expect(await second.checkins.toArray()).toEqual(before);
		expect((await second.members.get(onSecond.id))?.timeZone).toBe('Asia/Shanghai');
	});

	it('rejects a wrong lecture code with the reason, and takes the right one after', async () => {
		await recordCheckin(deviceA, memberA, { kind: 'jiang', code: 'WRONG234' });
		const wrong = await flush(deviceA, server.fetch);
		expect(wrong.checkinsRejected).toBe(1);
		const rejected = await deviceA.checkins.get([memberA.id, today, 'jiang']);
		expect(rejected).toMatchObject({ status: 'rejected', code: 'WRONG234' });
		expect(rejected?.reason).toMatch(/签到码无效/);

		const lecture = await createLecture(server.db, server.admin, server.branch.id, {
			title: '书记讲坛',
			startsAt: Date.now() - HOUR,
			endsAt: Date.now() + HOUR
		});
		const retry = await recordCheckin(deviceA, memberA, { kind: 'jiang', code: lecture.code });
		expect(retry).toMatchObject({ created: true, row: { status: 'pending', code: lecture.code } });
		const right = await flush(deviceA, server.fetch);
		expect(right.checkinsSent).toBe(1);
		expect((await deviceA.checkins.get([memberA.id, today, 'jiang']))?.status).toBe('sent');
	});

	it("keeps everything pending when a 200 is not the server's answer (a Wi-Fi login page)", async () => {
		const joined = await joinedLongAgo('赵六');
		const device = freshDb();
		const member = await saveJoinedMember(device, joined, Date.now() - 400 * DAY);
		await recordCheckin(device, member, { kind: 'yun' });
		const portal: typeof fetch = async () =>
			new Response('<html><body>请先登录无线网络</body></html>', {
				status: 200,
				headers: { 'content-type': 'text/html' }
			});
		const garbled: typeof fetch = async () =>
			Response.json({ results: [], checkins: [{ key: 7, status: 'maybe' }] });
		for (const answer of [portal, garbled]) {
			const report = await flush(device, answer);
			expect(report).toMatchObject({ outcome: 'retry', checkinsRejected: 0 });
			expect(report.error).toBe('服务器的回答无法识别，稍后自动重试');
			expect((await device.checkins.get([member.id, today, 'yun']))?.status).toBe('pending');
		}
		expect(await flush(device, server.fetch)).toMatchObject({ outcome: 'done', checkinsSent: 1 });
	});

	it('ignores a garbled streak answer and merges nothing from it', async () => {
		const before = await deviceA.checkins.toArray();
		const answers = [
			'not json',
			JSON.stringify({
				timeZone: 'Asia/Shanghai',
				startHour: 4,
				checkins: [{ day: '2026-02-30', kind: 'yun' }]
			}),
			JSON.stringify({
				timeZone: 'Asia/Shanghai',
				startHour: 4,
				checkins: [{ day: today, kind: 'sing' }]
			}),
			JSON.stringify({ timeZone: 'Asia/Shanghai', startHour: '4', checkins: [] }),
			JSON.stringify([])
		];
		for (const body of answers) {
			const garbled: typeof fetch = async () => new Response(body, { status: 200 });
			expect(await pullServerStreak(deviceA, memberA, garbled)).toBe('failed');
		}
		expect(await deviceA.checkins.toArray()).toEqual(before);
		expect(parseServerStreak({ timeZone: 'Asia/Shanghai', startHour: 4, checkins: [] })).toEqual({
			timeZone: 'Asia/Shanghai',
			startHour: 4,
			checkins: []
		});
	});

	it('uploads a long offline history in requests of at most 200 check-ins', async () => {
		const joined = await joinedLongAgo('李四');
		const device = freshDb();
		const member = await saveJoinedMember(device, joined, Date.now() - 400 * DAY);
		await device.checkins.bulkAdd(
			Array.from({ length: 250 }, (_, i) => ({
				memberKey: member.id,
				day: addDays(today, -1 - i),
				kind: 'yun' as const,
				at: Date.now() - (i + 1) * DAY,
				status: 'pending' as const
			}))
		);
		const from = server.requests.length;
		const report = await flush(device, server.fetch);
		expect(report).toMatchObject({ outcome: 'done', checkinsSent: 250 });
		const sizes = server.requests
			.slice(from)
			.map((r) => ((r.body as { checkins?: unknown[] }).checkins ?? []).length);
		expect(sizes).toEqual([200, 50]);
		expect(await device.checkins.where('status').equals('pending').count()).toBe(0);
		const streak = await streakOf(device, member);
		expect(streak.current).toBe(250);
		expect(streak.todayDone).toBe(false);
	});
});

describe('打卡 rules on the device', () => {
	const member = (over: Partial<MemberRow> = {}): MemberRow => ({
		id: 'm-1',
		displayName: '王五',
		groupId: 'g-1',
		groupName: '村支部',
		groupKind: 'branch',
		token: 't',
		needsRejoin: false,
		joinedAt: Date.parse('2026-11-20T00:00:00Z'),
		...over
	});

	it("counts a check-in at 01:30 for the evening before, in the org's zone", async () => {
		const db = freshDb();
		// 2026-11-29 17:30 UTC is 01:30 on 30 November in Shanghai: before the 04:00 start.
		const at = Date.parse('2026-11-29T17:30:00Z');
		const early = await recordCheckin(db, member(), { kind: 'yun' }, at);
		expect(early.row.day).toBe('2026-11-29');
		const midnightOrg = await recordCheckin(
			db,
			member({ id: 'm-2', startHour: 0 }),
			{ kind: 'yun' },
			at
		);
		expect(midnightOrg.row.day).toBe('2026-11-30');
	});

	it('keeps the check-ins of a player with no group on the device, and a join claims them', async () => {
		const db = freshDb();
		const joinDay = Date.parse('2026-11-20T02:00:00Z');
		for (const at of [joinDay - 3 * DAY, joinDay + 2 * DAY]) {
			const r = await recordCheckin(db, null, { kind: 'yue' }, at);
			expect(r.row.status).toBe('local');
		}
		expect(await flush(db, offline)).toMatchObject({ outcome: 'nothing' });
		expect(await db.dayCards.count()).toBe(2);

		const joined = member({ joinedAt: joinDay });
		await db.members.put(joined);
		expect(await claimCheckins(db, joined)).toBe(2);
		const rows = await db.checkins.toArray();
		// The day before joining stays on the device (the server refuses days before joining).
		expect(rows.map((r) => [r.memberKey, r.day, r.status])).toEqual([
			['m-1', '2026-11-17', 'local'],
			['m-1', '2026-11-22', 'pending']
		]);
		const cards = await db.dayCards.toArray();
		expect(cards.every((c) => c.memberKey === 'm-1' && c.content.name === '王五')).toBe(true);
	});

	it("makes the day's card once, with the day's 历史上的今天 card when one matches", async () => {
		const db = freshDb();
		const at = Date.parse('2026-07-01T02:00:00Z');
		const card = {
			id: 'card-0701',
			title: '中国共产党成立纪念日',
			// Bodies are 150–400 characters in a bank.
			body: '七月一日是中国共产党的成立纪念日。'.repeat(10),
			source: '测试出处',
			date: '07-01',
			tags: []
		};
		await updateBanks({
			db,
			fetch: siteFetch([serveBank(meta, [single, judge], [card])]).fetch,
			now: () => at,
			indexUrl: '/banks/index.json'
		});
		expect((await ensureDayCard(db, member(), at)).card).toBeNull();
		const first = await recordCheckin(db, member(), { kind: 'yun' }, at);
		expect(first.card?.content).toMatchObject({
			day: '2026-07-01',
			title: '中国共产党成立纪念日',
			excerpt: card.body,
			streak: 1
		});
		const second = await recordCheckin(db, member(), { kind: 'yue' }, at + HOUR);
		expect(second.card).toBeNull();
		expect(await db.dayCards.count()).toBe(1);
	});

	it('refuses a lecture check-in without a code and a reading without a book', async () => {
		const db = freshDb();
		await expect(recordCheckin(db, member(), { kind: 'jiang', code: '  ' })).rejects.toThrow(
			'请填写讲坛签到码'
		);
		await expect(recordReading(db, member(), { book: ' ', chapter: '第一章' })).rejects.toThrow(
			'请填写书名'
		);
		await expect(
			recordReading(db, member(), { book: '书', chapter: '章', note: '长'.repeat(201) })
		).rejects.toThrow('心得最多 200 个字');
		expect(await db.checkins.count()).toBe(0);
		expect(await db.readingLog.count()).toBe(0);
	});
});
