/**
 * A group's results report for a range of study days (成绩与参与, exported to Excel by the
 * server): who took part and with what results, and every uploaded attempt. Pure: the server
 * reads the rows, this shapes them, exceljs writes the file.
 *
 * Respect rule (DESIGN.md): the report lists the members who took part in the range and gives
 * only the count of the others, never their names. Participants are sorted by name, not by
 * score, so the sheet is a register, not a ranking.
 */
import { ATTEMPT_MODES, type AttemptMode } from '../play/modes';
import { MODE_LABELS } from '../play/modes';
import { type CheckinKind } from '../checkin/streak';
import {
	addDays,
	DEFAULT_START_HOUR,
	DEFAULT_TIME_ZONE,
	dayNumber,
	isDay,
	studyDay,
	type DayOptions
} from '../calendar/study-day';
import { zonedParts } from '../calendar/zone-parts';
import type { StageContestTeam } from '../api-types';
import { CONTEST_KIND_LABELS, CONTEST_KINDS, type ContestKind } from '../stage/rules';
import { instantOf } from '../calendar/zoned-time';

/** The longest range one export may cover: a year, so a whole campaign fits in one file. */
export const REPORT_MAX_DAYS = 366;

/**
 * The most attempts one file may list: far below Excel's 1,048,576 rows, and small enough that
 * the server writes it in seconds without holding a large share of its memory.
 */
export const REPORT_MAX_ATTEMPTS = 100_000;

/** Why an export that would list `count` attempts is refused, or null when it may run. */
export function tooManyAttempts(count: number): string | null {
	return count > REPORT_MAX_ATTEMPTS
		? `这段时间共有 ${count} 次答题，超过一个文件的上限 ${REPORT_MAX_ATTEMPTS} 次，请缩短日期范围`
		: null;
}

/**
 * Text as a spreadsheet cell may hold it: characters XML 1.0 forbids (U+FFFE, U+FFFF, lone
 * surrogates, control characters other than tab and line breaks) are dropped. One such character
 * in one name would make Excel call the whole workbook damaged.
 */
export function cellText(text: string): string {
	return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

/**
 * How the report names the times it shows: 北京时间 for China's zone, otherwise the zone's id,
 * and the hour a study day starts, so a quiz at 02:00 in the next month's first night is
 * understood to belong to the month before.
 *
 * @example timeNote({ timeZone: 'Asia/Shanghai', startHour: 4 }) // → '时间为北京时间，学习日从 4:00 起算'
 */
export function timeNote(days: DayOptions): string {
	const zone = days.timeZone ?? DEFAULT_TIME_ZONE;
	const words = zone === 'Asia/Shanghai' ? '北京时间' : zone;
	return `时间为${words}，学习日从 ${days.startHour ?? DEFAULT_START_HOUR}:00 起算`;
}

export interface ReportRange {
	/** First study day, 'YYYY-MM-DD' in the org's zone. */
	from: string;
	/** Last study day, inclusive. */
	to: string;
}

export type RangeCheck = { ok: true; range: ReportRange } | { ok: false; reason: string };

/**
 * Check a range typed into the admin page. Left out, `from` is the first of `today`'s month and
 * `to` is `today`. A range may not end after today, start after it ends, or exceed
 * REPORT_MAX_DAYS.
 *
 * @example reportRange(null, null, '2026-11-29') // → { ok: true, range: { from: '2026-11-01', to: '2026-11-29' } }
 */
export function reportRange(from: string | null, to: string | null, today: string): RangeCheck {
	const first = from || `${today.slice(0, 8)}01`;
	const last = to || today;
	if (!isDay(first)) return { ok: false, reason: `开始日期「${first}」不是有效日期` };
	if (!isDay(last)) return { ok: false, reason: `结束日期「${last}」不是有效日期` };
	if (first > last) return { ok: false, reason: '开始日期不能晚于结束日期' };
	if (last > today) return { ok: false, reason: '结束日期不能晚于今天' };
	if (dayNumber(last) - dayNumber(first) + 1 > REPORT_MAX_DAYS) {
		return { ok: false, reason: `一次最多导出 ${REPORT_MAX_DAYS} 天` };
	}
	return { ok: true, range: { from: first, to: last } };
}

export interface ReportMember {
	id: string;
	name: string;
}

export interface ReportAttempt {
	memberId: string;
	bankId: string;
	bankVersion: string;
	mode: string;
	correct: number;
	total: number;
	/** Server-scored points; null for rows not yet scored. */
	points: number | null;
	answeringMs: number;
	deviceFinishedAt: number;
	receivedAt: number;
}

/** A stage or classroom contest stored for the group, with the scores of the server's fold. */
export interface ReportStageContest {
	kind: string;
	title: string;
	teams: readonly StageContestTeam[];
	questionCount: number;
	deviceFinishedAt: number;
	receivedAt: number;
}

export interface ReportCheckin {
	memberId: string;
	day: string;
	kind: CheckinKind;
}

/**
 * When an attempt counts as played: the device's finishing time, but never after the server
 * received it (a phone whose clock runs days ahead cannot move a result into the future).
 */
export function playedAt(a: Pick<ReportAttempt, 'deviceFinishedAt' | 'receivedAt'>): number {
	return Math.min(a.deviceFinishedAt, a.receivedAt);
}

/** Whether an attempt was played on a study day inside the range. */
export function attemptInRange(
	a: Pick<ReportAttempt, 'deviceFinishedAt' | 'receivedAt'>,
	range: ReportRange,
	days: DayOptions
): boolean {
	const day = studyDay(playedAt(a), days);
	return day >= range.from && day <= range.to;
}

export interface ParticipantRow {
	name: string;
	attempts: number;
	questions: number;
	correct: number;
	/** correct / questions, 0–1; null without questions. */
	accuracy: number | null;
	/** Best 限时赛 round by server points; null when none was played. */
	bestTimedPoints: number | null;
	/** Longest 挑战答题 run (correct answers before the first miss); null when none. */
	bestChallengeRun: number | null;
	/** Study days with a check-in of each kind. */
	yunDays: number;
	yueDays: number;
	jiangDays: number;
	/** Last attempt played, ms; null with check-ins only. */
	lastPlayedAt: number | null;
}

const collator = new Intl.Collator('zh-CN');

/**
 * One row per member who took part in the range (an attempt or a check-in), sorted by name
 * (pinyin order). Attempts and check-ins must already be limited to the range and the group.
 */
export function participantRows(
	members: readonly ReportMember[],
	attempts: readonly ReportAttempt[],
	checkins: readonly ReportCheckin[]
): ParticipantRow[] {
	const rows = new Map<string, ParticipantRow>();
	const names = new Map(members.map((m) => [m.id, cellText(m.name)]));
	const rowOf = (memberId: string): ParticipantRow | undefined => {
		const name = names.get(memberId);
		if (name === undefined) return undefined;
		let row = rows.get(memberId);
		if (!row) {
			row = {
				name,
				attempts: 0,
				questions: 0,
				correct: 0,
				accuracy: null,
				bestTimedPoints: null,
				bestChallengeRun: null,
				yunDays: 0,
				yueDays: 0,
				jiangDays: 0,
				lastPlayedAt: null
			};
			rows.set(memberId, row);
		}
		return row;
	};
	for (const a of attempts) {
		const row = rowOf(a.memberId);
		if (!row) continue;
		row.attempts += 1;
		row.questions += a.total;
		row.correct += a.correct;
		if (a.mode === 'timed' && a.points !== null) {
			row.bestTimedPoints = Math.max(row.bestTimedPoints ?? 0, a.points);
		}
		if (a.mode === 'challenge')
			row.bestChallengeRun = Math.max(row.bestChallengeRun ?? 0, a.correct);
		row.lastPlayedAt = Math.max(row.lastPlayedAt ?? 0, playedAt(a));
	}
	// The server keeps one check-in per member, day and kind, so each row is one day.
	const field = { yun: 'yunDays', yue: 'yueDays', jiang: 'jiangDays' } as const;
	for (const c of checkins) {
		const row = rowOf(c.memberId);
		if (row) row[field[c.kind]] += 1;
	}
	for (const row of rows.values()) {
		row.accuracy = row.questions ? row.correct / row.questions : null;
	}
	return [...rows.values()].sort((a, b) => collator.compare(a.name, b.name));
}

const isMode = (mode: string): mode is AttemptMode =>
	(ATTEMPT_MODES as readonly string[]).includes(mode);

export interface AttemptRow {
	name: string;
	bank: string;
	version: string;
	mode: string;
	correct: number;
	total: number;
	points: number | null;
	seconds: number;
	playedAt: number;
	receivedAt: number;
}

/**
 * Every attempt as a row, oldest first, with the bank's title where known and the mode in
 * words. Attempts of members not in `members` are left out.
 */
export function attemptRows(
	members: readonly ReportMember[],
	attempts: readonly ReportAttempt[],
	bankTitles: ReadonlyMap<string, string>
): AttemptRow[] {
	const names = new Map(members.map((m) => [m.id, cellText(m.name)]));
	const rows: AttemptRow[] = [];
	for (const a of attempts) {
		const name = names.get(a.memberId);
		if (name === undefined) continue;
		rows.push({
			name,
			bank: cellText(bankTitles.get(a.bankId) ?? a.bankId),
			version: cellText(a.bankVersion),
			mode: isMode(a.mode) ? MODE_LABELS[a.mode] : cellText(a.mode),
			correct: a.correct,
			total: a.total,
			points: a.points,
			seconds: Math.round(a.answeringMs / 1000),
			playedAt: playedAt(a),
			receivedAt: a.receivedAt
		});
	}
	return rows.sort((a, b) => a.playedAt - b.playedAt);
}

/**
 * An instant as the org's wall clock, encoded as if it were UTC. Spreadsheet dates carry no
 * zone, and exceljs writes a Date by its UTC fields, so a secretary sees 20:15 for a quiz done
 * at 20:15 in 金河镇 whatever zone the server or the office PC is set to.
 *
 * @example wallClockAsUtc(Date.parse('2026-11-29T12:15:00Z'), 'Asia/Shanghai') // → Date.UTC(2026, 10, 29, 20, 15)
 */
export function wallClockAsUtc(instant: number, timeZone: string): number {
	const p = zonedParts(instant, timeZone);
	return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The file name offered for download: group, what and range, e.g. 「第一支部-成绩-2026-11-01至2026-11-29.xlsx」. */
export function reportFileName(groupName: string, range: ReportRange): string {
	// Characters Windows refuses in file names are dropped.
	const safe =
		cellText(groupName)
			.replace(/[\\/:*?"<>|\p{Cc}]/gu, '')
			.trim() || '小组';
	return `${safe}-成绩-${range.from}至${range.to}.xlsx`;
}

/**
 * The instants the range covers, half-open [start, end): from the start hour of its first study
 * day to the start hour of the day after its last, for an index-friendly query. The exact study
 * day of each attempt is then checked with attemptInRange.
 */
export function rangeBounds(range: ReportRange, days: DayOptions): { start: number; end: number } {
	const zone = days.timeZone ?? DEFAULT_TIME_ZONE;
	const hour = `${String(days.startHour ?? DEFAULT_START_HOUR).padStart(2, '0')}:00`;
	const start = instantOf(range.from, hour, zone);
	const end = instantOf(addDays(range.to, 1), hour, zone);
	if (start === null || end === null) throw new Error(`not a range: ${range.from}..${range.to}`);
	return { start, end };
}

export interface StageContestRow {
	playedAt: number;
	title: string;
	kind: string;
	questions: number;
	team: string;
	rank: number;
	score: number;
	right: number;
	wrong: number;
	fouls: number;
	/** The sum of the judges' adjustments (评委调整), signed. */
	adjusted: number;
}

const isContestKind = (kind: string): kind is ContestKind =>
	(CONTEST_KINDS as readonly string[]).includes(kind);

/**
 * Stage and classroom contests (现场赛, 小组赛, 全班闯关) as rows of the export: one row per team,
 * contests oldest first, teams by rank, the kind in words. Text cells are formula-safe. A team is
 * a team, not a pupil, so a class's 小组赛 ranks groups, never children (DESIGN.md).
 *
 * @example stageContestRows([{ kind: 'stage', title: '七一竞赛', teams: [红星, 先锋], … }])
 * // → [{ title: '七一竞赛', kind: '现场赛', team: '红星队', rank: 1, … }, { …, team: '先锋队', rank: 2 }]
 */
export function stageContestRows(contests: readonly ReportStageContest[]): StageContestRow[] {
	const ordered = [...contests].sort((a, b) => playedAt(a) - playedAt(b));
	return ordered.flatMap((c) =>
		[...c.teams]
			.sort((a, b) => a.rank - b.rank)
			.map((t) => ({
				playedAt: playedAt(c),
				title: cellText(c.title),
				kind: isContestKind(c.kind) ? CONTEST_KIND_LABELS[c.kind] : cellText(c.kind),
				questions: c.questionCount,
				team: cellText(t.name),
				rank: t.rank,
				score: t.score,
				right: t.right,
				wrong: t.wrong,
				fouls: t.fouls,
				adjusted: t.adjusted
			}))
	);
}
