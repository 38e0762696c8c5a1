/**
 * How a competition reads on a member's list at a moment: 「3 天后开始」, 「还剩 2 小时 5 分」,
 * 「补交期还剩 20 小时」. The status is computed from the window and the device's clock, so a list
 * left open (or read offline) moves on by itself.
 */
import type { CompetitionStatus } from './types';

/**
 * A duration in the largest two units that matter, rounded up (「1 分」 for anything under a
 * minute, so a countdown never says 0 while time is left).
 *
 * @example durationLabel(26 * 3600_000) // → '1 天 2 小时'
 * @example durationLabel(125 * 60_000) // → '2 小时 5 分'
 */
export function durationLabel(ms: number): string {
	const minutes = Math.max(1, Math.ceil(ms / 60_000));
	const days = Math.floor(minutes / 1440);
	const hours = Math.floor((minutes % 1440) / 60);
	const mins = minutes % 60;
	if (days) return hours ? `${days} 天 ${hours} 小时` : `${days} 天`;
	if (hours) return mins ? `${hours} 小时 ${mins} 分` : `${hours} 小时`;
	return `${mins} 分`;
}

/**
 * Where a published competition stands at `now`, and the words for it.
 *
 * @example timeLeft({ opensAt: 10 * 60_000, closesAt: 70 * 60_000, graceMs: 0 }, 0)
 * // → { status: 'upcoming', label: '10 分后开始' }
 */
export function timeLeft(
	c: { opensAt: number; closesAt: number; graceMs: number },
	now: number
): { status: Exclude<CompetitionStatus, 'draft'>; label: string } {
	if (now < c.opensAt)
		return { status: 'upcoming', label: `${durationLabel(c.opensAt - now)}后开始` };
	if (now <= c.closesAt)
		return { status: 'open', label: `进行中，还剩 ${durationLabel(c.closesAt - now)}` };
	if (now <= c.closesAt + c.graceMs) {
		return {
			status: 'grace',
			label: `已结束，补交上传还剩 ${durationLabel(c.closesAt + c.graceMs - now)}`
		};
	}
	return { status: 'closed', label: '已结束' };
}
