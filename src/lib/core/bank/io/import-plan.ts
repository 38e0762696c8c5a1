/**
 * An import, decided before anything is written: which rows become which questions (with which
 * ids), and every row that cannot be taken, with its reason.
 */
import type { Audience, Question } from '../schema';
import { deriveIdPrefix, idScheme, nextIds } from './ids';
import { sortIssues, type RowIssue, type RowRef } from './issues';
import { AUDIENCE_LABELS, FIELD_LABELS, normaliseRow, type Draft, type RawQuestion } from './row';
import { findSimilar, NEAR_DUPLICATE_THRESHOLD, questionFingerprint } from './similarity';

export interface ExistingQuestion {
	question: Question;
	/** Where it lives, for messages (questions/01-founding.yaml). */
	where: string;
	/** Set for a draft (草稿): what it still needs (待补解析). */
	draft?: string;
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
	/**
	 * The prefix of new ids while the bank has no numbered ids yet (default: from the bank id,
	 * deriveIdPrefix). Branch banks, whose ids hold a UUID, number their questions `zb-0001`.
	 */
	idPrefix?: string;
	threshold?: number;
	/**
	 * Called as the rows are checked (every 1,000 rows and at the end of each step), so a long
	 * import can show it is working.
	 */
	onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
	step: 'rows' | 'duplicates';
	done: number;
	total: number;
}

export interface ImportPlan {
	/**
	 * The questions to write, in file order, with their ids; `draft` is set for a row that lacks
	 * 解析 or 出处 (待补解析): it is written as a draft, kept out of releases.
	 */
	accepted: { at: RowRef; question: Question; draft?: string; fills?: string }[];
	/** How many of the accepted are drafts. */
	drafts: number;
	/**
	 * How many of the accepted replace a draft of the bank: the row's 编号 names it (`fills` is
	 * the draft's file). That is how drafts are filled in from Excel: export, write the 解析,
	 * import.
	 */
	filled: number;
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
 * Every check runs on every row, also on rows refused for another reason, so one run reports
 * every problem. Rows without 解析 or 出处 are taken as drafts (待补解析). Pure: the caller
 * decides whether to write when some rows were refused.
 *
 * @example planImport({ bankId: 'demo', existing: [], rows }).accepted[0]?.question.id // → 'demo-0001'
 */
export function planImport(input: PlanInput): ImportPlan {
	const errors: RowIssue[] = [];
	const warnings: RowIssue[] = [];
	const refused = new Set<RawQuestion>();
	const progress = input.onProgress ?? (() => {});
	const total = input.rows.length;
	/** Every row, also a refused one: duplicates and ids are checked on all of them in one run. */
	const entries: {
		raw: RawQuestion;
		draft?: Draft;
		at: RowRef;
		id?: string;
		fingerprint: string;
		stem: string;
	}[] = [];
	for (const [i, raw] of input.rows.entries()) {
		const result = normaliseRow(raw, { defaultSource: input.defaultSource });
		warnings.push(...result.warnings);
		if (result.ok) {
			const { draft } = result;
			entries.push({
				raw,
				draft,
				at: draft.at,
				id: draft.id,
				fingerprint: questionFingerprint(draft.question),
				stem: draft.question.stem
			});
		} else {
			errors.push(...result.issues);
			refused.add(raw);
			const { probe } = result;
			entries.push({
				raw,
				at: raw.at,
				id: probe.id,
				fingerprint: questionFingerprint({
					stem: probe.stem,
					options: probe.options.map((text) => ({ text }))
				}),
				stem: probe.stem
			});
		}
		if ((i + 1) % 1000 === 0) progress({ step: 'rows', done: i + 1, total });
	}
	if (total % 1000) progress({ step: 'rows', done: total, total });
	const drafts = entries.filter((e): e is typeof e & { draft: Draft } => e.draft !== undefined);
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
	const bankDrafts = new Map(input.existing.filter((e) => e.draft).map((e) => [e.question.id, e]));
	/** Drafts of the bank that rows fill in, by id. */
	const fills = new Map<string, ExistingQuestion>();
	const idRows = new Map<string, RowRef>();
	for (const { raw, id, at } of entries) {
		if (!id) continue;
		const bankDraft = bankDrafts.get(id);
		if (bankDraft && !idRows.has(id)) {
			fills.set(id, bankDraft);
			idRows.set(id, at);
		} else if (existingIds.has(id) && !bankDraft) {
			const where = whereById.get(id);
			refuse(raw, {
				at,
				column: label(raw, 'id'),
				message: `编号 ${id} 已在题库里使用${where ? `（${where}）` : ''}；新题请清空编号，导入时会自动编号`
			});
		} else {
			const first = idRows.get(id);
			if (first) {
				refuse(raw, {
					at,
					column: label(raw, 'id'),
					message: `编号 ${id} 和${rowName(first)}重复`
				});
			} else idRows.set(id, at);
		}
	}

	// Duplicates and near duplicates, against the bank and against earlier rows (refused or not).
	type Ref = { bank: ExistingQuestion } | { row: (typeof entries)[number] };
	const matches = findSimilar<Ref>(
		entries.map((entry) => ({ item: { row: entry }, text: entry.fingerprint })),
		// A draft being filled in is replaced by its row, not compared with it.
		input.existing
			.filter((e) => !fills.has(e.question.id))
			.map((e) => ({ item: { bank: e }, text: questionFingerprint(e.question) })),
		input.threshold ?? NEAR_DUPLICATE_THRESHOLD
	);
	progress({ step: 'duplicates', done: total, total });
	for (const [i, match] of matches.entries()) {
		const entry = entries[i];
		if (!match || !entry) continue;
		const { raw, at } = entry;
		const other =
			'bank' in match.other
				? `题库里已有的${match.other.bank.draft ? '草稿' : ''} ${match.other.bank.question.id}（${match.other.bank.where}）`
				: rowName(match.other.row.at);
		const otherStem = 'bank' in match.other ? match.other.bank.question.stem : match.other.row.stem;
		const issue = {
			at,
			column: label(raw, 'stem'),
			message: match.exact
				? `与${other}重复：「${short(otherStem)}」`
				: `与${other}很相似（相似度 ${match.similarity.toFixed(2)}），请确认不是重复题：「${short(otherStem)}」`
		};
		if (match.exact) refuse(raw, issue);
		else warnings.push(issue);
	}

	const kept = drafts.filter(({ raw }) => !refused.has(raw));
	const numbered = idScheme([...existingIds, ...idRows.keys()], input.bankId);
	const scheme =
		input.idPrefix && numbered.highest === 0 && numbered.prefix === deriveIdPrefix(input.bankId)
			? { ...numbered, prefix: input.idPrefix }
			: numbered;
	const fillOf = (id: string | undefined) => (id ? fills.get(id)?.where : undefined);
	const fresh = nextIds(
		scheme,
		kept.filter(({ draft }) => !draft.id).length,
		new Set([...existingIds, ...idRows.keys()])
	);
	const newIds = [...fresh];
	const accepted = kept.map(({ draft }) => ({
		at: draft.at,
		question: { ...draft.question, id: draft.id ?? fresh.shift() ?? '' } as Question,
		...(draft.pending ? { draft: draft.pending } : {}),
		...(fillOf(draft.id) ? { fills: fillOf(draft.id) } : {})
	}));
	return {
		accepted,
		drafts: accepted.filter((a) => a.draft).length,
		filled: accepted.filter((a) => a.fills).length,
		errors: sortIssues(errors),
		warnings: sortIssues(warnings),
		refused: refused.size,
		newIds,
		audience: bankAudience,
		audienceFrom
	};
}
