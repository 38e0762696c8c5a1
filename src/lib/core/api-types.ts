/**
 * Shapes the server sends and the app reads, outside the sync protocol: joining,
 * leaderboards and lecture sessions. Declared once here because client and server never import each other.
 */

import type { GradeBand } from './play/grade-band';
import type { ReportReason } from './sync/report-reasons';
import type { ReportRow } from './bank/io/row-report';
import type { Audience, Question } from './bank/schema';

export type GroupKind = 'branch' | 'class';

/** The answer to joining (POST /api/join) or recovering (POST /api/recover). */
export interface JoinedMember {
	memberId: string;
	displayName: string;
	groupId: string;
	groupName: string;
	groupKind: GroupKind;
	/** A class's grade band (its pupils' 云学 draws that band); absent from older servers. */
	groupGradeBand?: GradeBand | null;
	/** The bearer token for uploads; the server keeps only its hash. */
	token: string;
	/** Shown once, for moving to a new phone. Not issued for roster (class) members. */
	recoveryCode: string | null;
}

export interface LeaderboardRow {
	rank: number;
	memberId: string;
	displayName: string;
	score: number;
	attempts: number;
	/** Share of answers that were right, 0–1. */
	accuracy: number;
}

/** One player's best 限时赛 round in the group. */
export interface PointsRow {
	rank: number;
	memberId: string;
	displayName: string;
	/** Points of their best round (server-scored, speed bonus included). */
	points: number;
	rounds: number;
}

/** The group's 限时赛 board: best round per player, the top and "you"; only those who played. */
export interface PointsBoard {
	top: PointsRow[];
	you: PointsRow | null;
	players: number;
}

/**
 * A group's board: the top and "you", never a list of who did not study. A school class gets
 * no individual rows at all (`individual: false`): pupils see their class together.
 */
export interface Leaderboard {
	groupId: string;
	individual: boolean;
	top: LeaderboardRow[];
	you: LeaderboardRow | null;
	members: number;
	/** 限时赛 points; null for classes and when nobody in the group has played one. */
	timed: PointsBoard | null;
	updatedAt: number;
}

/** A lecture session (讲坛) with the sign-in code read out at it. */
export interface LectureSession {
	id: string;
	groupId: string;
	title: string;
	code: string;
	startsAt: number;
	endsAt: number;
	createdAt: number;
}

export interface LectureListing extends LectureSession {
	/** Members whose 讲坛 check-in for the day was accepted with this session's code. */
	checkedIn: number;
}

/** GET /api/admin/groups/:id/lectures: latest first, with the org's zone for showing times. */
export interface LectureList {
	lectures: LectureListing[];
	timeZone: string;
	startHour: number;
}

/** A team's final line in a stored stage contest, as the server's own re-fold of the log gave it. */
export interface StageContestTeam {
	name: string;
	colour: number;
	score: number;
	rank: number;
	right: number;
	wrong: number;
	fouls: number;
	adjusted: number;
}

/** One stage or classroom contest stored for a group (GET /api/stage-contests). */
export interface StageContestListing {
	id: string;
	kind: 'stage' | 'groups' | 'class';
	title: string;
	teams: StageContestTeam[];
	questionCount: number;
	finishedAt: number;
}

/** GET /api/stage-contests: the member's group's contests, newest first. */
export interface StageContestList {
	contests: StageContestListing[];
}

/** 纠错 for its reporters (GET /api/question-reports): reporters so far of each question the
 * member reported on that bank version, by question id. */
export interface ReportCounts {
	bankId: string;
	version: string;
	counts: Record<string, number>;
}

/** One report as an admin reads it. */
export interface ReportNote {
	reason: ReportReason;
	note: string;
	groupName: string;
	/** Server receive time (ms). */
	receivedAt: number;
}

/** 纠错 for admins (GET /api/admin/question-reports): the reports of one question on one version. */
export interface ReportedQuestion {
	bankId: string;
	bankTitle: string;
	questionId: string;
	bankVersion: string;
	/** The stem in that version, when the server still has it. */
	stem: string | null;
	/** How many different members reported it. */
	reporters: number;
	/** Newest first. */
	reports: ReportNote[];
}

// 支部题库 (branch banks): the admin page's view of a bank, an upload's report, a publish.

export interface UploadReport {
	fileName: string;
	format: string;
	uploadedAt: number;
	/** How the file was read (encoding, sheets skipped). */
	notes: string[];
	/** Questions read from the file (rows under the header, or questions of a text file). */
	rowCount: number;
	/** True when the taken rows were stored; false when refusals stopped the whole upload. */
	saved: boolean;
	accepted: number;
	drafts: number;
	/** Drafts of the bank that rows filled in (the row named the draft's 编号). */
	filled: number;
	refused: number;
	/** Rows with something to say, in file order. */
	rows: ReportRow[];
	/** Rows taken without remark. */
	clean: number;
}

export interface BranchBankSummary {
	id: string;
	groupId: string;
	title: string;
	audience: Audience;
	/** Questions ready to publish (drafts not counted). */
	questionCount: number;
	draftCount: number;
	/** The version members install, or null before the first publish. */
	published: { version: string; publishedAt: number; questionCount: number } | null;
	/** When the working copy last changed (an upload, an edit). */
	updatedAt: number;
}

export interface BranchBankItem {
	id: string;
	position: number;
	question: Question;
	/** What a draft still needs (待补解析); null when ready. */
	draft: string | null;
}

export interface BranchBankDetail {
	bank: BranchBankSummary;
	items: BranchBankItem[];
	report: UploadReport | null;
	versions: { version: string; notes: string; publishedAt: number; questionCount: number }[];
}

export interface PublishResult {
	version: string;
	/** True when nothing changed since the last version: no new version was made. */
	unchanged: boolean;
	notes: string;
	questionCount: number;
	/** Drafts left out of the bundle. */
	draftsLeftOut: number;
}
