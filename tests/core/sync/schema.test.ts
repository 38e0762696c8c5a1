import { describe, expect, it } from 'vitest';
import {
	parseAttemptUpload,
	parseCheckinUpload,
	shapeReason
} from '../../../src/lib/core/sync/schema';

describe('the reason for an upload of the wrong shape', () => {
	it('names what it is and the first field that is wrong', () => {
		expect(shapeReason('成绩', parseAttemptUpload({ id: 1 }).issues)).toMatch(
			/^成绩格式不正确（[a-zA-Z.]+）$/
		);
		expect(
			shapeReason('打卡', parseCheckinUpload({ day: '2026-11-29', kind: 'sing', at: 0 }).issues)
		).toBe('打卡格式不正确（kind）');
		expect(shapeReason('打卡', [])).toBe('打卡格式不正确');
	});
});
