import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationLabel, timeLeft } from '../../../src/lib/core/competition/time-left';

const MIN = 60_000;
const H = 60 * MIN;

describe('time left', () => {
	it('words durations in the two largest units, rounded up, never 0', () => {
		expect(durationLabel(26 * H)).toBe('1 天 2 小时');
		expect(durationLabel(48 * H)).toBe('2 天');
		expect(durationLabel(125 * MIN)).toBe('2 小时 5 分');
		expect(durationLabel(2 * H)).toBe('2 小时');
		expect(durationLabel(1)).toBe('1 分');
		expect(durationLabel(0)).toBe('1 分');
	});

	it('moves through upcoming, open, grace and closed at the window edges', () => {
		const c = { opensAt: 10 * H, closesAt: 12 * H, graceMs: 24 * H };
		expect(timeLeft(c, 0)).toEqual({ status: 'upcoming', label: '10 小时后开始' });
		expect(timeLeft(c, 10 * H).status).toBe('open');
		expect(timeLeft(c, 11 * H)).toEqual({ status: 'open', label: '进行中，还剩 1 小时' });
		expect(timeLeft(c, 12 * H).status).toBe('open');
		expect(timeLeft(c, 12 * H + 1).status).toBe('grace');
		expect(timeLeft(c, 36 * H).status).toBe('grace');
		expect(timeLeft(c, 36 * H + 1)).toEqual({ status: 'closed', label: '已结束' });
	});

	it('never goes back in status as time moves on', () => {
		const order = ['upcoming', 'open', 'grace', 'closed'];
		fc.assert(
			fc.property(
				fc.nat(1e9),
				fc.nat(1e9),
				fc.nat(1e9),
				fc.nat(4e9),
				fc.nat(1e9),
				(o, len, g, t, dt) => {
					const c = { opensAt: o, closesAt: o + len, graceMs: g };
					const a = order.indexOf(timeLeft(c, t).status);
					const b = order.indexOf(timeLeft(c, t + dt).status);
					expect(b).toBeGreaterThanOrEqual(a);
				}
			)
		);
	});
});
