import { beforeAll, expect, it } from 'vitest';
import { parseReviewCursor } from '../../src/lib/core/play/review-history';
import { rebuildDeck } from '../../src/lib/core/play/review';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import { createGroup } from '../../src/lib/server/groups';
import { joinWithName, type MemberIdentity } from '../../src/lib/server/members';
import { memberReviewHistory } from '../../src/lib/server/review-history';
import { judge, single } from '../fixtures/questions';
import { demoRegistry, orgAdmin, upload, uploadAttempts } from './fixtures';
import { describeEachDatabase } from './harness';

describeEachDatabase('review history from uploaded attempts', (get) => {
	let registry: BankRegistry;
	let joinCode = '';

	// A branch; each test joins the members it needs, so it sees its own uploads only.
	beforeAll(async () => {
		const { db } = get();
		registry = await demoRegistry();
		const admin = await orgAdmin(db);
		joinCode = (await createGroup(db, admin, { kind: 'branch', name: '机关支部' })).joinCode;
	});
	const join = (name: string): Promise<MemberIdentity> => joinWithName(get().db, joinCode, name);

	it('re-judges every answer with core rules, ignoring the device’s claim', async () => {
		const { db } = get();
		const [me, other] = [await join('张三'), await join('李四')];
		// The device claims both right; on v1.0.0 'B' is right and judge=true is wrong.
		const a = upload({
			answers: [
				{
					questionId: single.id,
					response: 'B',
					elapsedMs: 900,
					answeredAt: 1_764_000_000_000 + 1000
				},
				{
					questionId: judge.id,
					response: true,
					elapsedMs: 900,
					answeredAt: 1_764_000_000_000 + 2000
				}
			]
		});
		// On v1.1.0 the single-choice answer is C: the same response is wrong there.
		const b = upload({
			bankVersion: '1.1.0',
			answers: [
				{
					questionId: single.id,
					response: 'B',
					elapsedMs: 900,
					answeredAt: 1_764_000_000_000 + 3000
				}
			]
		});
		await uploadAttempts(db, registry, me, [a, b], 10_000);
		await uploadAttempts(db, registry, other, [upload()], 10_000);
		const page = await memberReviewHistory(db, registry, me, null);
		expect(page.more).toBe(false);
		expect(page.events.map((e) => [e.attemptId, e.questionId, e.correct, e.at])).toEqual(
			[
				[a.id, single.id, true, 1_764_000_000_000 + 1000],
				[a.id, judge.id, false, 1_764_000_000_000 + 2000],
				[b.id, single.id, false, 1_764_000_000_000 + 3000]
			].sort((x, y) => String(x[0]).localeCompare(String(y[0])))
		);
		expect(page.events.every((e) => e.memberKey === me.memberId)).toBe(true);
		// The deck folds from it: both questions are in, each missed once.
		const deck = rebuildDeck(page.events);
		expect([...deck.values()].map((c) => [c.questionId, c.forgotten]).sort()).toEqual([
			[judge.id, 1],
			[single.id, 1]
		]);
	});

	it('judges a timed answer past its limit as forgotten, like the device', async () => {
		const { db } = get();
		const me = await join('王五');
		const late = upload({
			mode: 'timed',
			settings: { timeLimitMs: 5000, speedScoring: true },
			answers: [
				{
					questionId: single.id,
					response: 'B',
					elapsedMs: 5000,
					answeredAt: 1_764_000_000_000 + 4000
				}
			]
		});
		await uploadAttempts(db, registry, me, [late], 20_000);
		const page = await memberReviewHistory(db, registry, me, null);
		expect(page.events.find((e) => e.attemptId === late.id)?.correct).toBe(false);
	});

	it('pages by receive time and id; a cursor resumes after the last attempt, no repeats', async () => {
		const { db } = get();
		const me = await join('赵六');
		await uploadAttempts(db, registry, me, [upload(), upload(), upload()], 10_000);
		const more = Array.from({ length: 5 }, () => upload());
		await uploadAttempts(db, registry, me, more, 30_000);
		const seen: string[] = [];
		let after = null;
		let pages = 0;
		for (;;) {
			const page = await memberReviewHistory(db, registry, me, after, 2);
			pages++;
			seen.push(...new Set(page.events.map((e) => e.attemptId)));
			after = parseReviewCursor(page.cursor);
			if (!page.more) break;
		}
		expect(pages).toBe(4);
		expect(seen).toHaveLength(8);
		expect(new Set(seen).size).toBe(8);
		// Nothing new after the end: an empty page that keeps the cursor.
		const end = await memberReviewHistory(db, registry, me, after);
		expect(end).toMatchObject({ events: [], more: false });
		expect(parseReviewCursor(end.cursor)).toEqual(after);
		// A bare time re-reads everything received from then on (the device's overlap).
		const overlap = await memberReviewHistory(db, registry, me, {
			receivedAt: 30_000,
			attemptId: ''
		});
		expect(new Set(overlap.events.map((e) => e.attemptId))).toEqual(new Set(more.map((u) => u.id)));
	});

	it('gives only the member’s own attempts', async () => {
		const { db } = get();
		const [me, other] = [await join('孙七'), await join('周八')];
		await uploadAttempts(db, registry, me, [upload(), upload()], 10_000);
		await uploadAttempts(db, registry, other, [upload()], 10_000);
		const page = await memberReviewHistory(db, registry, other, null);
		expect(page.events.length).toBe(2);
		expect(page.events.every((e) => e.memberKey === other.memberId)).toBe(true);
	});
});
