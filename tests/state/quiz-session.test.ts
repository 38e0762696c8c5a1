import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answersOf } from '../../src/lib/client/attempt-store';
import type { PocketDb } from '../../src/lib/client/db';
import { DEFAULT_TIME_LIMIT_MS } from '../../src/lib/core/play/modes';
import { QuizSession } from '../../src/lib/state/quiz-session.svelte';
import { meta } from '../fixtures/questions';
import { installedBankDb } from '../client/helpers';

const LIMIT = DEFAULT_TIME_LIMIT_MS;

/** Let IndexedDB's (real) callbacks run while the timers stay frozen. */
async function settle() {
	for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

describe('QuizSession: the question timer', () => {
	let db: PocketDb;
	beforeEach(async () => {
		db = await installedBankDb();
		// Only the timer's clocks are fake: IndexedDB keeps its real callbacks.
		vi.useFakeTimers({
			toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance']
		});
	});
	afterEach(() => vi.useRealTimers());

	const timed = () => QuizSession.begin(db, meta.id, { mode: 'timed', timers: true });

	it('paused time is not counted; the pause is recorded with the answer', async () => {
		const session = await timed();
		expect(session.remainingMs).toBe(LIMIT);
		vi.advanceTimersByTime(5_000);
		session.togglePause();
		expect(session.paused).toBe(true);
		expect(session.remainingMs).toBe(LIMIT - 5_000);

		// A minute away from the screen: no timeout, and answers wait for the timer.
		vi.advanceTimersByTime(60_000);
		const question = session.current;
		await session.answer('B');
		expect(session.phase).toBe('answering');

		session.togglePause();
		expect(session.paused).toBe(false);
		vi.advanceTimersByTime(3_000);
		await session.answer('B');
		expect(session.phase).toBe('feedback');
		const [stored] = await answersOf(db, session.attempt.id);
		expect(stored).toMatchObject({ questionId: question?.id, elapsedMs: 8_000, pauses: 1 });
		session.dispose();
	});

	it('the timer runs out at the limit minus what was spent before the pause', async () => {
		const session = await timed();
		vi.advanceTimersByTime(5_000);
		session.togglePause();
		vi.advanceTimersByTime(30_000);
		session.togglePause();
		vi.advanceTimersByTime(LIMIT - 5_000 - 1);
		await settle();
		expect(session.phase).toBe('answering');
		vi.advanceTimersByTime(1);
		await vi.waitUntil(() => session.phase === 'feedback' || undefined, { interval: 0 });
		const [stored] = await answersOf(db, session.attempt.id);
		// A timeout is stored unanswered, at the limit itself.
		expect(stored).toMatchObject({ response: null, correct: false, elapsedMs: LIMIT, pauses: 1 });
		session.dispose();
	});

	it('a question reopened after a reload keeps the time it had left, paused', async () => {
		const first = await timed();
		vi.advanceTimersByTime(7_000);
		first.togglePause();
		await settle();
		first.dispose();

		const attempt = await db.attempts.get(first.attempt.id);
		expect(attempt?.clock).toMatchObject({ spentMs: 7_000, pauses: 1 });
		if (!attempt) throw new Error('the attempt was not stored');
		const reopened = await QuizSession.resume(db, attempt);
		expect(reopened.current?.id).toBe(first.current?.id);
		expect(reopened.paused).toBe(true);
		expect(reopened.remainingMs).toBe(LIMIT - 7_000);

		// Still paused a minute later; then it runs out with what it had left.
		vi.advanceTimersByTime(60_000);
		expect(reopened.phase).toBe('answering');
		reopened.togglePause();
		vi.advanceTimersByTime(LIMIT - 7_000);
		await vi.waitUntil(() => reopened.phase === 'feedback' || undefined, { interval: 0 });
		const [stored] = await answersOf(db, attempt.id);
		// The reload's pause and the one before it.
		expect(stored).toMatchObject({ response: null, elapsedMs: LIMIT, pauses: 2 });
		reopened.dispose();
	});
});
