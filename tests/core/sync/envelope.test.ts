import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAttemptUpload, type AttemptUpload } from '../../../src/lib/core/sync/attempt';
import { parseCheckinUpload } from '../../../src/lib/core/sync/checkin';
import { parseRecord, parseSyncResponse, shapeReason } from '../../../src/lib/core/sync/envelope';
import { MAX_ANSWER_MS } from '../../../src/lib/core/sync/bounds';

const T = Date.UTC(2026, 11, 4, 2);

function attempt(overrides: Partial<AttemptUpload> = {}): AttemptUpload {
	return {
		protocol: 1,
		id: '01930000-0000-7000-8000-000000000001',
		mode: 'practice',
		bankId: 'party-history-basics',
		bankVersion: '1.0.0',
		startedAt: T,
		finishedAt: T + 60_000,
		answers: [{ questionId: 'q1', response: 'B', elapsedMs: 4000, answeredAt: T + 4000 }],
		...overrides
	};
}

const withAnswer = (change: Record<string, unknown>) =>
	attempt({ answers: [{ ...attempt().answers[0]!, ...change } as AttemptUpload['answers'][0]] });

describe('the reason for an upload of the wrong shape', () => {
	it('names what it is and the first field that is wrong', () => {
		expect(shapeReason('成绩', parseAttemptUpload({ id: 1 }).issues)).toMatch(
			/^成绩格式不正确（[a-zA-Z.]+）$/
		);
		expect(
			shapeReason('打卡', parseCheckinUpload({ day: '2026-11-29', kind: 'sing', at: T }).issues)
		).toBe('打卡格式不正确（kind）');
		expect(shapeReason('打卡', [])).toBe('打卡格式不正确');
	});
});

describe('every number a device sends is bounded', () => {
	it('accepts an honest attempt, with or without the verdicts older devices sent', () => {
		expect(parseAttemptUpload(attempt()).success).toBe(true);
		expect(parseAttemptUpload(withAnswer({ correct: true })).success).toBe(true);
	});

	it.each([
		['elapsedMs 1e308', withAnswer({ elapsedMs: 1e308 }), 'answers.0.elapsedMs'],
		['elapsedMs Infinity', withAnswer({ elapsedMs: Infinity }), 'answers.0.elapsedMs'],
		['elapsedMs NaN', withAnswer({ elapsedMs: NaN }), 'answers.0.elapsedMs'],
		['a negative time on a question', withAnswer({ elapsedMs: -1 }), 'answers.0.elapsedMs'],
		[
			'more than a week on a question',
			withAnswer({ elapsedMs: MAX_ANSWER_MS + 1 }),
			'answers.0.elapsedMs'
		],
		['startedAt 1e300', attempt({ startedAt: 1e300 }), 'startedAt'],
		['startedAt −8.64e15', attempt({ startedAt: -8.64e15 }), 'startedAt'],
		['finishedAt in 2200', attempt({ finishedAt: Date.UTC(2200, 0, 1) }), 'finishedAt'],
		['answeredAt in 1970', withAnswer({ answeredAt: 5 }), 'answers.0.answeredAt'],
		['a fractional time', attempt({ startedAt: T + 0.5 }), 'startedAt']
	])('refuses %s, naming the field', (_label, input, field) => {
		const parsed = parseAttemptUpload(input);
		expect(parsed.success).toBe(false);
		expect(shapeReason('成绩', parsed.issues)).toBe(`成绩格式不正确（${field}）`);
	});

	it('refuses an attempt that finished before it started', () => {
		expect(parseAttemptUpload(attempt({ finishedAt: T - 1 })).success).toBe(false);
	});

	it('refuses check-in times outside the accepted range', () => {
		for (const at of [0, -1, 1e308, Infinity, T + 0.5, Date.UTC(2200, 0, 1)]) {
			expect(parseCheckinUpload({ day: '2026-12-04', kind: 'yue', at }).success).toBe(false);
		}
	});

	it('no number, however strange, gets through unless it is finite and in range', () => {
		fc.assert(
			fc.property(fc.double(), fc.double(), (elapsedMs, startedAt) => {
				const parsed = parseAttemptUpload(
					attempt({
						startedAt,
						finishedAt: Number.isFinite(startedAt) ? startedAt : T,
						answers: [{ questionId: 'q', response: 'A', elapsedMs, answeredAt: T }]
					})
				);
				if (!parsed.success) return;
				const out = parsed.output;
				expect(Number.isFinite(out.startedAt) && out.startedAt >= Date.UTC(2020, 0, 1)).toBe(true);
				expect(out.answers[0]!.elapsedMs).toBeGreaterThanOrEqual(0);
				expect(out.answers[0]!.elapsedMs).toBeLessThanOrEqual(MAX_ANSWER_MS);
			})
		);
	});
});

describe('records of every kind', () => {
	it('reads a record by its kind and answers under its own id', () => {
		const a = attempt();
		expect(parseRecord({ kind: 'attempt', payload: a }, 0)).toEqual({
			ok: true,
			kind: 'attempt',
			id: a.id,
			payload: a
		});
	});

	it('refuses an unknown kind or a payload of the wrong shape, one record at a time', () => {
		expect(parseRecord({ kind: 'poem', payload: {} }, 3)).toEqual({
			ok: false,
			id: '#3',
			reason: '记录格式不正确（kind）'
		});
		const bad = { ...attempt(), startedAt: 'yesterday' };
		expect(parseRecord({ kind: 'attempt', payload: bad }, 0)).toEqual({
			ok: false,
			id: bad.id,
			reason: '成绩格式不正确（startedAt）'
		});
		expect(parseRecord(null, 7)).toMatchObject({ ok: false, id: '#7' });
	});
});

describe('the device reads the server answer', () => {
	it('takes our answer and nothing else', () => {
		const answer = {
			results: [{ id: 'a', status: 'rejected', reason: '原因' }],
			checkins: [{ key: '2026-12-04/yue', status: 'accepted' }]
		};
		expect(parseSyncResponse(answer)).toEqual(answer);
		for (const bad of [null, '<html>', {}, { results: [{ id: 'a', status: 'ok' }] }]) {
			expect(parseSyncResponse(bad)).toBeNull();
		}
	});
});
