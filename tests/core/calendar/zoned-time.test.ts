import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lectureState } from '../../../src/lib/core/checkin/lecture';
import {
	dayLabel,
	instantOf,
	wallTime,
	windowLabel
} from '../../../src/lib/core/calendar/zoned-time';

const MINUTE = 60_000;
// 2000-01-01 to 2100-01-01, whole minutes.
const minutes = fc
	.integer({ min: 946_684_800_000 / MINUTE, max: 4_102_444_800_000 / MINUTE })
	.map((m) => m * MINUTE);

describe('wall time in a named zone', () => {
	it('reads and writes Shanghai time whatever the zone of the machine', () => {
		expect(wallTime(Date.parse('2026-11-28T17:30:00Z'), 'Asia/Shanghai')).toEqual({
			day: '2026-11-29',
			time: '01:30'
		});
		expect(instantOf('2026-11-29', '01:30', 'Asia/Shanghai')).toBe(
			Date.parse('2026-11-28T17:30:00Z')
		);
		expect(instantOf('2026-11-29', '00:00', 'Asia/Shanghai')).toBe(
			Date.parse('2026-11-28T16:00:00Z')
		);
		// Seconds from an <input type="time" step> are ignored.
		expect(instantOf('2026-11-29', '08:05:00', 'Asia/Shanghai')).toBe(
			Date.parse('2026-11-29T00:05:00Z')
		);
	});

	it('refuses dates and times that do not exist', () => {
		for (const [day, time] of [
			['2026-02-29', '10:00'],
			['2026-13-01', '10:00'],
			['', '10:00'],
			['2026-11-29', '24:00'],
			['2026-11-29', '10:60'],
			['2026-11-29', '9:00'],
			['2026-11-29', '']
		] as const) {
			expect(instantOf(day, time, 'Asia/Shanghai')).toBeNull();
		}
	});

	it('round-trips every minute in Shanghai exactly', () => {
		fc.assert(
			fc.property(minutes, (i) => {
				const w = wallTime(i, 'Asia/Shanghai');
				expect(instantOf(w.day, w.time, 'Asia/Shanghai')).toBe(i);
			})
		);
	});

	it('round-trips the wall time in a zone with daylight saving time', () => {
		fc.assert(
			fc.property(minutes, fc.constantFrom('America/New_York', 'Europe/Berlin'), (i, zone) => {
				const w = wallTime(i, zone);
				const back = instantOf(w.day, w.time, zone);
				expect(back).not.toBeNull();
				expect(wallTime(back ?? 0, zone)).toEqual(w);
			})
		);
	});

	it('takes the first of a repeated time and the hour after a skipped one', () => {
		// New York, 2026-11-01: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
		expect(instantOf('2026-11-01', '01:30', 'America/New_York')).toBe(
			Date.parse('2026-11-01T05:30:00Z')
		);
		// New York, 2026-03-08: 02:30 does not exist; 03:30 EDT is 07:30Z.
		expect(instantOf('2026-03-08', '02:30', 'America/New_York')).toBe(
			Date.parse('2026-03-08T07:30:00Z')
		);
	});
});

describe('labels for a session', () => {
	it('writes the day with its weekday, and the day once when the window stays in it', () => {
		expect(dayLabel('2026-11-29')).toBe('11月29日 周日');
		expect(dayLabel('2026-12-07')).toBe('12月7日 周一');
		const at = (day: string, time: string) => instantOf(day, time, 'Asia/Shanghai') ?? 0;
		expect(windowLabel(at('2026-11-29', '14:00'), at('2026-11-29', '16:00'), 'Asia/Shanghai')).toBe(
			'11月29日 周日 14:00–16:00'
		);
		expect(windowLabel(at('2026-11-29', '23:00'), at('2026-11-30', '01:00'), 'Asia/Shanghai')).toBe(
			'11月29日 周日 23:00 – 11月30日 周一 01:00'
		);
	});
});

describe('lecture window state', () => {
	it('is upcoming before the start, live from the start until the end, ended from the end', () => {
		const s = { startsAt: 1_000, endsAt: 2_000 };
		expect(lectureState(999, s)).toBe('upcoming');
		expect(lectureState(1_000, s)).toBe('live');
		expect(lectureState(1_999, s)).toBe('live');
		expect(lectureState(2_000, s)).toBe('ended');
	});
});
