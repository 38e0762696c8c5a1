import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	attemptInRange,
	attemptRows,
	cellText,
	participantRows,
	playedAt,
	rangeBounds,
	reportFileName,
	reportRange,
	stageContestRows,
	REPORT_MAX_ATTEMPTS,
	REPORT_MAX_DAYS,
	timeNote,
	tooManyAttempts,
	wallClockAsUtc,
	type ReportAttempt
} from '../../../src/lib/core/group/results-report';
import { addDays, studyDay } from '../../../src/lib/core/calendar/study-day';

const SHANGHAI = { timeZone: 'Asia/Shanghai', startHour: 4 };
const at = (iso: string) => Date.parse(iso);

function attempt(memberId: string, overrides: Partial<ReportAttempt> = {}): ReportAttempt {
	return {
		memberId,
		bankId: 'party-history-basics',
		bankVersion: '1.0.0',
		mode: 'practice',
		correct: 3,
		total: 5,
		points: null,
		answeringMs: 61_400,
		deviceFinishedAt: at('2026-11-20T20:00:00+08:00'),
		receivedAt: at('2026-11-20T20:00:05+08:00'),
		...overrides
	};
}

describe('reportRange', () => {
	it('defaults to this month up to today', () => {
		expect(reportRange(null, null, '2026-11-29')).toEqual({
			ok: true,
			range: { from: '2026-11-01', to: '2026-11-29' }
		});
		expect(reportRange('', '', '2026-12-01')).toEqual({
			ok: true,
			range: { from: '2026-12-01', to: '2026-12-01' }
		});
	});

	it('refuses a bad date, a reversed range, a range ending after today or longer than a year', () => {
		const reason = (from: string, to: string) => {
			const r = reportRange(from, to, '2026-11-29');
			return r.ok ? null : r.reason;
		};
		expect(reason('2026-02-30', '2026-11-01')).toBe('开始日期「2026-02-30」不是有效日期');
		expect(reason('2026-11-01', 'yesterday')).toBe('结束日期「yesterday」不是有效日期');
		expect(reason('2026-11-10', '2026-11-09')).toBe('开始日期不能晚于结束日期');
		expect(reason('2026-11-01', '2026-11-30')).toBe('结束日期不能晚于今天');
		expect(reason(addDays('2026-11-29', -REPORT_MAX_DAYS), '2026-11-29')).toBe(
			`一次最多导出 ${REPORT_MAX_DAYS} 天`
		);
		expect(reason(addDays('2026-11-29', -REPORT_MAX_DAYS + 1), '2026-11-29')).toBeNull();
	});
});

describe('which attempts fall in a range', () => {
	const range = { from: '2026-11-01', to: '2026-11-30' };

	it('uses the study day: 01:30 on the 1st of December still counts for 30 November', () => {
		const late = { deviceFinishedAt: at('2026-12-01T01:30:00+08:00'), receivedAt: Infinity };
		expect(attemptInRange(late, range, SHANGHAI)).toBe(true);
		const morning = { deviceFinishedAt: at('2026-12-01T04:00:00+08:00'), receivedAt: Infinity };
		expect(attemptInRange(morning, range, SHANGHAI)).toBe(false);
		const early = { deviceFinishedAt: at('2026-11-01T03:59:00+08:00'), receivedAt: Infinity };
		expect(attemptInRange(early, range, SHANGHAI)).toBe(false);
	});

	it('never dates an attempt after the server received it (a phone clock days ahead)', () => {
		const a = {
			deviceFinishedAt: at('2026-12-05T10:00:00+08:00'),
			receivedAt: at('2026-11-30T10:00:00+08:00')
		};
		expect(playedAt(a)).toBe(a.receivedAt);
		expect(attemptInRange(a, range, SHANGHAI)).toBe(true);
	});

	it('bounds the range from the start hour of its first day to that of the day after its last', () => {
		expect(rangeBounds(range, SHANGHAI)).toEqual({
			start: at('2026-11-01T04:00:00+08:00'),
			end: at('2026-12-01T04:00:00+08:00')
		});
		// Property: an instant is inside the bounds exactly when its study day is in the range.
		const { start, end } = rangeBounds(range, SHANGHAI);
		fc.assert(
			fc.property(fc.integer({ min: start - 3 * 86_400_000, max: end + 3 * 86_400_000 }), (t) => {
				const inBounds = t >= start && t < end;
				const day = studyDay(t, SHANGHAI);
				expect(inBounds).toBe(day >= range.from && day <= range.to);
			})
		);
	});
});

describe('participantRows', () => {
	const members = [
		{ id: 'w', name: '王芳' },
		{ id: 'l', name: '李强' },
		{ id: 'z', name: '张伟' },
		{ id: 'absent', name: '赵敏' }
	];

	it('lists only members who took part, sorted by name in pinyin order, with their totals', () => {
		const rows = participantRows(
			members,
			[
				attempt('w', { mode: 'timed', correct: 8, total: 10, points: 7600 }),
				attempt('w', { mode: 'timed', correct: 9, total: 10, points: 8800 }),
				attempt('w', {
					mode: 'challenge',
					correct: 12,
					total: 13,
					deviceFinishedAt: at('2026-11-22T09:00:00+08:00'),
					receivedAt: at('2026-11-22T09:00:01+08:00')
				}),
				attempt('z', { correct: 0, total: 5 }),
				attempt('stranger')
			],
			[
				{ memberId: 'l', day: '2026-11-20', kind: 'yue' },
				{ memberId: 'l', day: '2026-11-21', kind: 'yue' },
				{ memberId: 'l', day: '2026-11-21', kind: 'jiang' },
				{ memberId: 'w', day: '2026-11-20', kind: 'yun' }
			]
		);
		// 李 (lǐ) < 王 (wáng) < 张 (zhāng); 赵敏 did nothing and is not named.
		expect(rows.map((r) => r.name)).toEqual(['李强', '王芳', '张伟']);
		const [li, wang, zhang] = rows;
		expect(li).toMatchObject({ attempts: 0, accuracy: null, yueDays: 2, jiangDays: 1, yunDays: 0 });
		expect(li?.lastPlayedAt).toBeNull();
		expect(wang).toMatchObject({
			attempts: 3,
			questions: 33,
			correct: 29,
			bestTimedPoints: 8800,
			bestChallengeRun: 12,
			yunDays: 1,
			lastPlayedAt: at('2026-11-22T09:00:00+08:00')
		});
		expect(wang?.accuracy).toBeCloseTo(29 / 33);
		expect(zhang).toMatchObject({ accuracy: 0, bestTimedPoints: null, bestChallengeRun: null });
	});

	it("keeps every known member's attempts, questions, answers and best round, and no one else's", () => {
		const arb = fc.array(
			fc.record({
				member: fc.constantFrom('w', 'l', 'z', 'absent', 'stranger'),
				total: fc.integer({ min: 1, max: 50 }),
				share: fc.double({ min: 0, max: 1, noNaN: true }),
				points: fc.integer({ min: 0, max: 10_000 }),
				mode: fc.constantFrom('practice', 'timed', 'challenge', 'daily')
			}),
			{ maxLength: 40 }
		);
		fc.assert(
			fc.property(arb, (list) => {
				const attempts = list.map((x) =>
					attempt(x.member, {
						mode: x.mode,
						total: x.total,
						correct: Math.floor(x.total * x.share),
						points: x.mode === 'timed' ? x.points : null
					})
				);
				const rows = participantRows(members, attempts, []);
				for (const m of members) {
					const mine = attempts.filter((a) => a.memberId === m.id);
					const row = rows.find((r) => r.name === m.name);
					if (!mine.length) {
						expect(row).toBeUndefined();
						continue;
					}
					const sum = (f: (a: ReportAttempt) => number) => mine.reduce((n, a) => n + f(a), 0);
					const timed = mine.filter((a) => a.mode === 'timed').map((a) => a.points ?? 0);
					expect(row).toMatchObject({
						attempts: mine.length,
						questions: sum((a) => a.total),
						correct: sum((a) => a.correct),
						bestTimedPoints: timed.length ? Math.max(...timed) : null
					});
				}
				expect(rows.some((r) => r.name === 'stranger')).toBe(false);
			})
		);
	});
});

describe('attemptRows', () => {
	it('names the bank and the mode in words, rounds the time and orders by when played', () => {
		const rows = attemptRows(
			[{ id: 'w', name: '王芳' }],
			[
				attempt('w', {
					mode: 'daily',
					deviceFinishedAt: at('2026-11-21T08:00:00+08:00'),
					receivedAt: at('2026-11-21T09:00:00+08:00')
				}),
				attempt('w', { bankId: 'retired-bank', mode: 'future-mode' }),
				attempt('nobody')
			],
			new Map([['party-history-basics', '党史基础知识']])
		);
		expect(rows.map((r) => [r.bank, r.mode, r.seconds])).toEqual([
			['retired-bank', 'future-mode', 61],
			['党史基础知识', '每日答题', 61]
		]);
		expect(rows[1]?.playedAt).toBe(at('2026-11-21T08:00:00+08:00'));
	});
});

describe('cellText, timeNote and tooManyAttempts', () => {
	it('drops what XML cannot hold and keeps Chinese, emoji and line breaks', () => {
		expect(cellText('李\uFFFE四\uD800\u0007 😀\n𠮷')).toBe('李四 😀\n𠮷');
	});

	it('names the time zone and the hour a study day starts in words', () => {
		expect(timeNote({ timeZone: 'Asia/Shanghai', startHour: 4 })).toBe(
			'时间为北京时间，学习日从 4:00 起算'
		);
		expect(timeNote({ timeZone: 'Europe/Berlin', startHour: 0 })).toBe(
			'时间为Europe/Berlin，学习日从 0:00 起算'
		);
	});

	it('refuses a file longer than the limit, with the count', () => {
		expect(tooManyAttempts(REPORT_MAX_ATTEMPTS)).toBeNull();
		expect(tooManyAttempts(REPORT_MAX_ATTEMPTS + 1)).toContain(`${REPORT_MAX_ATTEMPTS + 1} 次答题`);
	});
});

describe('wallClockAsUtc and reportFileName', () => {
	it('writes the org wall clock into the UTC fields a spreadsheet reads', () => {
		const t = wallClockAsUtc(at('2026-11-29T12:15:30Z'), 'Asia/Shanghai');
		expect(new Date(t).toISOString()).toBe('2026-11-29T20:15:30.000Z');
	});

	it('keeps Chinese and drops characters Windows refuses in file names', () => {
		const range = { from: '2026-11-01', to: '2026-11-29' };
		expect(reportFileName('第一支部', range)).toBe('第一支部-成绩-2026-11-01至2026-11-29.xlsx');
		expect(reportFileName('三年级/二班: "红星"', range)).toBe(
			'三年级二班 红星-成绩-2026-11-01至2026-11-29.xlsx'
		);
		expect(reportFileName('???', range)).toBe('小组-成绩-2026-11-01至2026-11-29.xlsx');
	});
});

describe('stage contests in the export', () => {
	const team = (name: string, rank: number, score: number) => ({
		name,
		colour: 0,
		score,
		rank,
		right: 0,
		wrong: 0,
		fouls: 0,
		adjusted: 0
	});
	it('gives a row per team, contests oldest first, teams by rank, the kind in words', () => {
		const rows = stageContestRows([
			{
				kind: 'class',
				title: '闯关',
				teams: [team('全班', 1, 7)],
				questionCount: 10,
				deviceFinishedAt: 5_000,
				receivedAt: 6_000
			},
			{
				kind: 'stage',
				title: '七一竞赛\uFFFF',
				teams: [team('先锋队', 2, 90), team('红星队', 1, 120)],
				questionCount: 20,
				deviceFinishedAt: 9_000,
				receivedAt: 2_000
			}
		]);
		expect(rows.map((r) => [r.playedAt, r.title, r.kind, r.team, r.rank])).toEqual([
			[2_000, '七一竞赛', '现场赛', '红星队', 1],
			[2_000, '七一竞赛', '现场赛', '先锋队', 2],
			[5_000, '闯关', '全班闯关', '全班', 1]
		]);
	});
});
