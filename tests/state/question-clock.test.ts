import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuestionClock } from '../../src/lib/state/question-clock';

describe('QuestionClock', () => {
	beforeEach(() => {
		vi.useFakeTimers({
			toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance']
		});
	});
	afterEach(() => vi.useRealTimers());

	it('counts running segments only, from the time a question had already used', () => {
		const clock = new QuestionClock(() => {});
		clock.set(3_000);
		vi.advanceTimersByTime(10_000);
		expect(clock.elapsed()).toBe(3_000);
		clock.run();
		vi.advanceTimersByTime(2_000);
		clock.pause();
		vi.advanceTimersByTime(60_000);
		expect(clock.elapsed()).toBe(5_000);
		clock.run();
		vi.advanceTimersByTime(1_500);
		expect(clock.elapsed()).toBe(6_500);
	});

	it('rings once when the time runs out, checkpoints every second meanwhile, and stops both', () => {
		let checkpoints = 0;
		let alarms = 0;
		const clock = new QuestionClock(() => (checkpoints += 1));
		clock.set(0);
		clock.run({ afterMs: 3_500, onAlarm: () => (alarms += 1) });
		vi.advanceTimersByTime(3_499);
		expect([alarms, checkpoints]).toEqual([0, 3]);
		vi.advanceTimersByTime(1);
		expect(alarms).toBe(1);
		clock.stopAlarm();
		vi.advanceTimersByTime(10_000);
		expect([alarms, checkpoints]).toEqual([1, 3]);
		// Stopping the alarm does not stop the count: the answer reads the whole time.
		expect(clock.elapsed()).toBe(13_500);
	});

	it('a pause stops the alarm; running again sets a new one', () => {
		let alarms = 0;
		const clock = new QuestionClock(() => {});
		clock.set(0);
		clock.run({ afterMs: 5_000, onAlarm: () => (alarms += 1) });
		vi.advanceTimersByTime(4_000);
		clock.pause();
		vi.advanceTimersByTime(30_000);
		expect(alarms).toBe(0);
		clock.run({ afterMs: 5_000 - clock.elapsed(), onAlarm: () => (alarms += 1) });
		vi.advanceTimersByTime(999);
		expect(alarms).toBe(0);
		vi.advanceTimersByTime(1);
		expect(alarms).toBe(1);
	});

	it('showing the next question drops the last one’s alarm', () => {
		let alarms = 0;
		const clock = new QuestionClock(() => {});
		clock.set(0);
		clock.run({ afterMs: 1_000, onAlarm: () => (alarms += 1) });
		clock.set(0);
		vi.advanceTimersByTime(5_000);
		expect(alarms).toBe(0);
		expect(clock.elapsed()).toBe(0);
	});
});
