/**
 * 支部题库: a branch's own question bank, made on the admin page. A secretary uploads a file
 * (read and checked by the same core code as `npm run banks -- import`), sees the row report,
 * fills in drafts (待补解析) and publishes. Publishing compiles the questions that are ready
 * (never the drafts) into a bundle of the town banks' format with a version that steps as theirs
 * do, stored with its SHA-256. Members of that branch (and admins who may see it) download it
 * through an authenticated index; nobody else learns it exists.
 */
import { createHash } from 'node:crypto';
import { BRANCH_BANK_PREFIX } from '$lib/core/bank/branch';
import { parseBankBundle, type BankIndex, type BankIndexEntry } from '$lib/core/bank/bundle';
import { bumpVersion, diffBanks, requiredBump } from '$lib/core/bank/diff';
import { describeChanges } from '$lib/core/bank/changes';
import {
	checkEditedQuestion,
	decodeText,
	importFormatOf,
	importRowReport,
	planImport,
	readTextRows,
	rowsFromSheets,
	sortIssues,
	unsupportedFormat,
	type ExistingQuestion,
	type ImportFormat,
	type ReadRows
} from '$lib/core/bank/io';
import type { Audience, BankMeta, Question } from '$lib/core/bank/schema';
import { studyDay } from '$lib/core/calendar/study-day';
import type {
	BranchBankDetail,
	BranchBankItem,
	BranchBankSummary,
	PublishResult,
	UploadReport
} from '$lib/core/api-types';
import type { AdminIdentity } from './accounts';
import { ApiError, nameValue } from './api-error';
import type { BankRegistry } from './bank-registry';
import type { Database, Db } from './database';
import { groupForAdmin } from './groups';
import type { MemberIdentity } from './members';
import { orgDays } from './org-clock';
import { branchBankVersions } from './sync-queries';
import { readXlsx } from './xlsx-sheets';

export const BRANCH_BANK_LIMITS = {
	/** Bytes of one uploaded file. A 2,000-row sheet with long 解析 is well under 2 MB. */
	uploadBytes: 4 * 1024 * 1024,
	/** Questions read from one file. */
	rows: 2000,
	/** Questions and drafts in one bank. */
	items: 3000,
	/** Banks of one branch. */
	banks: 20,
	titleMax: 30
} as const;

/** Rows per insert statement: 6 parameters each, far below SQLite's and PostgreSQL's limits. */
const INSERT_CHUNK = 200;

const MB = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export interface UploadInput {
	groupId: string;
	/** Add to this bank; absent to start a new one (then `title` is required). */
	bankId?: string;
	title?: string;
	fileName: string;
	format?: string;
	/** Take the rows that can be taken even when others are refused. */
	partial: boolean;
	bytes: Uint8Array;
}

const notFound = () => new ApiError(404, 'not_found', '找不到这个题库');

/** The bank, if this admin may see its branch; 404 otherwise (no hint that it exists). */
async function bankForAdmin(db: Db, admin: AdminIdentity, bankId: string) {
	const bank = await db
		.selectFrom('branch_bank')
		.selectAll()
		.where('id', '=', bankId)
		.executeTakeFirst();
	if (!bank) throw notFound();
	try {
		await groupForAdmin(db, admin, bank.group_id);
	} catch {
		throw notFound();
	}
	return bank;
}

async function itemsOf(db: Db, bankId: string): Promise<BranchBankItem[]> {
	const rows = await db
		.selectFrom('branch_bank_item')
		.select(['id', 'position', 'question', 'draft'])
		.where('bank_id', '=', bankId)
		.orderBy('position')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		position: Number(r.position),
		question: JSON.parse(r.question) as Question,
		draft: r.draft
	}));
}

async function latestVersion(db: Db, bankId: string) {
	return db
		.selectFrom('branch_bank_version')
		.selectAll()
		.where('bank_id', '=', bankId)
		.orderBy('published_at', 'desc')
		.orderBy('version', 'desc')
		.executeTakeFirst();
}

async function summaryOf(
	db: Db,
	bank: { id: string; group_id: string; title: string; audience: Audience; updated_at: number }
): Promise<BranchBankSummary> {
	const counts = await db
		.selectFrom('branch_bank_item')
		.select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.count<number>('draft').as('drafts')])
		.where('bank_id', '=', bank.id)
		.executeTakeFirstOrThrow();
	const latest = await latestVersion(db, bank.id);
	return {
		id: bank.id,
		groupId: bank.group_id,
		title: bank.title,
		audience: bank.audience,
		questionCount: Number(counts.all) - Number(counts.drafts),
		draftCount: Number(counts.drafts),
		published: latest
			? {
					version: latest.version,
					publishedAt: Number(latest.published_at),
					questionCount: Number(latest.question_count)
				}
			: null,
		updatedAt: Number(bank.updated_at)
	};
}

/** The branch's banks, for its admins. */
export async function listBranchBanks(
	db: Db,
	admin: AdminIdentity,
	groupId: string
): Promise<BranchBankSummary[]> {
	await groupForAdmin(db, admin, groupId);
	const banks = await db
		.selectFrom('branch_bank')
		.selectAll()
		.where('group_id', '=', groupId)
		.orderBy('created_at')
		.execute();
	return Promise.all(banks.map((b) => summaryOf(db, b)));
}

/** A bank's working copy (questions and drafts), its last upload's report and its versions. */
export async function branchBankDetail(
	db: Db,
	admin: AdminIdentity,
	bankId: string
): Promise<BranchBankDetail> {
	const bank = await bankForAdmin(db, admin, bankId);
	const versions = await db
		.selectFrom('branch_bank_version')
		.select(['version', 'notes', 'published_at', 'question_count'])
		.where('bank_id', '=', bankId)
		.orderBy('published_at', 'desc')
		.execute();
	return {
		bank: await summaryOf(db, bank),
		items: await itemsOf(db, bankId),
		report: bank.last_report ? (JSON.parse(bank.last_report) as UploadReport) : null,
		versions: versions.map((v) => ({
			version: v.version,
			notes: v.notes,
			publishedAt: Number(v.published_at),
			questionCount: Number(v.question_count)
		}))
	};
}

const AS_CSV = '请在「文件格式」里选 CSV';

/** The file's rows, or why it cannot be read, in one Chinese line. */
async function readUpload(input: UploadInput, notes: string[]): Promise<ReadRows | string> {
	if (input.bytes.length === 0) return '文件是空的（0 字节）：请确认选对了文件';
	let decoded: string | undefined;
	const text = () => {
		if (decoded === undefined) {
			const read = decodeText(input.bytes);
			if (read.encoding !== 'utf-8') notes.push(`按 ${read.encoding.toUpperCase()} 编码读取`);
			decoded = read.text;
		}
		return decoded;
	};
	const format = input.format || importFormatOf(input.fileName, text);
	const unsupported = unsupportedFormat(format, '，或在「文件格式」里指定');
	if (unsupported) return unsupported;
	if (format !== 'xlsx')
		return readTextRows(format as Exclude<ImportFormat, 'xlsx'>, text(), notes);
	const sheets = await readXlsx(input.bytes, AS_CSV);
	return typeof sheets === 'string' ? sheets : rowsFromSheets(sheets, notes);
}

/** Every question id a bank has used: its items and every published version's questions. */
async function usedIds(db: Db, bankId: string): Promise<string[]> {
	const ids = new Set(
		(
			await db.selectFrom('branch_bank_item').select('id').where('bank_id', '=', bankId).execute()
		).map((r) => r.id)
	);
	const latest = await latestVersion(db, bankId);
	if (latest) {
		const bundle = JSON.parse(latest.bundle) as { questions: { id: string }[]; bank: BankMeta };
		for (const q of bundle.questions) ids.add(q.id);
		for (const id of bundle.bank.retired ?? []) ids.add(id);
	}
	return [...ids];
}

/**
 * Read an uploaded file into a bank of the branch: a new bank (with `title`) or more questions for
 * one (`bankId`). Rows lacking 解析 or 出处 come in as drafts. When some rows are refused nothing
 * is stored unless `partial` is set; the report says row by row what happened either way.
 */
export async function uploadToBranchBank(
	db: Db,
	admin: AdminIdentity,
	input: UploadInput,
	now: number
): Promise<{ bank: BranchBankSummary | null; report: UploadReport }> {
	const group = await groupForAdmin(db, admin, input.groupId);
	if (group.kind !== 'branch') {
		throw new ApiError(422, 'not_a_branch', '题库导入只对支部开放（班级请使用全镇题库）');
	}
	if (input.bytes.length > BRANCH_BANK_LIMITS.uploadBytes) {
		throw new ApiError(
			413,
			'too_large',
			`文件太大（${(input.bytes.length / 1024 / 1024).toFixed(1)} MB），一次最多上传 ${MB(BRANCH_BANK_LIMITS.uploadBytes)}：请把题目分成几个文件导入`
		);
	}
	const existing = input.bankId ? await bankForAdmin(db, admin, input.bankId) : undefined;
	if (existing && existing.group_id !== input.groupId) throw notFound();
	const title = existing
		? existing.title
		: nameValue(input.title, '题库名称', 1, BRANCH_BANK_LIMITS.titleMax);
	if (!existing) {
		const count = await db
			.selectFrom('branch_bank')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('group_id', '=', input.groupId)
			.executeTakeFirstOrThrow();
		if (Number(count.n) >= BRANCH_BANK_LIMITS.banks) {
			throw new ApiError(
				422,
				'too_many_banks',
				`一个支部最多 ${BRANCH_BANK_LIMITS.banks} 个题库：请把题目导入已有的题库`
			);
		}
	}

	const notes: string[] = [];
	const read = await readUpload(input, notes);
	if (typeof read === 'string') throw new ApiError(422, 'bad_file', read);
	const rowCount = read.rows.length + (read.refusedRows ?? 0);
	if (rowCount > BRANCH_BANK_LIMITS.rows) {
		throw new ApiError(
			413,
			'too_many_rows',
			`文件里有 ${rowCount} 道题，一次最多导入 ${BRANCH_BANK_LIMITS.rows} 道：请把题目分成几个文件导入`
		);
	}
	if (rowCount === 0) {
		// Nothing under a header (or no header at all): the file's own problem, said once.
		const why = read.errors[0]?.message ?? '表头下面是空的';
		throw new ApiError(422, 'no_rows', `文件里没有读到题目：${why}`);
	}

	const items = existing ? await itemsOf(db, existing.id) : [];
	const bankId = existing?.id ?? (await nextBankId(db, input.groupId));
	const plan = planImport({
		bankId,
		audience: existing?.audience,
		existing: items.map((i): ExistingQuestion => ({
			question: i.question,
			where: `本题库第 ${i.position} 题`,
			...(i.draft ? { draft: i.draft } : {})
		})),
		existingIds: existing ? await usedIds(db, existing.id) : [],
		rows: read.rows,
		// 支部: short ids a secretary can read in the report (the bank id holds a UUID).
		idPrefix: 'zb-'
	});
	plan.errors = sortIssues([...read.errors, ...plan.errors]);
	plan.refused += read.refusedRows ?? 0;
	plan.warnings = sortIssues([...read.warnings, ...plan.warnings]);
	const fresh = plan.accepted.filter((a) => !a.fills);
	const saved = plan.accepted.length > 0 && (plan.errors.length === 0 || input.partial);
	if (saved && items.length + fresh.length > BRANCH_BANK_LIMITS.items) {
		throw new ApiError(
			422,
			'bank_full',
			`一个题库最多 ${BRANCH_BANK_LIMITS.items} 道题：现有 ${items.length} 道，这个文件又有 ${fresh.length} 道新题`
		);
	}
	const { rows, clean } = importRowReport(read.rows, plan);
	const report: UploadReport = {
		fileName: input.fileName.slice(0, 200),
		format: input.format || importFormatOf(input.fileName, () => decodeText(input.bytes).text),
		uploadedAt: now,
		notes,
		rowCount,
		saved,
		accepted: saved ? plan.accepted.length : 0,
		drafts: saved ? plan.drafts : 0,
		filled: saved ? plan.filled : 0,
		refused: plan.refused,
		rows,
		clean
	};
	if (!saved && !existing) return { bank: null, report };

	await db.transaction().execute(async (trx) => {
		if (!existing) {
			await trx
				.insertInto('branch_bank')
				.values({
					id: bankId,
					group_id: input.groupId,
					title,
					audience: plan.audience,
					last_report: null,
					created_at: now,
					updated_at: now
				})
				.execute();
		}
		if (saved) {
			let position = items.reduce((max, i) => Math.max(max, i.position), 0);
			const inserts: Database['branch_bank_item'][] = [];
			for (const a of plan.accepted) {
				const draft = a.draft ?? null;
				if (a.fills) {
					await trx
						.updateTable('branch_bank_item')
						.set({ question: JSON.stringify(a.question), draft, updated_at: now })
						.where('bank_id', '=', bankId)
						.where('id', '=', a.question.id)
						.execute();
				} else {
					inserts.push({
						bank_id: bankId,
						id: a.question.id,
						position: ++position,
						question: JSON.stringify(a.question),
						draft,
						updated_at: now
					});
				}
			}
			// In chunks: one statement per row cost 2,000 round trips to PostgreSQL for a full file.
			for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
				await trx
					.insertInto('branch_bank_item')
					.values(inserts.slice(i, i + INSERT_CHUNK))
					.execute();
			}
		}
		await trx
			.updateTable('branch_bank')
			.set({ last_report: JSON.stringify(report), ...(saved ? { updated_at: now } : {}) })
			.where('id', '=', bankId)
			.execute();
	});
	const bank = await db
		.selectFrom('branch_bank')
		.selectAll()
		.where('id', '=', bankId)
		.executeTakeFirstOrThrow();
	return { bank: await summaryOf(db, bank), report };
}

/**
 * The next bank id of a branch: `branch-<group id>-<n>`. Group ids are UUIDs (lower-case hex
 * and hyphens), so the id is a valid kebab-case bank id and can never be a town bank's.
 */
async function nextBankId(db: Db, groupId: string): Promise<string> {
	const ids = await db
		.selectFrom('branch_bank')
		.select('id')
		.where('group_id', '=', groupId)
		.execute();
	const prefix = `${BRANCH_BANK_PREFIX}${groupId.toLowerCase()}-`;
	const highest = ids.reduce((max, { id }) => {
		const n = Number(id.slice(prefix.length));
		return id.startsWith(prefix) && Number.isInteger(n) ? Math.max(max, n) : max;
	}, 0);
	return `${prefix}${highest + 1}`;
}

/**
 * A question of the bank as edited on the page (a draft's 解析 and 出处 added, its answer fixed):
 * checked by the bundle schema, stored, and no longer a draft. The id and type stay the item's.
 */
export async function saveBranchItem(
	db: Db,
	admin: AdminIdentity,
	bankId: string,
	itemId: string,
	input: unknown,
	now: number
): Promise<BranchBankItem> {
	await bankForAdmin(db, admin, bankId);
	const item = await db
		.selectFrom('branch_bank_item')
		.select(['position', 'question'])
		.where('bank_id', '=', bankId)
		.where('id', '=', itemId)
		.executeTakeFirst();
	if (!item) throw new ApiError(404, 'not_found', '找不到这道题（可能已被删除），请刷新');
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		throw new ApiError(400, 'bad_json', '题目内容应为 JSON 对象');
	}
	const before = JSON.parse(item.question) as Question;
	const checked = checkEditedQuestion({ ...input, id: itemId, type: before.type });
	if (!checked.ok) throw new ApiError(422, 'bad_question', checked.problems.join('；'));
	await db
		.updateTable('branch_bank_item')
		.set({ question: JSON.stringify(checked.question), draft: null, updated_at: now })
		.where('bank_id', '=', bankId)
		.where('id', '=', itemId)
		.execute();
	await db.updateTable('branch_bank').set({ updated_at: now }).where('id', '=', bankId).execute();
	return { id: itemId, position: Number(item.position), question: checked.question, draft: null };
}

/** Take a question or draft out of the working copy; its id is never given to another. */
export async function deleteBranchItem(
	db: Db,
	admin: AdminIdentity,
	bankId: string,
	itemId: string,
	now: number
): Promise<void> {
	await bankForAdmin(db, admin, bankId);
	const removed = await db
		.deleteFrom('branch_bank_item')
		.where('bank_id', '=', bankId)
		.where('id', '=', itemId)
		.executeTakeFirst();
	if (!Number(removed.numDeletedRows)) {
		throw new ApiError(404, 'not_found', '找不到这道题（可能已被删除），请刷新');
	}
	await db.updateTable('branch_bank').set({ updated_at: now }).where('id', '=', bankId).execute();
}

/**
 * Compile the bank's ready questions (never its drafts) into a bundle and publish it as the next
 * version: 1.0.0 first, then the step the town banks take (core requiredBump: a changed answer or
 * a removed question is major, added questions minor, rewording patch). Publishing without a
 * change makes no version.
 */
export async function publishBranchBank(
	db: Db,
	admin: AdminIdentity,
	bankId: string,
	now: number
): Promise<PublishResult> {
	const bank = await bankForAdmin(db, admin, bankId);
	const items = await itemsOf(db, bankId);
	const questions = items.filter((i) => !i.draft).map((i) => i.question);
	const draftsLeftOut = items.length - questions.length;
	if (!questions.length) {
		throw new ApiError(
			422,
			'nothing_to_publish',
			'还没有可以发布的题目：草稿补上解析和出处后才能发布'
		);
	}
	const latest = await latestVersion(db, bankId);
	const last = latest ? parseBankBundle(JSON.parse(latest.bundle)) : null;
	if (last && !last.ok) throw new Error(`stored bundle of ${bankId}@${latest?.version} is invalid`);
	const lastContent = last?.ok ? last.value : null;
	const group = await groupForAdmin(db, admin, bank.group_id);
	const days = await orgDays(db, bank.group_id);
	const draftMeta = (version: string, notes: string, retired: string[]): BankMeta => ({
		id: bankId,
		title: bank.title,
		description: `${group.name}的支部题库`,
		audience: bank.audience,
		version,
		changelog: [
			{ version, date: studyDay(now, days), notes },
			...(lastContent?.bank.changelog ?? [])
		],
		...(retired.length ? { retired } : {})
	});
	const kept = new Set(questions.map((q) => q.id));
	const retired = [
		...new Set([
			...(lastContent?.bank.retired ?? []),
			...(lastContent?.questions.filter((q) => !kept.has(q.id)).map((q) => q.id) ?? [])
		])
	];
	let version = '1.0.0';
	let notes = `首次发布，共 ${questions.length} 题。`;
	if (lastContent) {
		const diff = diffBanks(lastContent, { bank: lastContent.bank, questions, cards: [] });
		// Only the title can change besides the questions (the changelog always does).
		diff.detailsChanged = lastContent.bank.title !== bank.title;
		const bump = requiredBump(diff);
		if (!bump) {
			return {
				version: lastContent.bank.version,
				unchanged: true,
				notes: '',
				questionCount: lastContent.questions.length,
				draftsLeftOut
			};
		}
		version = bumpVersion(lastContent.bank.version, bump);
		const said = describeChanges({
			added: diff.added.length,
			changed: diff.reworded.length + diff.answerChanged.length,
			removed: diff.removed.length,
			cardsAdded: 0,
			cardsChanged: 0,
			cardsRemoved: 0
		});
		notes = `${said || '更新题库信息'}，共 ${questions.length} 题。`;
	}
	const bundle = JSON.stringify({
		format: 1,
		bank: draftMeta(version, notes, retired),
		questions,
		cards: []
	});
	// The same check devices run on what they download: never publish what they would refuse.
	const check = parseBankBundle(JSON.parse(bundle));
	if (!check.ok) {
		throw new ApiError(
			422,
			'bad_bundle',
			`题库无法发布：${check.issues
				.slice(0, 3)
				.map((i) => i.message)
				.join('；')}`
		);
	}
	const bytes = new TextEncoder().encode(bundle);
	await db
		.insertInto('branch_bank_version')
		.values({
			bank_id: bankId,
			version,
			bundle,
			sha256: createHash('sha256').update(bytes).digest('hex'),
			bytes: bytes.length,
			question_count: questions.length,
			notes,
			published_at: now,
			published_by: admin.id
		})
		.execute();
	return { version, unchanged: false, notes, questionCount: questions.length, draftsLeftOut };
}

/** The file name a version's bundle is served under, relative to the member index. */
const bundlePath = (bankId: string, version: string) => `bundles/${bankId}/${version}.json`;

/**
 * The index of the member's branch banks, in the town index's format: each bank's latest
 * published version. Bundle URLs are relative to the index, so the device's installer fetches
 * them exactly as it fetches the town's.
 */
export async function memberBankIndex(db: Db, member: MemberIdentity): Promise<BankIndex> {
	const banks = await db
		.selectFrom('branch_bank')
		.select(['id', 'title', 'audience'])
		.where('group_id', '=', member.groupId)
		.orderBy('created_at')
		.execute();
	const entries: BankIndexEntry[] = [];
	for (const bank of banks) {
		const latest = await db
			.selectFrom('branch_bank_version')
			.select(['version', 'sha256', 'bytes', 'question_count', 'notes'])
			.where('bank_id', '=', bank.id)
			.orderBy('published_at', 'desc')
			.orderBy('version', 'desc')
			.executeTakeFirst();
		if (!latest) continue;
		entries.push({
			id: bank.id,
			title: bank.title,
			description: '',
			audience: bank.audience,
			version: latest.version,
			notes: latest.notes,
			questionCount: Number(latest.question_count),
			cardCount: 0,
			url: bundlePath(bank.id, latest.version),
			sha256: latest.sha256,
			bytes: Number(latest.bytes),
			released: true,
			releases: [],
			deltas: []
		});
	}
	return { format: 1, banks: entries };
}

/**
 * A published bundle, for a member of the bank's branch or an admin who may see the branch;
 * a 404 for anyone else, the same as for a bank that does not exist.
 */
export async function branchBundle(
	db: Db,
	who: { member: MemberIdentity } | { admin: AdminIdentity },
	bankId: string,
	version: string
): Promise<string> {
	const bank = await db
		.selectFrom('branch_bank')
		.select('group_id')
		.where('id', '=', bankId)
		.executeTakeFirst();
	if (!bank) throw notFound();
	if ('member' in who) {
		if (who.member.groupId !== bank.group_id) throw notFound();
	} else {
		await bankForAdmin(db, who.admin, bankId);
	}
	const row = await db
		.selectFrom('branch_bank_version')
		.select('bundle')
		.where('bank_id', '=', bankId)
		.where('version', '=', version)
		.executeTakeFirst();
	if (!row) throw notFound();
	return row.bundle;
}

/** Parsed versions, by bank@version: published bundles never change, so they are parsed once. */
const parsedVersions = new Map<string, ReadonlyMap<string, Question>>();
const PARSED_KEPT = 200;

/**
 * The town registry plus every published version of the member's branch banks, so an attempt
 * played on a branch bank is re-scored like any other. Another branch's banks are not added: an
 * upload naming one is refused as an unknown bank.
 */
export async function withBranchBanks(
	db: Db,
	registry: BankRegistry,
	groupId: string
): Promise<BankRegistry> {
	// Fixed SQL text (sync-queries.ts): every upload asks, and nearly every answer is "none".
	const versions = await branchBankVersions(db, groupId);
	if (!versions.length) return registry;
	const merged = new Map(registry);
	for (const { bank_id, version } of versions) {
		const key = `${bank_id}@${version}`;
		let questions = parsedVersions.get(key);
		if (!questions) {
			const row = await db
				.selectFrom('branch_bank_version')
				.select('bundle')
				.where('bank_id', '=', bank_id)
				.where('version', '=', version)
				.executeTakeFirstOrThrow();
			const parsed = parseBankBundle(JSON.parse(row.bundle));
			if (!parsed.ok) continue;
			questions = new Map(parsed.value.questions.map((q) => [q.id, q]));
			if (parsedVersions.size >= PARSED_KEPT) parsedVersions.clear();
			parsedVersions.set(key, questions);
		}
		merged.set(key, questions);
	}
	return merged;
}
