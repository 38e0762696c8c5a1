import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zonedParts, zonedPartsByIntl } from '../../../src/lib/core/calendar/zone-parts';

// 1992-01-01 to 2100-01-01, whole seconds.
const since1992 = fc
	.integer({ min: Date.UTC(1992, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 })
	.map((s) => s * 1000);

describe('zonedParts', () => {
	it('reads Shanghai and UTC time by arithmetic exactly as Intl does', () => {
		fc.assert(
			fc.property(since1992, fc.constantFrom('Asia/Shanghai', 'UTC', 'Etc/UTC'), (at, zone) => {
				expect(zonedParts(at, zone)).toEqual(zonedPartsByIntl(at, zone));
			}),
			{ numRuns: 2000 }
		);
		expect(zonedParts(Date.parse('2026-11-28T17:30:59Z'), 'Asia/Shanghai')).toEqual({
			year: 2026,
			month: 11,
			day: 29,
			hour: 1,
			minute: 30,
			second: 59
		});
		expect(zonedParts(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toMatchObject({
			year: 2027,
			month: 1,
			day: 1,
			hour: 0
		});
	});

	it("keeps Intl's answer where the fixed offset does not hold", () => {
		// China's daylight saving time in 1990: 12:00 UTC was 21:00, not 20:00, in Beijing.
		expect(zonedParts(Date.parse('1990-07-01T12:00:00Z'), 'Asia/Shanghai')).toMatchObject({
			hour: 21
		});
		// A zone with daylight saving time today.
		expect(zonedParts(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toMatchObject({
			hour: 14
		});
	});

	it('throws on an instant that is not a date and on an unknown zone, as Intl does', () => {
		expect(() => zonedParts(Number.NaN, 'Asia/Shanghai')).toThrow(RangeError);
		expect(() => zonedParts(9e15, 'Asia/Shanghai')).toThrow(RangeError);
		expect(() => zonedParts(0, 'Mars/Olympus')).toThrow(RangeError);
	});
});
