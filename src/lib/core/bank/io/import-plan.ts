/**
 * An import, decided before anything is written: which rows become which questions (with which
 * ids), and every row that cannot be taken, with its reason.
 */
import type { Audience, Question } from '../schema';
import { idScheme, nextIds } from './ids';
import { sortIssues, type RowIssue, type RowRef } from './issues';
import { AUDIENCE_LABELS, FIELD_LABELS, normaliseRow, type Draft, type RawQuestion } from './row';
import { findSimilar, NEAR_DUPLICATE_THRESHOLD, questionFingerprint } from './similarity';

export interface ExistingQuestion {
	question: Question;
	/** Where it lives, for messages (questions/01-founding.yaml). */
	where: string;
}

export interface PlanInput {
	bankId: string;
	/** The bank's audience, or the one asked for; undefined lets the file's 适用对象 decide. */
	audience?: Audience;
	existing: readonly ExistingQuestion[];
	/** Every id the bank's files use, also of questions that do not parse right now. */
	existingIds?: readonly string[];
	rows: readonly RawQuestion[];
	/** 出处 for rows that leave it empty. */
	defaultSource?: string;
	threshold?: number;
}

export interface ImportPlan {
	/** The questions to write, in file order, with their ids. */
	accepted: { at: RowRef; question: Question }[];
	/** Problems that refuse a row, sorted by row. */
	errors: RowIssue[];
	/** Things worth a look that do not refuse a row (near duplicates, ignored columns). */
	warnings: RowIssue[];
	/** How many rows were refused. */
	refused: number;
	/** The ids given to rows that did not bring one, in order. */
	newIds: string[];
	audience: Audience;
	audienceFrom: 'bank' | 'file' | 'default';
}

function short(text: string): string {
	return text.length > 30 ? text.slice(0, 30) + '…' : text;
}

function rowName(at: RowRef): string {
	return `${at.sheet ? `工作表「${at.sheet}」` : ''}第 ${at.row} 行`;
}

/**
 * Reads every row (normaliseRow), settles the audience, refuses ids that are taken and
 * duplicates (of a bank question or an earlier row), warns about near duplicates (similarity
 * ≥ NEAR_DUPLICATE_THRESHOLD) and gives the new questions the bank's next ids (idScheme).
 * Pure: the caller decides whether to write when some rows were refused.
 *
 * @example planImport({ bankId: 'demo', existing: [], rows }).accepted[0]?.question.id // → 'demo-0001'
 */
export function planImport(input: PlanInput): ImportPlan {
	const errors: RowIssue[] = [];
	const warnings: RowIssue[] = [];
	const refused = new Set<RawQuestion>();
	const drafts: { raw: RawQuestion; draft: Draft }[] = [];
	for (const raw of input.rows) {
		const result = normaliseRow(raw, { defaultSource: input.defaultSource });
		if (result.ok) drafts.push({ raw, draft: result.draft });
		else {
			errors.push(...result.issues);
			refused.add(raw);
		}
	}
	const refuse = (raw: RawQuestion, issue: RowIssue) => {
		errors.push(issue);
		refused.add(raw);
	};
	const label = (raw: RawQuestion, field: keyof typeof FIELD_LABELS) =>
		raw.labels?.[field] ?? FIELD_LABELS[field];

	// One bank has one audience: rows must agree with it (or with the first row that names one).
	let audience = input.audience;
	let audienceFrom: ImportPlan['audienceFrom'] = input.audience ? 'bank' : 'default';
	if (!audience) {
		const named = drafts.find((d) => d.draft.audience)?.draft.audience;
		if (named) {
			audience = named;
			audienceFrom = 'file';
		}
	}
	const bankAudience = audience ?? 'all';
	for (const { raw, draft } of drafts) {
		if (draft.audience && draft.audience !== bankAudience) {
			refuse(raw, {
				at: draft.at,
				column: label(raw, 'audience'),
				message: `这道题的适用对象是「${AUDIENCE_LABELS[draft.audience]}」，但题库 ${input.bankId} 的是「${AUDIENCE_LABELS[bankAudience]}」：一个题库只有一个适用对象，请分开导入`
			});
		}
	}

	// Ids the rows ask for must be free in the bank and in the file.
	const whereById = new Map<string, string>();
	for (const e of input.existing) whereById.set(e.question.id, e.where);
	const existingIds = new Set([...(input.existingIds ?? []), ...whereById.keys()]);
	const idRows = new Map<string, RowRef>();
	for (const { raw, draft } of drafts) {
		if (!draft.id) continue;
		if (existingIds.has(draft.id)) {
			const where = whereById.get(draft.id);
			refuse(raw, {
				at: draft.at,
				column: label(raw, 'id'),
				message: `编号 ${draft.id} 已在题库里使用${where ? `（${where}）` : ''}；新题请清空编号，导入时会自动编号`
			});
		} else {
			const first = idRows.get(draft.id);
			if (first) {
				refuse(raw, {
					at: draft.at,
					column: label(raw, 'id'),
					message: `编号 ${draft.id} 和${rowName(first)}重复`
				});
			} else idRows.set(draft.id, draft.at);
		}
	}

	// Duplicates and near duplicates, against the bank and against earlier rows.
	type Ref = { bank: ExistingQuestion } | { row: Draft };
	const matches = findSimilar<Ref>(
		drafts.map(({ draft }) => ({
			item: { row: draft },
			text: questionFingerprint(draft.question)
		})),
		input.existing.map((e) => ({ item: { bank: e }, text: questionFingerprint(e.question) })),
		input.threshold ?? NEAR_DUPLICATE_THRESHOLD
	);
	for (const [i, match] of matches.entries()) {
		const entry = drafts[i];
		if (!match || !entry) continue;
		const { raw, draft } = entry;
		const other =
			'bank' in match.other
				? `题库里已有的 ${match.other.bank.question.id}（${match.other.bank.where}）`
				: rowName(match.other.row.at);
		const otherStem =
			'bank' in match.other ? match.other.bank.question.stem : match.other.row.question.stem;
		const issue = {
			at: draft.at,
			column: label(raw, 'stem'),
			message: match.exact
				? `与${other}重复：「${short(otherStem)}」`
				: `与${other}很相似（相似度 ${match.similarity.toFixed(2)}），请确认不是重复题：「${short(otherStem)}」`
		};
		if (match.exact) refuse(raw, issue);
		else warnings.push(issue);
	}

	const kept = drafts.filter(({ raw }) => !refused.has(raw));
	const scheme = idScheme([...existingIds, ...idRows.keys()], input.bankId);
	const fresh = nextIds(
		scheme,
		kept.filter(({ draft }) => !draft.id).length,
		new Set([...existingIds, ...idRows.keys()])
	);
	const newIds = [...fresh];
	const accepted = kept.map(({ draft }) => ({
		at: draft.at,
		question: { ...draft.question, id: draft.id ?? fresh.shift() ?? '' } as Question
	}));
	return {
		accepted,
		errors: sortIssues(errors),
		warnings: sortIssues(warnings),
		refused: refused.size,
		newIds,
		audience: bankAudience,
		audienceFrom
	};
}
