/**
 * A competition's results as an Excel workbook (成绩表) for its admins. Rows come from
 * core/competition/report.ts over the server-scored standings; the sheet is written like the
 * group export (results-export.ts): text cells through `cellText`, so no character XML cannot
 * hold reaches the file, and every answer written as a string value, never a formula (exceljs
 * writes a formula only when given `{ formula }`, so a cell reading "=1+1" stays text).
 */
import { cellText, wallClockAsUtc } from '$lib/core/group/results-report';
import { exportRows } from '$lib/core/competition/report';
import type { AdminIdentity } from './accounts';
import { questionsOf, type BankRegistry } from './bank-registry';
import { competitionForAdmin, orgZone, standings } from './competitions';
import type { Db } from './database';

export interface CompetitionExport {
	fileName: string;
	body: Uint8Array<ArrayBuffer>;
	rows: number;
}

/** The download name: the title with characters Windows refuses dropped. */
export function competitionFileName(title: string): string {
	const safe =
		cellText(title)
			.replace(/[\\/:*?"<>|\p{Cc}]/gu, '')
			.trim() || '竞赛';
	return `${safe}-成绩.xlsx`;
}

export async function exportCompetition(
	db: Db,
	registry: BankRegistry,
	admin: AdminIdentity,
	id: string,
	now = Date.now()
): Promise<CompetitionExport> {
	const c = await competitionForAdmin(db, admin, id);
	const { timeZone } = await orgZone(db, c.row.org_id);
	const all = await standings(db, c, { withAnswers: true });
	const questions = questionsOf(registry, c.row.bank_id, c.row.bank_version) ?? new Map();
	const drawn = c.rules.paper.kind === 'draw';
	const rows = exportRows(all, questions, c.row.question_count, drawn);

	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	book.creator = '口袋课堂';
	book.created = new Date(now);
	const sheet = book.addWorksheet('成绩', { views: [{ state: 'frozen', ySplit: 2, xSplit: 2 }] });
	sheet.addRow([
		cellText(
			`${c.row.title} · 参赛 ${rows.length} 人 · 得分为答对题数（共 ${c.row.question_count} 题）· 时间为${timeZone === 'Asia/Shanghai' ? '北京时间' : timeZone}`
		)
	]);
	const questionHeaders = Array.from({ length: c.row.question_count }, (_, i) => {
		if (drawn) return `第${i + 1}题`;
		const qid = c.rules.paper.kind === 'fixed' ? c.rules.paper.questionIds[i] : undefined;
		return `第${i + 1}题 ${qid ?? ''}`.trim();
	});
	const header = sheet.addRow([
		'名次',
		'姓名',
		'支部',
		'得分',
		'用时（秒）',
		'交卷时间',
		...questionHeaders
	]);
	for (const r of rows) {
		sheet.addRow([
			r.rank ?? null,
			cellText(r.name),
			cellText(r.group),
			r.score,
			r.seconds,
			new Date(wallClockAsUtc(r.submittedAt, timeZone)),
			...r.cells.map(cellText)
		]);
	}
	sheet.getRow(1).font = { bold: true, size: 14 };
	header.font = { bold: true };
	const widths = [6, 14, 16, 8, 10, 18];
	sheet.columns.forEach((col, i) => {
		col.width = widths[i] ?? (drawn ? 20 : 12);
	});
	sheet.getColumn(6).numFmt = 'yyyy-mm-dd hh:mm';
	sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: sheet.columnCount } };
	sheet.pageSetup = {
		orientation: 'landscape',
		fitToPage: true,
		fitToWidth: 1,
		fitToHeight: 0,
		printTitlesRow: '2:2'
	};
	return {
		fileName: competitionFileName(c.row.title),
		body: new Uint8Array(await book.xlsx.writeBuffer()),
		rows: rows.length
	};
}
