/**
 * A group's results as an Excel workbook for its admins (成绩导出): who took part in a range of
 * study days and every uploaded attempt. The rows are shaped by core/results-report.ts; this
 * module reads them and writes the .xlsx (UTF-8 inside, so Chinese opens intact in Excel and
 * WPS). exceljs is loaded on the first export, not at server start.
 */
import {
	attemptInRange,
	attemptRows,
	cellText,
	participantRows,
	rangeBounds,
	reportFileName,
	reportRange,
	stageContestRows,
	timeNote,
	tooManyAttempts,
	wallClockAsUtc,
	type ReportAttempt,
	type ReportCheckin,
	type ReportRange,
	type ReportStageContest
} from '$lib/core/group/results-report';
import type { Row, Worksheet } from 'exceljs';
import type { StageContestTeam } from '$lib/core/api-types';
import { type CheckinKind } from '$lib/core/checkin/streak';
import { studyDay, type DayOptions } from '$lib/core/calendar/study-day';
import type { AdminIdentity } from './accounts';
import { ApiError } from './api-error';
import { REMOVED_MARK } from './member-admin';
import { orgDays } from './org-clock';
import type { Db } from './database';
import { groupForAdmin } from './groups';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** RFC 5987 ext-value: encodeURIComponent leaves ' ( ) * ! as they are, which it does not allow. */
export const rfc5987 = (name: string) =>
	encodeURIComponent(name).replace(
		/['()*!]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);

/**
 * The headers of an .xlsx download: an ASCII `filename` for old browsers and `filename*`
 * (RFC 6266/5987) with the Chinese name.
 */
export function xlsxHeaders(fileName: string, asciiName = 'results.xlsx'): HeadersInit {
	return {
		'content-type': XLSX_TYPE,
		'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${rfc5987(fileName)}`,
		'cache-control': 'private, no-store'
	};
}

export interface ResultsExport {
	fileName: string;
	body: Uint8Array<ArrayBuffer>;
	participants: number;
	attempts: number;
	stageContests: number;
}

interface ReportData {
	groupName: string;
	kind: 'branch' | 'class';
	memberCount: number;
	range: ReportRange;
	days: Required<DayOptions>;
	participants: ReturnType<typeof participantRows>;
	attempts: ReturnType<typeof attemptRows>;
	stageContests: ReturnType<typeof stageContestRows>;
	stageContestCount: number;
}

/** The group's results for the range `from`–`to` (study days; defaults: this month to today). */
export async function exportGroupResults(
	db: Db,
	admin: AdminIdentity,
	groupId: string,
	query: { from: string | null; to: string | null },
	bankTitles: ReadonlyMap<string, string>,
	now = Date.now()
): Promise<ResultsExport> {
	const group = await groupForAdmin(db, admin, groupId);
	const days = await orgDays(db, group.id);
	const checked = reportRange(query.from, query.to, studyDay(now, days));
	if (!checked.ok) throw new ApiError(422, 'invalid_field', checked.reason);
	const { range } = checked;
	const { start, end } = rangeBounds(range, days);
	// Played = min(device time, receive time) in [start, end): both at or after start, and one of
	// them before end (index attempt_group_received).
	const inRange = db
		.selectFrom('attempt')
		.where('group_id', '=', group.id)
		.where('received_at', '>=', start)
		.where('device_finished_at', '>=', start)
		.where((eb) => eb.or([eb('device_finished_at', '<', end), eb('received_at', '<', end)]));
	const { count } = await inRange
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.executeTakeFirstOrThrow();
	const tooMany = tooManyAttempts(Number(count));
	if (tooMany) throw new ApiError(422, 'too_large', tooMany);

	const [members, attemptRowsRaw, checkinRows, stageRows] = await Promise.all([
		db
			.selectFrom('member')
			.select(['id', 'display_name', 'removed_at'])
			.where('group_id', '=', group.id)
			.execute(),
		inRange
			.select([
				'member_id',
				'bank_id',
				'bank_version',
				'mode',
				'correct',
				'total',
				'points',
				'answering_ms',
				'device_finished_at',
				'received_at'
			])
			.execute(),
		db
			.selectFrom('checkin')
			.select(['member_id', 'day', 'kind'])
			.where('group_id', '=', group.id)
			.where('day', '>=', range.from)
			.where('day', '<=', range.to)
			.execute(),
		// Stage and classroom contests played in the range, by the same rule as attempts.
		db
			.selectFrom('stage_contest')
			.select(['kind', 'title', 'teams', 'question_count', 'device_finished_at', 'received_at'])
			.where('group_id', '=', group.id)
			.where('received_at', '>=', start)
			.where('device_finished_at', '>=', start)
			.where((eb) => eb.or([eb('device_finished_at', '<', end), eb('received_at', '<', end)]))
			.execute()
	]);
	// A removed member's results stay in the file, their name marked so the reader knows.
	const reportMembers = members.map((m) => ({
		id: m.id,
		name: m.removed_at === null ? m.display_name : `${m.display_name}${REMOVED_MARK}`
	}));
	const attempts: ReportAttempt[] = attemptRowsRaw
		.map((a) => ({
			memberId: a.member_id,
			bankId: a.bank_id,
			bankVersion: a.bank_version,
			mode: a.mode,
			correct: Number(a.correct),
			total: Number(a.total),
			points: a.points === null ? null : Number(a.points),
			answeringMs: Number(a.answering_ms),
			deviceFinishedAt: Number(a.device_finished_at),
			receivedAt: Number(a.received_at)
		}))
		.filter((a) => attemptInRange(a, range, days));
	const checkins: ReportCheckin[] = checkinRows.map((c) => ({
		memberId: c.member_id,
		day: c.day,
		kind: c.kind as CheckinKind
	}));
	const contests: ReportStageContest[] = stageRows
		.map((c) => ({
			kind: c.kind,
			title: c.title,
			// Written by the server's own fold on ingest (stage-records.ts), so its shape is known.
			teams: JSON.parse(c.teams) as StageContestTeam[],
			questionCount: Number(c.question_count),
			deviceFinishedAt: Number(c.device_finished_at),
			receivedAt: Number(c.received_at)
		}))
		.filter((c) => attemptInRange(c, range, days));
	const data: ReportData = {
		groupName: group.name,
		kind: group.kind,
		memberCount: members.length,
		range,
		days,
		participants: participantRows(reportMembers, attempts, checkins),
		attempts: attemptRows(reportMembers, attempts, bankTitles),
		stageContests: stageContestRows(contests),
		stageContestCount: contests.length
	};
	return {
		fileName: reportFileName(group.name, range),
		body: await writeWorkbook(data, now),
		participants: data.participants.length,
		attempts: data.attempts.length,
		stageContests: data.stageContestCount
	};
}

const DATE_TIME = 'yyyy-mm-dd hh:mm';

/** A column of a sheet: the row key, the header text, the width, and a number format. */
type Column = readonly [key: string, header: string, width: number, numFmt?: string];

/** Set a sheet's columns and write their header row (returned, to be styled). */
function addTable(sheet: Worksheet, columns: readonly Column[]): Row {
	sheet.columns = columns.map(([key, , width, numFmt]) =>
		numFmt ? { key, width, style: { numFmt } } : { key, width }
	);
	return sheet.addRow(columns.map(([, header]) => header));
}

async function writeWorkbook(data: ReportData, now: number): Promise<Uint8Array<ArrayBuffer>> {
	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	book.creator = '口袋课堂';
	book.created = new Date(now);
	const zone = data.days.timeZone;
	const asDate = (instant: number) => new Date(wallClockAsUtc(instant, zone));
	const who = data.kind === 'class' ? '学生' : '成员';

	const people = book.addWorksheet('参与情况', { views: [{ state: 'frozen', ySplit: 3 }] });
	people.addRow([
		`${cellText(data.groupName)} · 成绩与参与 · ${data.range.from} 至 ${data.range.to}`
	]);
	people.addRow([
		`参与 ${data.participants.length} 人（共 ${data.memberCount} 名${who}）· 按姓名排序 · ${timeNote(data.days)}`
	]);
	people.getRow(1).font = { bold: true, size: 14 };
	const peopleHeader = addTable(people, [
		['name', '姓名', 14],
		['attempts', '答题次数', 10],
		['questions', '答题数', 10],
		['correct', '答对数', 10],
		['accuracy', '正确率', 10, '0%'],
		['bestTimedPoints', '限时赛最高分', 14],
		['bestChallengeRun', '挑战最长连对', 14],
		['yunDays', '云学天数', 10],
		['yueDays', '悦读天数', 10],
		['jiangDays', '讲坛天数', 10],
		['lastPlayedAt', '最近答题', 18, DATE_TIME]
	]);
	for (const p of data.participants) {
		people.addRow({
			...p,
			lastPlayedAt: p.lastPlayedAt === null ? null : asDate(p.lastPlayedAt)
		});
	}

	const detail = book.addWorksheet('答题明细', { views: [{ state: 'frozen', ySplit: 1 }] });
	const detailHeader = addTable(detail, [
		['name', '姓名', 14],
		['bank', '题库', 22],
		['version', '版本', 9],
		['mode', '玩法', 10],
		['correct', '答对', 8],
		['total', '题数', 8],
		['points', '得分', 8],
		['seconds', '用时（秒）', 12],
		['playedAt', '完成时间', 18, DATE_TIME],
		['receivedAt', '上传时间', 18, DATE_TIME]
	]);
	for (const a of data.attempts) {
		detail.addRow({ ...a, playedAt: asDate(a.playedAt), receivedAt: asDate(a.receivedAt) });
	}

	const stage = book.addWorksheet('现场赛', { views: [{ state: 'frozen', ySplit: 1 }] });
	const stageHeader = addTable(stage, [
		['playedAt', '结束时间', 18, DATE_TIME],
		['title', '比赛名称', 24],
		['kind', '类型', 10],
		['questions', '题数', 8],
		['team', '队伍', 14],
		['rank', '名次', 8],
		['score', '得分', 8],
		['right', '答对', 8],
		['wrong', '答错', 8],
		['fouls', '犯规', 8],
		['adjusted', '评委调整', 10]
	]);
	for (const r of data.stageContests) stage.addRow({ ...r, playedAt: asDate(r.playedAt) });

	for (const [sheet, header] of [
		[people, peopleHeader],
		[detail, detailHeader],
		[stage, stageHeader]
	] as const) {
		header.font = { bold: true };
		sheet.autoFilter = {
			from: { row: header.number, column: 1 },
			to: { row: header.number, column: sheet.columnCount }
		};
		// Printed for the branch's records: landscape, one page wide, the header on every page.
		sheet.pageSetup = {
			orientation: 'landscape',
			fitToPage: true,
			fitToWidth: 1,
			fitToHeight: 0,
			printTitlesRow: `${header.number}:${header.number}`
		};
	}
	return new Uint8Array(await book.xlsx.writeBuffer());
}
