/**
 * The device's database (IndexedDB through Dexie). Play reads only from here, so the app works
 * with no network. The schema is declared once, as it is now (see openPocketDb); a change that
 * must move data adds a version with an upgrade function.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { ChangeCounts } from '$lib/core/bank/changes';
import type { BankManifest } from '$lib/core/bank/delta';
import type { Audience, Card, ChangelogEntry, Question } from '$lib/core/bank/schema';
import type { Attempt, AttemptAnswer } from '$lib/core/play/attempt';
import type { GradeBand } from '$lib/core/play/grade-band';
import type { DeckCard, ReviewEvent } from '$lib/core/play/review';
import type { CardContent } from '$lib/core/checkin/card-layout';
import type { CheckinKind } from '$lib/core/checkin/streak';
import type { RecordKind, RecordPayload } from '$lib/core/sync/records';
import type {
	CompetitionBoard,
	CompetitionListing,
	MemberPaper,
	MemberResult
} from '$lib/core/competition/types';
import type { Response } from '$lib/core/play/scoring';
import type { StageContest } from '$lib/core/stage/contest';
import type { StageEvent } from '$lib/core/stage/events';

export interface BankRow {
	id: string;
	title: string;
	description: string;
	audience: Audience;
	/** The version play uses; switched only after a new version's rows are all written. */
	activeVersion: string;
	updatedAt: number;
}

export interface BankVersionRow {
	bankId: string;
	version: string;
	sha256: string;
	questionCount: number;
	cardCount: number;
	changelog: ChangelogEntry[];
	installedAt: number;
	/** What this version changed against the one that was active when it was installed. */
	changes?: ChangeCounts & { from: string };
	/** Question pairs never drawn together (bank.yaml `conflicts`); absent before 2026-12. */
	conflicts?: [string, string][];
}

/**
 * Which rows make up one installed version: item id → rev. Written in the same transaction as
 * the rows it names, and removed (by garbage collection) before any row it names.
 */
export type ManifestRow = BankManifest & { bankId: string; version: string };

/**
 * A question as stored: one row per (bank, id, rev), shared by every installed version whose
 * manifest names that rev. A new version writes only its new or changed questions.
 */
export type QuestionRow = Question & { bankId: string; rev: string };

export type CardRow = Card & { bankId: string; rev: string };

/** Who played: the active profile when the attempt started, null before joining any group. */
export type AttemptRow = Attempt & {
	updatedAt: number;
	memberId?: string | null;
	/**
	 * The running question timer, saved every second and at each pause, so a timed question
	 * reopened after a reload or a killed tab keeps the time it had left.
	 */
	clock?: { questionId: string; spentMs: number; pauses: number };
};

export type AnswerRow = AttemptAnswer & { attemptId: string };

/** One record waiting in the outbox, of any kind of the sync contract (core/sync/records.ts). */
export type OutboxRow = {
	[K in RecordKind]: {
		/** The record's own id (an attempt's id): one row per record, so queuing twice fails. */
		id: string;
		kind: K;
		payload: RecordPayload<K>;
		/** What a member reads for it in a list; attempts without one show their bank. */
		label?: string;
		/** Whose upload this is; null until the player joins a group and claims it. */
		memberId: string | null;
		/** pending: waits for upload; sent: the server has it; rejected: refused, with the reason. */
		status: 'pending' | 'sent' | 'rejected';
		createdAt: number;
		sentAt?: number;
		lastError?: string;
	};
}[RecordKind];

/** A member profile on this device (a shared classroom tablet holds several). */
export interface MemberRow {
	id: string;
	displayName: string;
	groupId: string;
	groupName: string;
	groupKind: 'branch' | 'class';
	/** The class's grade band, as the server said at joining (absent: none, or an older server). */
	gradeBand?: GradeBand | null;
	/** The bearer token for uploads; the server keeps only its hash. */
	token: string;
	/** The server refused the token (401): uploads wait until the member joins again. */
	needsRejoin: boolean;
	joinedAt: number;
	/** The org's study-day clock, from the server (absent on profiles from before it was sent). */
	timeZone?: string;
	startHour?: number;
}

/**
 * local: counted on this device but never uploaded (no group yet, or a day before joining);
 * pending: waits for upload; sent: the server has it (also rows learned from the server);
 * rejected: refused, with the reason (a wrong lecture code).
 */
export type CheckinStatus = 'local' | 'pending' | 'sent' | 'rejected';

/** One 打卡 of a player: the server's set is keyed the same way, (member, day, kind). */
export interface CheckinRow {
	/** memberKeyOf(memberId): '' before joining a group. */
	memberKey: string;
	/** The org's study day, 'YYYY-MM-DD'. */
	day: string;
	kind: CheckinKind;
	/** Device time of the check-in. */
	at: number;
	status: CheckinStatus;
	/** 讲坛: the code typed in. */
	code?: string;
	reason?: string;
}

/** The 打卡 card of a day, kept so the gallery can draw it again exactly as it was. */
export interface DayCardRow {
	memberKey: string;
	day: string;
	content: CardContent;
	createdAt: number;
}

/** 悦读: a chapter of a book read, with an optional note. Kept on the device only. */
export interface ReadingRow {
	id: string;
	memberKey: string;
	day: string;
	book: string;
	chapter: string;
	note?: string;
	at: number;
}

/** A competition of the member's group as last listed by the server (GET /api/competitions). */
export type CompetitionRow = CompetitionListing & { memberId: string; fetchedAt: number };

/**
 * The member's paper, downloaded ahead of the window so it plays offline. As served: stems and
 * shuffled options only; the server never sends keys, 解析 or 出处 before release.
 */
export type PaperRow = MemberPaper & { memberId: string; downloadedAt: number };

/** One try at a competition on this device; its id is the submission's id. */
export interface CompetitionRunRow {
	id: string;
	memberId: string;
	competitionId: string;
	/** The paper's question ids in play order, fixed at the start. */
	questionIds: string[];
	/** Device clock when 开始答题 was pressed, and when the paper was handed in. */
	startedAt: number;
	finishedAt?: number;
	status: 'active' | 'finished';
	/** The current question's timer, saved every second, so a reload keeps the time it had used. */
	clock?: { questionId: string; spentMs: number };
	updatedAt: number;
}

/** An answer of a try, in the bank's canonical keys (null: a per-question timer ran out). */
export interface CompetitionAnswerRow {
	runId: string;
	questionId: string;
	response: Response | null;
	elapsedMs: number;
	answeredAt: number;
}

/** The member's result as the server last gave it; keys and 解析 only once released. */
export type CompetitionResultRow = MemberResult & { memberId: string; fetchedAt: number };

/** A competition's boards (members, branches, town) kept for offline viewing. */
export type CompetitionBoardRow = CompetitionBoard & { memberId: string; fetchedAt: number };

/** A stage or classroom contest (课堂与现场赛): its setup; the play is its event log. */
export type StageContestRow = StageContest & {
	updatedAt: number;
	/** Set when the contest reached its result, for the list of past contests. */
	finishedAt?: number;
};

/**
 * One event of a contest's append-only log, keyed by its place in the log, so two windows
 * can never both write event n: the second `add` fails and re-reads the log.
 */
export interface StageEventRow {
	contestId: string;
	seq: number;
	event: StageEvent;
}

export interface SettingRow {
	key: string;
	value: unknown;
}

export type PocketDb = Dexie & {
	banks: EntityTable<BankRow, 'id'>;
	bankVersions: Table<BankVersionRow, [string, string]>;
	manifests: Table<ManifestRow, [string, string]>;
	questions: Table<QuestionRow, [string, string, string]>;
	cards: Table<CardRow, [string, string, string]>;
	attempts: EntityTable<AttemptRow, 'id'>;
	answers: Table<AnswerRow, [string, string]>;
	outbox: EntityTable<OutboxRow, 'id'>;
	members: EntityTable<MemberRow, 'id'>;
	settings: EntityTable<SettingRow, 'key'>;
	/** 错题本 history: one row per answer that touched the deck; the deck is rebuilt from it. */
	reviewLog: Table<ReviewEvent, [string, string]>;
	/** 错题本 deck: each card is the fold of its review history (core/review.ts). */
	deck: Table<DeckCard, [string, string, string]>;
	checkins: Table<CheckinRow, [string, string, string]>;
	dayCards: Table<DayCardRow, [string, string]>;
	readingLog: EntityTable<ReadingRow, 'id'>;
	competitions: Table<CompetitionRow, [string, string]>;
	papers: Table<PaperRow, [string, string]>;
	competitionRuns: EntityTable<CompetitionRunRow, 'id'>;
	competitionAnswers: Table<CompetitionAnswerRow, [string, string]>;
	competitionResults: Table<CompetitionResultRow, [string, string]>;
	competitionBoards: Table<CompetitionBoardRow, [string, string]>;
	stageContests: EntityTable<StageContestRow, 'id'>;
	stageEvents: Table<StageEventRow, [string, number]>;
};

export const DB_NAME = 'pocket-classroom';

/**
 * Open (or create) the database. `name` lets tests use a fresh one each; `indexedDB` and
 * `IDBKeyRange` come from the global scope unless given.
 */
export function openPocketDb(name = DB_NAME): PocketDb {
	// 'strict' makes Chrome flush each commit to disk before reporting success: an answer that
	// the screen says is saved survives a killed tab or a power cut.
	const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as PocketDb;
	// One declaration of the whole schema: Dexie (3 and later) brings a database of any earlier
	// version to it by adding what is missing, so versions without an upgrade function need not be
	// declared again. Declaring the six versions one by one rebuilt every table's API six times on
	// every start: 34 ms of main thread at 4× CPU before the first read, now 3 (issue #14).
	// Version history (each only added tables or indexes): 1 the banks, play and review; 2 打卡
	// (issue #5); 3 never used; 4 知识竞赛 (issue #11); 5 课堂与现场赛 (issue #12); 6 the outbox's
	// [status+memberId+createdAt] index (issue #14). A change that must move data declares its
	// version with `.upgrade()` beside this one (tests/client/db-schema-history.test.ts opens a
	// database of each earlier version, frozen in shipped-schemas.ts, with this schema).
	db.version(6).stores({
		banks: 'id',
		bankVersions: '[bankId+version], bankId',
		manifests: '[bankId+version]',
		questions: '[bankId+id+rev]',
		cards: '[bankId+id+rev], date',
		attempts: 'id, [bankId+status], status, updatedAt',
		answers: '[attemptId+questionId], attemptId',
		outbox: 'id, status, memberId, createdAt, [status+memberId+createdAt]',
		members: 'id',
		settings: 'key',
		reviewLog: '[attemptId+questionId]',
		deck: '[memberKey+bankId+questionId], [memberKey+due], [memberKey+bankId+due]',
		checkins: '[memberKey+day+kind], [memberKey+status], status',
		dayCards: '[memberKey+day]',
		readingLog: 'id, [memberKey+day]',
		competitions: '[memberId+id], memberId',
		papers: '[memberId+competitionId]',
		competitionRuns: 'id, [memberId+competitionId], status',
		competitionAnswers: '[runId+questionId], runId',
		competitionResults: '[memberId+competitionId]',
		competitionBoards: '[memberId+competitionId]',
		stageContests: 'id, updatedAt',
		stageEvents: '[contestId+seq]'
	});
	return db;
}
