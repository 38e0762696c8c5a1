/**
 * Competitions (知识竞赛) on the server: admins create, edit, publish and read them; members list
 * theirs, fetch their paper (no keys), and read their result and the boards once released. The
 * rules are core/competition/*; this module reads and writes rows and decides who may see what.
 * docs/competition-api.md is the contract.
 */
import { sql } from 'kysely';
import * as v from 'valibot';
import type { Question } from '$lib/core/bank/schema';
import { studyDay } from '$lib/core/calendar/study-day';
import { analyseMarks, markIds } from '$lib/core/competition/analysis';
import { drawPaper, paperSeed, servePaperQuestion } from '$lib/core/competition/paper';
import {
	awardFor,
	countedTry,
	groupBoard,
	rankEntrants,
	type RankInput
} from '$lib/core/competition/ranking';
import {
	awardTierSchema,
	checkInput,
	competitionInputSchema,
	competitionPatchSchema,
	MAX_AWARD_TIERS
} from '$lib/core/competition/schema';
import { competitionStatus, isReleased, releaseAt } from '$lib/core/competition/scoring';
import type {
	AwardTier,
	CertificateData,
	Competition,
	CompetitionBoard,
	CompetitionInput,
	CompetitionListing,
	EntrantRow,
	ItemAnalysis,
	MemberPaper,
	MemberResult,
	PaperSpec,
	ReleasedQuestion,
	ScoredAnswer,
	TimeLimit
} from '$lib/core/competition/types';
import type { AdminIdentity } from './accounts';
import { ApiError } from './api-error';
import { conflictsOf, questionsOf, type BankRegistry } from './bank-registry';
import type { Database, Db } from './database';
import { listGroups } from './groups';
import type { MemberIdentity } from './members';
import { newId } from './tokens';

type Row = Database['competition'];

/** What the `rules` column holds. */
interface StoredRules {
	paper: PaperSpec;
	timeLimit: TimeLimit | null;
	awards: AwardTier[];
}

/** A competition row with its groups, as the rules need it. */
export interface LoadedCompetition {
	row: Row;
	rules: StoredRules;
	groupIds: string[];
}

/** Closed competitions stay in a member's list this long, for results and boards. */
export const LISTED_AFTER_CLOSE_MS = 30 * 24 * 60 * 60 * 1000;
/** Rows of the member board a member sees (plus "you"). */
export const MEMBER_BOARD_TOP = 10;

const NOT_FOUND = () => new ApiError(404, 'not_found', '找不到这个竞赛');

function invalid(issues: readonly v.BaseIssue<unknown>[]): ApiError {
	const issue = issues[0];
	const path = issue?.path?.map((p) => String(p.key)).join('.');
	const message = issue?.message ?? '内容不正确';
	// valibot's own messages are English; ours are Chinese. Name the field for either.
	return new ApiError(
		422,
		'invalid_field',
		/[\u4e00-\u9fff]/.test(message) ? message : `「${path ?? ''}」不正确：${message}`
	);
}

export async function loadCompetition(db: Db, id: string): Promise<LoadedCompetition | null> {
	const row = await db
		.selectFrom('competition')
		.selectAll()
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const groups = await db
		.selectFrom('competition_group')
		.select('group_id')
		.where('competition_id', '=', id)
		.execute();
	return {
		row: normalizeRow(row),
		rules: JSON.parse(row.rules) as StoredRules,
		groupIds: groups.map((g) => g.group_id).sort()
	};
}

/** PostgreSQL may hand back bigints as numbers already (database.ts); SQLite too. Keep numbers. */
function normalizeRow(row: Row): Row {
	return {
		...row,
		opens_at: Number(row.opens_at),
		closes_at: Number(row.closes_at),
		grace_ms: Number(row.grace_ms),
		tries: Number(row.tries),
		question_count: Number(row.question_count),
		created_at: Number(row.created_at),
		updated_at: Number(row.updated_at),
		published_at: row.published_at === null ? null : Number(row.published_at)
	};
}

async function orgZone(
	db: Db,
	orgId: string
): Promise<{ timeZone: string; startHour: number; name: string }> {
	const org = await db
		.selectFrom('org')
		.select(['time_zone', 'start_hour', 'name'])
		.where('id', '=', orgId)
		.executeTakeFirstOrThrow();
	return { timeZone: org.time_zone, startHour: Number(org.start_hour), name: org.name };
}

function inputOf(c: LoadedCompetition): CompetitionInput {
	return {
		title: c.row.title,
		groupIds: c.groupIds,
		bankId: c.row.bank_id,
		bankVersion: c.row.bank_version,
		paper: c.rules.paper,
		opensAt: c.row.opens_at,
		closesAt: c.row.closes_at,
		graceMs: c.row.grace_ms,
		timeLimit: c.rules.timeLimit,
		tries: c.row.tries,
		tryRule: c.row.try_rule,
		release: c.row.release,
		awards: c.rules.awards
	};
}

function view(c: LoadedCompetition, timeZone: string, now: number): Competition {
	return {
		...inputOf(c),
		id: c.row.id,
		createdBy: c.row.created_by,
		createdAt: c.row.created_at,
		updatedAt: c.row.updated_at,
		publishedAt: c.row.published_at,
		status: competitionStatus(windowOf(c), now),
		questionCount: c.row.question_count,
		timeZone
	};
}

function windowOf(c: LoadedCompetition) {
	return {
		opensAt: c.row.opens_at,
		closesAt: c.row.closes_at,
		graceMs: c.row.grace_ms,
		publishedAt: c.row.published_at
	};
}

/** The groups this admin may use: every group of the org for an org admin, else their own. */
async function usableGroups(db: Db, admin: AdminIdentity) {
	return new Map((await listGroups(db, admin)).map((g) => [g.id, g]));
}

/** The competition, if this admin may manage it (all its groups are theirs); a 404 otherwise. */
async function forAdmin(db: Db, admin: AdminIdentity, id: string): Promise<LoadedCompetition> {
	const c = await loadCompetition(db, id);
	if (!c || c.row.org_id !== admin.orgId) throw NOT_FOUND();
	if (admin.scope !== 'org') {
		const mine = await usableGroups(db, admin);
		if (!c.groupIds.every((g) => mine.has(g))) throw NOT_FOUND();
	}
	return c;
}

/** Checks every rule of a full input against the groups and the bank; the paper length. */
async function checkFull(
	db: Db,
	registry: BankRegistry,
	admin: AdminIdentity,
	input: CompetitionInput
): Promise<number> {
	const reason = checkInput(input);
	if (reason) throw new ApiError(422, 'invalid_field', reason);
	const mine = await usableGroups(db, admin);
	if (input.groupIds.some((g) => !mine.has(g))) {
		throw admin.scope === 'org'
			? new ApiError(422, 'invalid_field', '找不到所选的支部或班级')
			: new ApiError(403, 'forbidden', '只能为自己管理的支部或班级创建竞赛');
	}
	const questions = questionsOf(registry, input.bankId, input.bankVersion);
	if (!questions) {
		throw new ApiError(
			422,
			'invalid_field',
			`服务器没有题库 ${input.bankId} v${input.bankVersion}`
		);
	}
	const draw = drawPaper(input.paper, [...questions.values()], 'check', conflictsOf(questions));
	if (!draw.ok) throw new ApiError(422, 'invalid_field', draw.reason);
	return draw.questionIds.length;
}

function rulesJson(input: CompetitionInput): string {
	const rules: StoredRules = {
		paper: input.paper,
		timeLimit: input.timeLimit,
		awards: input.awards
	};
	return JSON.stringify(rules);
}

export async function listCompetitions(
	db: Db,
	admin: AdminIdentity,
	now = Date.now()
): Promise<Competition[]> {
	const { timeZone } = await orgZone(db, admin.orgId);
	const rows = await db
		.selectFrom('competition')
		.select('id')
		.where('org_id', '=', admin.orgId)
		.orderBy('created_at', 'desc')
		.execute();
	const mine = admin.scope === 'org' ? null : await usableGroups(db, admin);
	const out: Competition[] = [];
	for (const { id } of rows) {
		const c = await loadCompetition(db, id);
		if (!c) continue;
		if (mine && !c.groupIds.every((g) => mine.has(g))) continue;
		out.push(view(c, timeZone, now));
	}
	return out;
}

export async function getCompetition(
	db: Db,
	admin: AdminIdentity,
	id: string,
	now = Date.now()
): Promise<Competition> {
	const c = await forAdmin(db, admin, id);
	return view(c, (await orgZone(db, admin.orgId)).timeZone, now);
}

export async function createCompetition(
	db: Db,
	registry: BankRegistry,
	admin: AdminIdentity,
	body: unknown,
	now = Date.now()
): Promise<Competition> {
	const parsed = v.safeParse(competitionInputSchema, body);
	if (!parsed.success) throw invalid(parsed.issues);
	const input = parsed.output;
	const questionCount = await checkFull(db, registry, admin, input);
	const id = newId(now);
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('competition')
			.values({
				id,
				org_id: admin.orgId,
				title: input.title,
				bank_id: input.bankId,
				bank_version: input.bankVersion,
				opens_at: input.opensAt,
				closes_at: input.closesAt,
				grace_ms: input.graceMs,
				tries: input.tries,
				try_rule: input.tryRule,
				release: input.release,
				question_count: questionCount,
				rules: rulesJson(input),
				created_by: admin.id,
				created_at: now,
				updated_at: now,
				published_at: null
			})
			.execute();
		await trx
			.insertInto('competition_group')
			.values(input.groupIds.map((g) => ({ competition_id: id, group_id: g })))
			.execute();
	});
	return getCompetition(db, admin, id, now);
}

/** Fields a published competition's paper is made of: frozen once members may download it. */
const PAPER_FIELDS = ['groupIds', 'bankId', 'bankVersion', 'paper', 'timeLimit'] as const;

export async function updateCompetition(
	db: Db,
	registry: BankRegistry,
	admin: AdminIdentity,
	id: string,
	body: unknown,
	now = Date.now()
): Promise<Competition> {
	const parsed = v.safeParse(competitionPatchSchema, body);
	if (!parsed.success) throw invalid(parsed.issues);
	const patch = Object.fromEntries(
		Object.entries(parsed.output).filter(([, value]) => value !== undefined)
	) as Partial<CompetitionInput>;
	const c = await forAdmin(db, admin, id);
	const published = c.row.published_at !== null;
	const keys = Object.keys(patch);
	if (published && now >= c.row.opens_at && keys.some((k) => k !== 'awards')) {
		throw new ApiError(409, 'window_open', '竞赛已开始，不能再修改');
	}
	if (published && keys.some((k) => (PAPER_FIELDS as readonly string[]).includes(k))) {
		throw new ApiError(409, 'paper_frozen', '竞赛已发布，试卷已冻结，不能再修改');
	}
	const merged: CompetitionInput = { ...inputOf(c), ...patch };
	const questionCount = await checkFull(db, registry, admin, merged);
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('competition')
			.set({
				title: merged.title,
				bank_id: merged.bankId,
				bank_version: merged.bankVersion,
				opens_at: merged.opensAt,
				closes_at: merged.closesAt,
				grace_ms: merged.graceMs,
				tries: merged.tries,
				try_rule: merged.tryRule,
				release: merged.release,
				question_count: questionCount,
				rules: rulesJson(merged),
				updated_at: now
			})
			.where('id', '=', id)
			.execute();
		if (patch.groupIds) {
			await trx.deleteFrom('competition_group').where('competition_id', '=', id).execute();
			await trx
				.insertInto('competition_group')
				.values(merged.groupIds.map((g) => ({ competition_id: id, group_id: g })))
				.execute();
		}
	});
	return getCompetition(db, admin, id, now);
}

/** Award tiers can be set in any state (they are decided after the results are in). */
export async function setAwards(
	db: Db,
	admin: AdminIdentity,
	id: string,
	body: unknown,
	now = Date.now()
): Promise<Competition> {
	const parsed = v.safeParse(
		v.strictObject({ awards: v.pipe(v.array(awardTierSchema), v.maxLength(MAX_AWARD_TIERS)) }),
		body
	);
	if (!parsed.success) throw invalid(parsed.issues);
	const c = await forAdmin(db, admin, id);
	const merged = { ...inputOf(c), awards: parsed.output.awards };
	const reason = checkInput(merged);
	if (reason) throw new ApiError(422, 'invalid_field', reason);
	await db
		.updateTable('competition')
		.set({ rules: rulesJson(merged), updated_at: now })
		.where('id', '=', id)
		.execute();
	return getCompetition(db, admin, id, now);
}

export async function deleteCompetition(db: Db, admin: AdminIdentity, id: string): Promise<void> {
	const c = await forAdmin(db, admin, id);
	if (c.row.published_at !== null) throw new ApiError(409, 'not_draft', '已发布的竞赛不能删除');
	await db.deleteFrom('competition').where('id', '=', id).execute();
}

export async function publishCompetition(
	db: Db,
	registry: BankRegistry,
	admin: AdminIdentity,
	id: string,
	now = Date.now()
): Promise<Competition> {
	const c = await forAdmin(db, admin, id);
	if (c.row.published_at !== null) throw new ApiError(409, 'already_published', '竞赛已经发布');
	if (now > c.row.closes_at) throw new ApiError(409, 'window_closed', '竞赛已结束');
	// The bank or the groups may have changed since the draft was saved.
	await checkFull(db, registry, admin, inputOf(c));
	await db
		.updateTable('competition')
		.set({ published_at: now, updated_at: now })
		.where('id', '=', id)
		.where('published_at', 'is', null)
		.execute();
	return getCompetition(db, admin, id, now);
}

// ── Members ────────────────────────────────────────────────────────────────────────────────

/** The published competition, if it includes the member's group; a 404 otherwise. */
async function forMember(db: Db, member: MemberIdentity, id: string): Promise<LoadedCompetition> {
	const c = await loadCompetition(db, id);
	if (!c || c.row.published_at === null || !c.groupIds.includes(member.groupId)) throw NOT_FOUND();
	return c;
}

async function memberTries(db: Db, competitionId: string, memberId: string) {
	return db
		.selectFrom('competition_entry')
		.selectAll()
		.where('competition_id', '=', competitionId)
		.where('member_id', '=', memberId)
		.orderBy('received_at')
		.execute();
}

function releasedFor(
	c: LoadedCompetition,
	tries: readonly { received_at: number }[],
	now: number
): boolean {
	const last = tries.length ? Math.max(...tries.map((t) => Number(t.received_at))) : null;
	return isReleased(ruleOf(c), tries.length, last, now);
}

function ruleOf(c: LoadedCompetition) {
	return {
		release: c.row.release,
		tries: c.row.tries,
		closesAt: c.row.closes_at,
		graceMs: c.row.grace_ms
	};
}

export async function memberCompetitions(
	db: Db,
	member: MemberIdentity,
	now = Date.now()
): Promise<{ competitions: CompetitionListing[]; serverNow: number }> {
	const rows = await db
		.selectFrom('competition')
		.innerJoin('competition_group', 'competition_group.competition_id', 'competition.id')
		.select('competition.id')
		.where('competition_group.group_id', '=', member.groupId)
		.where('competition.published_at', 'is not', null)
		.orderBy('competition.opens_at')
		.execute();
	const out: CompetitionListing[] = [];
	for (const { id } of rows) {
		const c = await loadCompetition(db, id);
		if (!c) continue;
		if (now > c.row.closes_at + c.row.grace_ms + LISTED_AFTER_CLOSE_MS) continue;
		const { timeZone } = await orgZone(db, c.row.org_id);
		const tries = await memberTries(db, id, member.memberId);
		out.push({
			id,
			title: c.row.title,
			status: competitionStatus(windowOf(c), now) as CompetitionListing['status'],
			opensAt: c.row.opens_at,
			closesAt: c.row.closes_at,
			graceMs: c.row.grace_ms,
			questionCount: c.row.question_count,
			timeLimit: c.rules.timeLimit,
			tries: c.row.tries,
			tryRule: c.row.try_rule,
			release: c.row.release,
			triesUsed: tries.length,
			released: releasedFor(c, tries, now),
			timeZone,
			serverNow: now
		});
	}
	return { competitions: out, serverNow: now };
}

function bankOf(registry: BankRegistry, c: LoadedCompetition): ReadonlyMap<string, Question> {
	const questions = questionsOf(registry, c.row.bank_id, c.row.bank_version);
	// Published competitions were checked against the bank; a missing one is a deployment fault.
	if (!questions) {
		throw new ApiError(
			503,
			'bank_missing',
			`服务器暂时没有题库 ${c.row.bank_id} v${c.row.bank_version}`
		);
	}
	return questions;
}

/** The question ids of a member's paper (the seeded draw; a fixed list for everyone). */
export function memberPaperIds(
	c: LoadedCompetition,
	questions: ReadonlyMap<string, Question>,
	memberId: string,
	pool: readonly Question[] = [...questions.values()]
): string[] {
	const draw = drawPaper(
		c.rules.paper,
		pool,
		paperSeed(c.row.id, memberId),
		conflictsOf(questions)
	);
	if (!draw.ok) throw new ApiError(503, 'bank_missing', draw.reason);
	return draw.questionIds;
}

export async function memberPaper(
	db: Db,
	registry: BankRegistry,
	member: MemberIdentity,
	id: string,
	now = Date.now()
): Promise<MemberPaper> {
	const c = await forMember(db, member, id);
	if (now > c.row.closes_at) throw new ApiError(409, 'window_closed', '竞赛已结束');
	const questions = bankOf(registry, c);
	const ids = memberPaperIds(c, questions, member.memberId);
	await db
		.insertInto('competition_paper')
		.values({ competition_id: id, member_id: member.memberId, served_at: now })
		.onConflict((oc) => oc.columns(['competition_id', 'member_id']).doNothing())
		.execute();
	const served = await db
		.selectFrom('competition_paper')
		.select('served_at')
		.where('competition_id', '=', id)
		.where('member_id', '=', member.memberId)
		.executeTakeFirstOrThrow();
	const seed = paperSeed(id, member.memberId);
	return {
		competitionId: id,
		title: c.row.title,
		bankId: c.row.bank_id,
		bankVersion: c.row.bank_version,
		opensAt: c.row.opens_at,
		closesAt: c.row.closes_at,
		graceMs: c.row.grace_ms,
		timeLimit: c.rules.timeLimit,
		tries: c.row.tries,
		questions: ids.map((qid) => servePaperQuestion(questions.get(qid) as Question, seed)),
		servedAt: Number(served.served_at),
		serverNow: now
	};
}

/** The counted try of every entrant, ranked (class pupils unranked), with names and groups. */
export interface Standing {
	memberId: string;
	displayName: string;
	groupId: string;
	groupName: string;
	groupKind: 'branch' | 'class';
	entryId: string;
	score: number;
	total: number;
	answeringMs: number;
	receivedAt: number;
	startedAt: number;
	/** The scored answers, read only when asked for (`withAnswers`): boards never need them. */
	answers: ScoredAnswer[];
	/** The answers as the item analysis reads them (core encodeMarks), only with `withMarks`. */
	marks: string;
	/** Null for pupils of a class: classes get no ranking of pupils. */
	rank: number | null;
	award: string | null;
}

/** Names and kinds of the groups entries were made in (the competition's, and any other). */
async function entryGroups(db: Db, c: LoadedCompetition, rows: readonly { group_id: string }[]) {
	const wanted = new Set(c.groupIds);
	for (const r of rows) wanted.add(r.group_id);
	const groups = new Map<string, { name: string; kind: 'branch' | 'class' }>();
	if (!wanted.size) return groups;
	const found = await db
		.selectFrom('study_group')
		.select(['id', 'name', 'kind'])
		.where('id', 'in', [...wanted])
		.execute();
	for (const g of found) groups.set(g.id, { name: g.name, kind: g.kind });
	return groups;
}

/**
 * Every entrant's counted try, branch members ranked with their awards (board order), then the
 * pupils of classes unranked. One query over the competition's entries; the answers and the
 * analysis marks are read only when asked for, since thousands of them are most of the bytes.
 */
export async function standings(
	db: Db,
	c: LoadedCompetition,
	options: { withAnswers?: boolean; withMarks?: boolean } = {}
): Promise<Standing[]> {
	const rows = await db
		.selectFrom('competition_entry')
		.innerJoin('member', 'member.id', 'competition_entry.member_id')
		.select([
			'competition_entry.id',
			'competition_entry.member_id',
			'competition_entry.group_id',
			'competition_entry.score',
			'competition_entry.total',
			'competition_entry.answering_ms',
			'competition_entry.received_at',
			'competition_entry.started_at',
			'member.display_name'
		])
		.$if(options.withAnswers === true, (q) =>
			q
				.innerJoin('competition_answers', 'competition_answers.entry_id', 'competition_entry.id')
				.select('competition_answers.answers')
		)
		.$if(options.withMarks === true, (q) => q.select('competition_entry.marks'))
		.where('competition_entry.competition_id', '=', c.row.id)
		.execute();
	const groups = await entryGroups(db, c, rows);
	type Try = RankInput & { startedAt: number; row: (typeof rows)[number] };
	const tryOf = (t: (typeof rows)[number]): Try => ({
		row: t,
		id: t.id,
		score: Number(t.score),
		answeringMs: Number(t.answering_ms),
		receivedAt: Number(t.received_at),
		startedAt: Number(t.started_at)
	});
	const byMember = new Map<string, Try[]>();
	for (const r of rows) {
		const list = byMember.get(r.member_id);
		if (list) list.push(tryOf(r));
		else byMember.set(r.member_id, [tryOf(r)]);
	}
	const branch: (RankInput & { s: Standing })[] = [];
	const pupils: Standing[] = [];
	for (const tries of byMember.values()) {
		const best = tries.length === 1 ? tries[0] : countedTry(tries, c.row.try_rule);
		if (!best) continue;
		const t = best.row;
		const group = groups.get(t.group_id) ?? { name: '', kind: 'branch' as const };
		const s: Standing = {
			memberId: t.member_id,
			displayName: t.display_name,
			groupId: t.group_id,
			groupName: group.name,
			groupKind: group.kind,
			entryId: t.id,
			score: best.score,
			total: Number(t.total),
			answeringMs: best.answeringMs,
			receivedAt: best.receivedAt,
			startedAt: best.startedAt,
			answers:
				'answers' in t && typeof t.answers === 'string'
					? (JSON.parse(t.answers) as ScoredAnswer[])
					: [],
			marks: 'marks' in t && typeof t.marks === 'string' ? t.marks : '',
			rank: null,
			award: null
		};
		if (group.kind === 'class') pupils.push(s);
		else
			branch.push({
				id: t.id,
				score: s.score,
				answeringMs: s.answeringMs,
				receivedAt: s.receivedAt,
				s
			});
	}
	const ranked = rankEntrants(branch);
	const out: Standing[] = [];
	for (const r of ranked) {
		r.s.rank = r.rank;
		r.s.award = awardFor(r.rank, ranked.length, c.rules.awards);
		out.push(r.s);
	}
	return out.concat(pupils);
}

async function boardGroups(db: Db, c: LoadedCompetition) {
	if (!c.groupIds.length) return [];
	const rows = await db
		.selectFrom('study_group')
		.leftJoin('member', 'member.group_id', 'study_group.id')
		.select((eb) => [
			'study_group.id',
			'study_group.name',
			'study_group.kind',
			eb.fn.count<number>('member.id').as('members')
		])
		.where('study_group.id', 'in', c.groupIds)
		.groupBy(['study_group.id', 'study_group.name', 'study_group.kind'])
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, members: Number(r.members) }));
}

function entrantRow(s: Standing): EntrantRow {
	return {
		rank: s.rank ?? 0,
		memberId: s.memberId,
		displayName: s.displayName,
		groupId: s.groupId,
		groupName: s.groupName,
		score: s.score,
		total: s.total,
		answeringMs: s.answeringMs,
		submittedAt: s.receivedAt,
		award: s.award
	};
}

async function board(
	db: Db,
	c: LoadedCompetition,
	viewer: { memberId: string; groupKind: 'branch' | 'class' } | null,
	now: number
): Promise<CompetitionBoard> {
	const all = await standings(db, c);
	const ranked = all.filter((s) => s.rank !== null);
	const groups = groupBoard(await boardGroups(db, c), all);
	const member = viewer !== null;
	const pupil = viewer?.groupKind === 'class';
	const you =
		member && !pupil ? (ranked.find((s) => s.memberId === viewer.memberId) ?? null) : null;
	return {
		competitionId: c.row.id,
		title: c.row.title,
		total: c.row.question_count,
		entrants: all.length,
		top: pupil ? [] : (member ? ranked.slice(0, MEMBER_BOARD_TOP) : ranked).map(entrantRow),
		you: you ? entrantRow(you) : null,
		groups,
		final: now > c.row.closes_at + c.row.grace_ms,
		updatedAt: now
	};
}

export async function adminBoard(
	db: Db,
	admin: AdminIdentity,
	id: string,
	now = Date.now()
): Promise<CompetitionBoard> {
	return board(db, await forAdmin(db, admin, id), null, now);
}

async function groupKindOf(db: Db, groupId: string): Promise<'branch' | 'class'> {
	const g = await db
		.selectFrom('study_group')
		.select('kind')
		.where('id', '=', groupId)
		.executeTakeFirstOrThrow();
	return g.kind;
}

export async function memberBoard(
	db: Db,
	member: MemberIdentity,
	id: string,
	now = Date.now()
): Promise<CompetitionBoard> {
	const c = await forMember(db, member, id);
	const tries = await memberTries(db, id, member.memberId);
	if (!releasedFor(c, tries, now))
		throw new ApiError(409, 'not_released', '成绩公布后才能查看排名');
	return board(
		db,
		c,
		{ memberId: member.memberId, groupKind: await groupKindOf(db, member.groupId) },
		now
	);
}

export async function memberResult(
	db: Db,
	registry: BankRegistry,
	member: MemberIdentity,
	id: string,
	now = Date.now()
): Promise<MemberResult> {
	const c = await forMember(db, member, id);
	const tries = await memberTries(db, id, member.memberId);
	const released = releasedFor(c, tries, now);
	const last = tries.length ? Math.max(...tries.map((t) => Number(t.received_at))) : null;
	const base: MemberResult = {
		competitionId: id,
		released,
		releaseAt: releaseAt(ruleOf(c), tries.length, last),
		submissions: [],
		rank: null,
		entrants: null,
		award: null,
		answers: null,
		questions: null,
		certificate: null
	};
	if (!released) {
		// Before release: that the server has each try, nothing about how it went.
		base.submissions = tries.map((t) => ({
			id: t.id,
			receivedAt: Number(t.received_at),
			counts: false,
			score: null,
			total: Number(t.total),
			answeringMs: null
		}));
		return base;
	}
	const mine = await memberStanding(db, c, member.memberId, tries);
	base.submissions = tries.map((t) => ({
		id: t.id,
		receivedAt: Number(t.received_at),
		counts: t.id === mine?.entryId,
		score: Number(t.score),
		total: Number(t.total),
		answeringMs: Number(t.answering_ms)
	}));
	base.rank = mine?.rank ?? null;
	base.entrants = mine?.entrants ?? null;
	base.award = mine?.award ?? null;
	if (mine) {
		const org = await orgZone(db, c.row.org_id);
		base.certificate = {
			orgName: org.name,
			title: c.row.title,
			date: closingDay(c, org.timeZone),
			displayName: mine.displayName,
			groupName: mine.groupName,
			groupKind: mine.groupKind,
			award: mine.award
		};
	}
	const countedRow = tries.find((t) => t.id === mine?.entryId);
	const counted = countedRow
		? await db
				.selectFrom('competition_answers')
				.select('answers')
				.where('entry_id', '=', countedRow.id)
				.executeTakeFirst()
		: undefined;
	base.answers = counted ? (JSON.parse(counted.answers) as ScoredAnswer[]) : null;
	const questions = bankOf(registry, c);
	const seed = paperSeed(id, member.memberId);
	base.questions = memberPaperIds(c, questions, member.memberId).map((qid): ReleasedQuestion => {
		const q = questions.get(qid) as Question;
		return {
			...servePaperQuestion(q, seed),
			answer: q.answer,
			explanation: q.explanation,
			source: q.source
		};
	});
	return base;
}

interface MemberStanding {
	entryId: string;
	displayName: string;
	groupName: string;
	groupKind: 'branch' | 'class';
	/** Null for a pupil of a class: pupils are never ranked. */
	rank: number | null;
	/** How many branch members are ranked. */
	entrants: number;
	award: string | null;
}

/**
 * One member's place on the board without building the board: their counted try (the same
 * `countedTry` the board uses), then one query that counts the ranked entrants and those ahead of
 * it (each member's counted try picked by a window function in the board's order). Thousands of
 * members open their result when it is released; each reads a few numbers, not every entry.
 * `standings` stays the reference: a test checks both agree for every member.
 */
export async function memberStanding(
	db: Db,
	c: LoadedCompetition,
	memberId: string,
	tries: readonly Database['competition_entry'][]
): Promise<MemberStanding | undefined> {
	const best = countedTry(
		tries.map((t) => ({
			id: t.id,
			score: Number(t.score),
			answeringMs: Number(t.answering_ms),
			receivedAt: Number(t.received_at),
			startedAt: Number(t.started_at),
			groupId: t.group_id
		})),
		c.row.try_rule
	);
	if (!best) return undefined;
	const [who, group] = await Promise.all([
		db.selectFrom('member').select('display_name').where('id', '=', memberId).executeTakeFirst(),
		db
			.selectFrom('study_group')
			.select(['name', 'kind'])
			.where('id', '=', best.groupId)
			.executeTakeFirst()
	]);
	const groupKind = group?.kind ?? 'branch';
	const order =
		c.row.try_rule === 'best'
			? sql`e.score DESC, e.answering_ms ASC, e.received_at ASC, e.id ASC`
			: sql`e.started_at ASC, e.received_at ASC, e.id ASC`;
	// Ranked entrants are those whose counted try was not made in a class (as in `standings`).
	const { rows } = await sql<{ entrants: number | string; ahead: number | string }>`
		WITH counted AS (
			SELECT e.score, e.answering_ms, e.received_at, g.kind,
				ROW_NUMBER() OVER (PARTITION BY e.member_id ORDER BY ${order}) AS rn
			FROM competition_entry e
			LEFT JOIN study_group g ON g.id = e.group_id
			WHERE e.competition_id = ${c.row.id}
		)
		SELECT
			COUNT(*) AS entrants,
			COALESCE(SUM(CASE WHEN score > ${best.score}
				OR (score = ${best.score} AND answering_ms < ${best.answeringMs})
				OR (score = ${best.score} AND answering_ms = ${best.answeringMs}
					AND received_at < ${best.receivedAt})
				THEN 1 ELSE 0 END), 0) AS ahead
		FROM counted
		WHERE rn = 1 AND (kind IS NULL OR kind <> 'class')
	`.execute(db);
	const entrants = Number(rows[0]?.entrants ?? 0);
	const rank = groupKind === 'class' ? null : Number(rows[0]?.ahead ?? 0) + 1;
	return {
		entryId: best.id,
		displayName: who?.display_name ?? '',
		groupName: group?.name ?? '',
		groupKind,
		rank,
		entrants,
		award: rank === null ? null : awardFor(rank, entrants, c.rules.awards)
	};
}

// ── Admin reports ──────────────────────────────────────────────────────────────────────────

export async function itemAnalysis(
	db: Db,
	registry: BankRegistry,
	admin: AdminIdentity,
	id: string,
	now = Date.now()
): Promise<ItemAnalysis> {
	const c = await forAdmin(db, admin, id);
	if (now <= c.row.closes_at + c.row.grace_ms) {
		throw new ApiError(409, 'not_closed', '竞赛结束后才能查看试题分析');
	}
	// Every counted try, pupils included (it is about questions), in board order for ties.
	const all = await standings(db, c, { withMarks: true });
	const questions = bankOf(registry, c);
	return {
		competitionId: c.row.id,
		...analyseMarks(all, markNumbering(questions).ids, questions)
	};
}

const numberings = new WeakMap<
	ReadonlyMap<string, Question>,
	{ ids: string[]; index: Map<string, number> }
>();

/**
 * How a bank version's questions are numbered in the stored analysis marks (core markIds),
 * worked out once per loaded bank version.
 */
export function markNumbering(questions: ReadonlyMap<string, Question>) {
	let n = numberings.get(questions);
	if (!n) {
		const ids = markIds(questions);
		n = { ids, index: new Map(ids.map((id, i) => [id, i])) };
		numberings.set(questions, n);
	}
	return n;
}

/** The date on certificates: the day the window closed, on the org's wall clock. */
function closingDay(c: LoadedCompetition, timeZone: string): string {
	return studyDay(c.row.closes_at, { timeZone, startHour: 0 });
}

export async function certificates(
	db: Db,
	admin: AdminIdentity,
	id: string
): Promise<CertificateData> {
	const c = await forAdmin(db, admin, id);
	const org = await orgZone(db, c.row.org_id);
	const all = await standings(db, c);
	const byName = (a: { displayName: string }, b: { displayName: string }) =>
		a.displayName.localeCompare(b.displayName, 'zh-CN');
	return {
		competitionId: id,
		orgName: org.name,
		title: c.row.title,
		date: closingDay(c, org.timeZone),
		awards: all
			.filter((s) => s.award !== null && s.rank !== null)
			.map((s) => ({
				memberId: s.memberId,
				displayName: s.displayName,
				groupName: s.groupName,
				award: s.award as string,
				rank: s.rank as number
			})),
		participants: [...all]
			.sort(byName)
			.map((s) => ({ memberId: s.memberId, displayName: s.displayName, groupName: s.groupName }))
	};
}

export { forAdmin as competitionForAdmin, orgZone };

/** A bank version as the create form needs it: counts by type and by tag. */
export interface BankVersionSummary {
	version: string;
	questions: number;
	types: Partial<Record<Question['type'], number>>;
	tags: { tag: string; count: number; types: Partial<Record<Question['type'], number>> }[];
}

/**
 * GET /api/admin/banks: the bank catalogue, and the org's time zone (the create form takes the
 * window on the org's wall clock, before any competition exists to carry the zone).
 */
export async function adminBanks(
	db: Db,
	admin: AdminIdentity,
	registry: BankRegistry,
	titles: ReadonlyMap<string, string>
): Promise<ReturnType<typeof bankCatalogue> & { timeZone: string }> {
	const { timeZone } = await orgZone(db, admin.orgId);
	return { timeZone, ...bankCatalogue(registry, titles) };
}

/** Every bank version the server can score against, newest first. */
export function bankCatalogue(
	registry: BankRegistry,
	titles: ReadonlyMap<string, string>
): { banks: { id: string; title: string; versions: BankVersionSummary[] }[] } {
	const banks = new Map<string, BankVersionSummary[]>();
	for (const [key, questions] of registry) {
		const at = key.lastIndexOf('@');
		const id = key.slice(0, at);
		const types: BankVersionSummary['types'] = {};
		const tags = new Map<string, BankVersionSummary['types']>();
		for (const q of questions.values()) {
			types[q.type] = (types[q.type] ?? 0) + 1;
			for (const t of q.tags) {
				const byType = tags.get(t) ?? {};
				byType[q.type] = (byType[q.type] ?? 0) + 1;
				tags.set(t, byType);
			}
		}
		const summary: BankVersionSummary = {
			version: key.slice(at + 1),
			questions: questions.size,
			types,
			tags: [...tags]
				.map(([tag, byType]) => ({
					tag,
					count: Object.values(byType).reduce((s, n) => s + n, 0),
					types: byType
				}))
				.sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag, 'zh-CN'))
		};
		banks.set(id, [...(banks.get(id) ?? []), summary]);
	}
	const newest = (a: BankVersionSummary, b: BankVersionSummary) =>
		b.version.localeCompare(a.version, 'en', { numeric: true });
	return {
		banks: [...banks]
			.map(([id, versions]) => ({
				id,
				title: titles.get(id) ?? id,
				versions: versions.sort(newest)
			}))
			.sort((a, b) => a.id.localeCompare(b.id))
	};
}

/** GET /api/admin/banks/:id/:version/questions: for picking a fixed paper (no keys needed). */
export function bankQuestions(registry: BankRegistry, bankId: string, version: string) {
	const questions = questionsOf(registry, bankId, version);
	if (!questions) throw new ApiError(404, 'not_found', `服务器没有题库 ${bankId} v${version}`);
	return {
		questions: [...questions.values()].map((q) => ({
			id: q.id,
			type: q.type,
			stem: q.stem,
			tags: q.tags,
			difficulty: q.difficulty
		}))
	};
}
