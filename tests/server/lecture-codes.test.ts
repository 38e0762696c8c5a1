import { expect, it } from 'vitest';
import { addDays, studyDay } from '../../src/lib/core/calendar/study-day';
import type { CheckinUpload } from '../../src/lib/core/sync/checkin';
import { login, type AdminIdentity } from '../../src/lib/server/accounts';
import type { Db } from '../../src/lib/server/database';
import { ingestCheckins } from '../../src/lib/server/checkins';
import { createGroup } from '../../src/lib/server/groups';
import {
	createLecture,
	LECTURE_CODE_INVALID,
	LECTURE_CODE_TOO_MANY,
	LECTURE_CODE_TRIES_PER_DAY
} from '../../src/lib/server/lectures';
import { joinWithName, memberFromToken } from '../../src/lib/server/members';
import { syncBatch } from '../../src/lib/server/sync';
import { demoRegistry, orgAdmin } from './fixtures';
import { describeEachDatabase } from './harness';

/** The org admin the first test created (tests in a suite share one database). */
async function theOrgAdmin(db: Db): Promise<AdminIdentity> {
	return (await login(db, 'admin', 'long-enough-1')).admin;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describeEachDatabase('lecture codes cannot be guessed', (get) => {
	it('tries at most 10 wrong codes a day, with one reason; after that even the right code waits for tomorrow', async () => {
		const { db } = get();
		const admin = await orgAdmin(db);
		const now = Date.now();
		const today = studyDay(now);
		const group = await createGroup(db, admin, { kind: 'branch', name: '讲坛猜码支部' });
		const lecture = await createLecture(db, admin, group.id, {
			title: '党课',
			startsAt: now - HOUR,
			endsAt: now + HOUR
		});
		const joined = await joinWithName(db, group.joinCode, '猜码人');
		await db
			.updateTable('member')
			.set({ created_at: now - 400 * DAY })
			.where('id', '=', joined.memberId)
			.execute();
		const member = await memberFromToken(db, `Bearer ${joined.token}`);
		// 199 guesses on 199 past days, then the right code for today, all in one request.
		const guesses: CheckinUpload[] = Array.from({ length: 199 }, (_, i) => ({
			day: addDays(today, -(i + 1)),
			kind: 'jiang',
			at: now - (i + 1) * DAY,
			code: `G${String(i).padStart(5, '0')}`.slice(0, 6)
		}));
		const results = await ingestCheckins(
			db,
			member,
			[...guesses, { day: today, kind: 'jiang', at: now, code: lecture.code }],
			now
		);
		const reasons = results.map((r) => r.reason);
		expect(reasons.slice(0, LECTURE_CODE_TRIES_PER_DAY)).toEqual(
			Array(LECTURE_CODE_TRIES_PER_DAY).fill(LECTURE_CODE_INVALID)
		);
		expect(reasons.slice(LECTURE_CODE_TRIES_PER_DAY)).toEqual(
			Array(200 - LECTURE_CODE_TRIES_PER_DAY).fill(LECTURE_CODE_TOO_MANY)
		);
		expect(await db.selectFrom('checkin').select('day').execute()).toEqual([]);

		// The next study day the member may try again, and the right code is taken.
		const tomorrow = now + DAY;
		const late = await createLecture(db, admin, group.id, {
			title: '党课（二）',
			startsAt: tomorrow - HOUR,
			endsAt: tomorrow + HOUR
		});
		const next = await ingestCheckins(
			db,
			member,
			[{ day: studyDay(tomorrow), kind: 'jiang', at: tomorrow, code: late.code }],
			tomorrow
		);
		expect(next.map((r) => r.status)).toEqual(['accepted']);
	});

	it('right codes do not use up the day: ten members at one lecture with typos all get in', async () => {
		const { db } = get();
		const admin = await theOrgAdmin(db);
		const now = Date.now();
		const group = await createGroup(db, admin, { kind: 'branch', name: '讲坛打错字支部' });
		const lecture = await createLecture(db, admin, group.id, {
			title: '党课',
			startsAt: now - HOUR,
			endsAt: now + HOUR
		});
		const joined = await joinWithName(db, group.joinCode, '手滑');
		const member = await memberFromToken(db, `Bearer ${joined.token}`);
		const today = studyDay(now);
		for (let i = 0; i < LECTURE_CODE_TRIES_PER_DAY - 1; i++) {
			const [r] = await ingestCheckins(
				db,
				member,
				[{ day: today, kind: 'jiang', at: now, code: 'ZZZZZZ' }],
				now
			);
			expect(r?.reason).toBe(LECTURE_CODE_INVALID);
		}
		for (let i = 0; i < 3; i++) {
			const [r] = await ingestCheckins(
				db,
				member,
				[{ day: today, kind: 'jiang', at: now, code: lecture.code }],
				now
			);
			expect(r?.status).toBe(i === 0 ? 'accepted' : 'duplicate');
		}
	});

	it('refuses a check-in back-dated to before the device last uploaded everything', async () => {
		const { db } = get();
		const admin = await theOrgAdmin(db);
		const registry = await demoRegistry();
		const now = Date.now();
		const group = await createGroup(db, admin, { kind: 'branch', name: '讲坛补签支部' });
		// A lecture that ended 8 hours ago.
		const lecture = await createLecture(db, admin, group.id, {
			title: '昨晚的党课',
			startsAt: now - 10 * HOUR,
			endsAt: now - 8 * HOUR
		});
		const backDated: CheckinUpload = {
			day: studyDay(now - 8.5 * HOUR),
			kind: 'jiang',
			at: now - 8.5 * HOUR,
			code: lecture.code
		};
		const [cheat, honest] = await Promise.all([
			joinWithName(db, group.joinCode, '补签者'),
			joinWithName(db, group.joinCode, '一直离线')
		]);
		for (const m of [cheat, honest]) {
			await db
				.updateTable('member')
				.set({ created_at: now - 30 * DAY })
				.where('id', '=', m.memberId)
				.execute();
		}
		// The cheat's phone uploaded (everything it had) an hour ago, after the lecture.
		const before = await memberFromToken(db, `Bearer ${cheat.token}`);
		await syncBatch(db, registry, before, { items: [], checkins: [] }, now - HOUR);
		const cheatNow = await memberFromToken(db, `Bearer ${cheat.token}`);
		expect(cheatNow.lastSyncAt).toBe(now - HOUR);
		const refused = await syncBatch(db, registry, cheatNow, { checkins: [backDated] }, now);
		expect(refused.checkins?.[0]).toMatchObject({
			status: 'rejected',
			reason: LECTURE_CODE_INVALID
		});

		// A phone that has been offline since the lecture still gets its check-in in.
		const offline = await memberFromToken(db, `Bearer ${honest.token}`);
		expect(offline.lastSyncAt).toBeNull();
		const accepted = await syncBatch(db, registry, offline, { checkins: [backDated] }, now);
		expect(accepted.checkins?.[0]?.status).toBe('accepted');
	});
});
