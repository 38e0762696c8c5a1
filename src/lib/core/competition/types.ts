/**
 * Shapes of competitions (知识竞赛) shared by the server, the device and the admin pages. The
 * HTTP API that carries them is described in docs/competition-api.md; the valibot schemas that
 * check what comes in are in schema.ts. Times are epoch milliseconds (server clock unless a
 * field says "device").
 */
import type { QuestionOption, QuestionType } from '../bank/schema';
import type { Response } from '../play/scoring';

/** One part of a drawn paper: `count` questions of `type`, optionally only those with `tag`. */
export interface DrawPart {
	type: QuestionType;
	count: number;
	tag?: string;
}

/** The paper: the same fixed list for everyone, or a per-member seeded draw by type and tag. */
export type PaperSpec =
	{ kind: 'fixed'; questionIds: string[] } | { kind: 'draw'; parts: DrawPart[] };

/** A time limit per question or for the whole paper. */
export interface TimeLimit {
	per: 'question' | 'paper';
	ms: number;
}

/** Which try counts when a member has several: the best (score, then time) or the first. */
export type TryRule = 'best' | 'first';

/**
 * When keys, 解析, scores and ranks reach members: after the member has used all their tries
 * (`after-submit`), or after the window and its grace period (`after-window`).
 */
export type ReleaseRule = 'after-submit' | 'after-window';

/** An award tier rule: the top `count` ranks, or the top `share` (0–1) of entrants. */
export interface AwardTier {
	name: string;
	by: 'rank' | 'share';
	/** For 'rank': ranks up to and including this; for 'share': a fraction such as 0.1. */
	value: number;
}

/** Everything an admin sets (POST creates, PATCH replaces any subset while editable). */
export interface CompetitionInput {
	title: string;
	/** Groups (支部 / 班级) whose members take part; at least one. */
	groupIds: string[];
	bankId: string;
	bankVersion: string;
	paper: PaperSpec;
	opensAt: number;
	closesAt: number;
	/** After closesAt, uploads of submissions started inside the window still count. Default 24 h. */
	graceMs: number;
	timeLimit: TimeLimit | null;
	tries: number;
	tryRule: TryRule;
	release: ReleaseRule;
	/** Award tiers in order (一等奖 first); empty for none. */
	awards: AwardTier[];
}

export type CompetitionStatus = 'draft' | 'upcoming' | 'open' | 'grace' | 'closed';

/** The admin's view of a competition. */
export interface Competition extends CompetitionInput {
	id: string;
	/** The admin who created it, and when. */
	createdBy: string;
	createdAt: number;
	updatedAt: number;
	/** Null while a draft; members see it only once published. */
	publishedAt: number | null;
	status: CompetitionStatus;
	/** How many questions each member's paper has. */
	questionCount: number;
	/** The org's zone, for showing the window on its wall clock. */
	timeZone: string;
}

/** What a member's device lists (GET /api/competitions): no paper, no keys. */
export interface CompetitionListing {
	id: string;
	title: string;
	status: Exclude<CompetitionStatus, 'draft'>;
	opensAt: number;
	closesAt: number;
	graceMs: number;
	questionCount: number;
	timeLimit: TimeLimit | null;
	tries: number;
	tryRule: TryRule;
	release: ReleaseRule;
	/** Submissions the server has from this member. */
	triesUsed: number;
	/** True once keys, scores and ranks are out for this member. */
	released: boolean;
	timeZone: string;
	serverNow: number;
}

/** A question as served in a member's paper: no answer, no 解析, no 出处. */
export interface PaperQuestion {
	id: string;
	type: QuestionType;
	stem: string;
	/**
	 * Options in this member's shuffled order, each with the bank's canonical key. The screen
	 * labels them A, B, C… by position (paper.ts: displayKey / canonicalKey) and stores and uploads
	 * the canonical keys. Absent for judge and fill.
	 */
	options?: QuestionOption[];
}

/** GET /api/competitions/:id/paper: the member's own paper, the same on every fetch. */
export interface MemberPaper {
	competitionId: string;
	title: string;
	bankId: string;
	bankVersion: string;
	opensAt: number;
	closesAt: number;
	graceMs: number;
	timeLimit: TimeLimit | null;
	tries: number;
	questions: PaperQuestion[];
	/** When the server first served this paper to this member (server clock). */
	servedAt: number;
	serverNow: number;
}

/** One answer in a submission, in the bank's canonical keys. */
export interface SubmissionAnswer {
	questionId: string;
	/** Canonical option key(s), true/false or text; null when the timer ran out. */
	response: Response | null;
	/** Time on this question from performance.now(), pauses excluded. */
	elapsedMs: number;
	/** Device wall clock when answered. */
	answeredAt: number;
}

/** The `competition` record that rides POST /api/sync (one per try). */
export interface CompetitionSubmission {
	protocol: 1;
	/** Made on the device (UUIDv7): the idempotency key. */
	id: string;
	competitionId: string;
	/** Device clock when the member pressed 开始答题, and when they handed in (交卷). */
	startedAt: number;
	finishedAt: number;
	answers: SubmissionAnswer[];
}

/** Why an answer earned nothing, beyond being wrong. */
export type AnswerVerdict = 'correct' | 'wrong' | 'unanswered' | 'too-fast' | 'over-time';

/** One question of a scored submission. */
export interface ScoredAnswer {
	questionId: string;
	response: Response | null;
	verdict: AnswerVerdict;
	elapsedMs: number;
}

/** A released question: the key and 解析 a member sees after release. */
export interface ReleasedQuestion extends PaperQuestion {
	answer: Response;
	explanation: string;
	source: string;
}

/** GET /api/competitions/:id/result. Before release only `submissions[].status` is filled. */
export interface MemberResult {
	competitionId: string;
	released: boolean;
	/** When release happens (null: after the member's last try, which has not come yet). */
	releaseAt: number | null;
	submissions: {
		id: string;
		receivedAt: number;
		/** counted: the try that ranks; other: a stored try that does not rank. */
		counts: boolean;
		score: number | null;
		total: number;
		answeringMs: number | null;
	}[];
	/** Released only: the counted try's rank among members (null for class pupils). */
	rank: number | null;
	entrants: number | null;
	award: string | null;
	answers: ScoredAnswer[] | null;
	questions: ReleasedQuestion[] | null;
	/**
	 * Released only, for a member with a counted try: their own 获奖证书 (an award) or 参与证明,
	 * kept on the device so it can be saved as a picture offline.
	 */
	certificate?: MemberCertificate | null;
}

/** One member's certificate, as the device draws it (core/competition/certificate-layout.ts). */
export interface MemberCertificate {
	orgName: string;
	title: string;
	/** The day the window closed, YYYY-MM-DD on the org's wall clock (as printed certificates). */
	date: string;
	displayName: string;
	groupName: string;
	groupKind: 'branch' | 'class';
	/** The award tier won; null: a 参与证明. */
	award: string | null;
}

/** A row of a competition's member board. */
export interface EntrantRow {
	rank: number;
	memberId: string;
	displayName: string;
	groupId: string;
	groupName: string;
	score: number;
	total: number;
	/** Sum of answer times of the counted try (ms). */
	answeringMs: number;
	/** Server receive time of the counted try. */
	submittedAt: number;
	award: string | null;
}

/** One group's line on the branch / town board. */
export interface GroupBoardRow {
	rank: number | null;
	groupId: string;
	groupName: string;
	kind: 'branch' | 'class';
	members: number;
	participants: number;
	/** participants ÷ members, 0–1. */
	participation: number;
	averageScore: number;
	/** Average of the group's best `topN` scores (fewer when fewer took part). */
	topAverage: number;
	topN: number;
}

/** GET …/board (member: top and "you"; admin: everyone). */
export interface CompetitionBoard {
	competitionId: string;
	title: string;
	total: number;
	entrants: number;
	/** Member rows; empty for a member whose group is a class (classes see totals only). */
	top: EntrantRow[];
	you: EntrantRow | null;
	groups: GroupBoardRow[];
	final: boolean;
	updatedAt: number;
}

/** Item analysis of one question (admin, after the window). */
export interface ItemStat {
	questionId: string;
	stem: string;
	type: QuestionType;
	tags: string[];
	answered: number;
	correctRate: number;
	/** Correct rate of the top 27 % minus that of the bottom 27 % (−1…1); null with < 4 entrants. */
	discrimination: number | null;
	/** Wrong choices: canonical key (or text for fill, 'true'/'false' for judge) → times chosen. */
	wrongChoices: { choice: string; count: number }[];
	flags: ('everyone-right' | 'best-worse')[];
}

export interface ItemAnalysis {
	competitionId: string;
	entrants: number;
	items: ItemStat[];
	/** Tags by correct rate, weakest first. */
	weakTags: { tag: string; correctRate: number; answered: number }[];
}

/** Certificate data (获奖证书 and 参与证明) for printing. */
export interface CertificateData {
	competitionId: string;
	orgName: string;
	title: string;
	/** The day the window closed, YYYY-MM-DD on the org's wall clock. */
	date: string;
	awards: {
		memberId: string;
		displayName: string;
		groupName: string;
		award: string;
		rank: number;
	}[];
	participants: { memberId: string; displayName: string; groupName: string }[];
}

/** Error body of every refusal: a stable code and a Chinese message a person can act on. */
export interface ApiErrorBody {
	error: { code: string; message: string };
}
