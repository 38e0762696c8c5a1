/**
 * Where an imported row came from and what is wrong with it, in words a teacher can act on.
 */

/** A row of a sheet or CSV file (1-based, as Excel numbers it), or the first line of a GIFT question. */
export interface RowRef {
	/** The worksheet, when the workbook has more than one. */
	sheet?: string;
	row: number;
}

export interface RowIssue {
	at: RowRef;
	/** The column as the file names it (题目, 答案, ...); absent for a problem with the whole row. */
	column?: string;
	message: string;
}

/**
 * The one line a teacher reads for an issue.
 *
 * @example formatRowIssue({ at: { row: 7 }, column: '答案', message: '多选题至少需要两个选项，读到的是 "B"' })
 * // → '第 7 行「答案」：多选题至少需要两个选项，读到的是 "B"'
 */
export function formatRowIssue(issue: RowIssue): string {
	const sheet = issue.at.sheet ? `工作表「${issue.at.sheet}」` : '';
	const column = issue.column ? `「${issue.column}」` : '';
	return `${sheet}第 ${issue.at.row} 行${column}：${issue.message}`;
}

/** Order issues by sheet (in the order sheets first appear), then row, then as found. */
export function sortIssues(issues: readonly RowIssue[]): RowIssue[] {
	const sheetRank = new Map<string, number>();
	for (const { at } of issues) {
		if (!sheetRank.has(at.sheet ?? '')) sheetRank.set(at.sheet ?? '', sheetRank.size);
	}
	return issues
		.map((issue, i) => ({ issue, i }))
		.sort(
			(a, b) =>
				(sheetRank.get(a.issue.at.sheet ?? '') ?? 0) -
					(sheetRank.get(b.issue.at.sheet ?? '') ?? 0) ||
				a.issue.at.row - b.issue.at.row ||
				a.i - b.i
		)
		.map(({ issue }) => issue);
}
