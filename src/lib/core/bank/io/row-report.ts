/**
 * An import's outcome row by row, for a table a person reads: what became of each row (taken,
 * taken as a draft, refused), with its problems and warnings beside it. The admin page's upload
 * shows it; the CLI prints the same issues as lines.
 */
import type { ImportPlan } from './import-plan';
import type { RowIssue, RowRef } from './issues';
import type { RawQuestion } from './row';

export type RowOutcome = 'taken' | 'draft' | 'refused';

export interface ReportRow {
	at: RowRef;
	outcome: RowOutcome;
	/** The id the row got (or asked for); absent for a refused row without one. */
	questionId?: string;
	/** The stem, shortened, so a person finds the row without the file. */
	stem: string;
	/** What a draft still needs (待补解析). */
	draft?: string;
	errors: { column?: string; message: string }[];
	warnings: { column?: string; message: string }[];
}

const STEM_SHOWN = 40;

const rowKey = (at: RowRef) => `${at.sheet ?? ''}\n${at.row}`;

function shorten(text: string): string {
	const one = text.replace(/\s+/g, ' ').trim();
	return one.length > STEM_SHOWN ? one.slice(0, STEM_SHOWN) + '…' : one;
}

/**
 * One entry per row that has something to say (refused, a draft, or a warning), in file order;
 * rows taken without remark are only counted (`clean`). Issues of the file as a whole (a header
 * problem) come back under the row they name.
 *
 * @example importRowReport(rows, plan).rows[0] // → { at: { row: 3 }, outcome: 'draft', draft: '待补解析', … }
 */
export function importRowReport(
	rows: readonly RawQuestion[],
	plan: Pick<ImportPlan, 'accepted' | 'errors' | 'warnings'>
): { rows: ReportRow[]; clean: number } {
	const byRow = new Map<string, ReportRow>();
	const entry = (at: RowRef): ReportRow => {
		const key = rowKey(at);
		let row = byRow.get(key);
		if (!row) {
			row = { at, outcome: 'refused', stem: '', errors: [], warnings: [] };
			byRow.set(key, row);
		}
		return row;
	};
	for (const raw of rows) {
		const row = entry(raw.at);
		row.stem = shorten(raw.stem);
		if (raw.id.trim()) row.questionId = raw.id.trim();
	}
	for (const a of plan.accepted) {
		const row = entry(a.at);
		row.outcome = a.draft ? 'draft' : 'taken';
		row.questionId = a.question.id;
		if (!row.stem) row.stem = shorten(a.question.stem);
		if (a.draft) row.draft = a.draft;
	}
	const issue = (i: RowIssue) =>
		i.column ? { column: i.column, message: i.message } : { message: i.message };
	for (const e of plan.errors) {
		const row = entry(e.at);
		row.outcome = 'refused';
		row.errors.push(issue(e));
	}
	for (const w of plan.warnings) entry(w.at).warnings.push(issue(w));
	const all = [...byRow.values()].sort(
		(a, b) => (a.at.sheet ?? '').localeCompare(b.at.sheet ?? '') || a.at.row - b.at.row
	);
	const told = all.filter((r) => r.outcome !== 'taken' || r.warnings.length || r.errors.length);
	return { rows: told, clean: all.length - told.length };
}
