/**
 * The admin screens' resources on the server, one typed request each. Every answer is an
 * ApiResult: the data, or the failure in the API's own words (never a thrown network error). The
 * admin screens are online only and keep what was typed through failures themselves.
 */
import type {
	BranchBankDetail,
	BranchBankItem,
	BranchBankSummary,
	LectureList,
	PublishResult,
	UploadReport,
	LectureSession,
	Leaderboard,
	ReportedQuestion
} from '$lib/core/api-types';
import type { GroupStudy } from '$lib/core/group/study-view';
import { callApi, fetchFile, type ApiResult } from '$lib/client/api';
import type { GradeBand } from '$lib/core/play/grade-band';

export type { ApiResult } from '$lib/client/api';

export interface Admin {
	id: string;
	username: string;
	scope: 'org' | 'group';
}

export interface AdminGroup {
	id: string;
	kind: 'branch' | 'class';
	name: string;
	joinCode: string;
	memberCount: number;
	/** A class's grade band: its pupils' 云学 draws that band's questions. */
	gradeBand: GradeBand | null;
}

export interface GroupDetail {
	group: AdminGroup;
	roster: { id: string; displayName: string }[];
	leaderboard: Leaderboard;
	/** The org's study day (YYYY-MM-DD). */
	today: string;
}

export interface AdminList {
	admins: { id: string; username: string; scope: 'org' | 'group'; lockedUntil: number | null }[];
	/** Locked names that are no admin's (guessed names are locked like real ones). */
	otherLocked: { username: string; lockedUntil: number }[];
}

const groupPath = (groupId: string) => `/api/admin/groups/${encodeURIComponent(groupId)}`;

export const adminApi = {
	/** Who is signed in, and whether the first admin still has to be created. */
	me: () => callApi<{ admin: Admin | null; needsSetup: boolean }>('/api/admin/me'),
	setup: (body: { code: string; username: string; password: string }) =>
		callApi('/api/admin/setup', { body }),
	login: (body: { username: string; password: string }) => callApi('/api/admin/login', { body }),
	logout: () => callApi('/api/admin/logout', { method: 'POST' }),
	/** The org's admins and the sign-in names locked after wrong passwords (org admins only). */
	admins: () => callApi<AdminList>('/api/admin/admins'),
	/** Lift the lock on a sign-in name (org admins only). */
	unlockAdmin: (username: string) => callApi('/api/admin/admins/unlock', { body: { username } }),

	groups: () => callApi<{ groups: AdminGroup[] }>('/api/admin/groups'),
	createGroup: (body: { kind: 'branch' | 'class'; name: string; gradeBand?: GradeBand | null }) =>
		callApi('/api/admin/groups', { body }),
	group: (groupId: string) => callApi<GroupDetail>(groupPath(groupId)),
	/** A new join code; the old code and its QR code stop working at once. */
	rotateJoinCode: (groupId: string) =>
		callApi<{ joinCode: string }>(`${groupPath(groupId)}/rotate`, { method: 'POST' }),
	addToRoster: (groupId: string, names: string[]) =>
		callApi<{ added: number }>(`${groupPath(groupId)}/roster`, { body: { names } }),

	lectures: (groupId: string) => callApi<LectureList>(`${groupPath(groupId)}/lectures`),
	createLecture: (groupId: string, body: { title: string; startsAt: number; endsAt: number }) =>
		callApi<LectureSession>(`${groupPath(groupId)}/lectures`, { body }),

	/** 纠错反馈: members' reports per question and bank version, most reporters first. */
	questionReports: () => callApi<{ questions: ReportedQuestion[] }>('/api/admin/question-reports'),

	/** 学习情况 at a collective share (0.1–1). */
	study: (groupId: string, share: number) =>
		callApi<GroupStudy>(`${groupPath(groupId)}/study?share=${share}`),

	/** 支部题库: the branch's own banks. */
	branchBanks: (groupId: string) =>
		callApi<{ banks: BranchBankSummary[] }>(`${groupPath(groupId)}/banks`),
	/**
	 * Upload a question file into a new bank (`title`) or an existing one (`bankId`); `partial`
	 * takes the good rows when others are refused. The file is read on the server.
	 */
	uploadBankFile: (
		groupId: string,
		file: Blob,
		options: {
			fileName: string;
			format?: string;
			bankId?: string;
			title?: string;
			partial?: boolean;
		}
	) => {
		const query = new URLSearchParams({ name: options.fileName });
		if (options.format) query.set('format', options.format);
		if (options.bankId) query.set('bank', options.bankId);
		if (options.title !== undefined) query.set('title', options.title);
		if (options.partial) query.set('partial', '1');
		return callApi<{ bank: BranchBankSummary | null; report: UploadReport }>(
			`${groupPath(groupId)}/banks?${query}`,
			{ body: file, timeoutMs: 120_000 }
		);
	},
	branchBank: (bankId: string) =>
		callApi<BranchBankDetail>(`/api/admin/branch-banks/${encodeURIComponent(bankId)}`),
	saveBankItem: (bankId: string, itemId: string, question: unknown) =>
		callApi<BranchBankItem>(
			`/api/admin/branch-banks/${encodeURIComponent(bankId)}/items/${encodeURIComponent(itemId)}`,
			{ method: 'PUT', body: { question } }
		),
	deleteBankItem: (bankId: string, itemId: string) =>
		callApi(
			`/api/admin/branch-banks/${encodeURIComponent(bankId)}/items/${encodeURIComponent(itemId)}`,
			{ method: 'DELETE' }
		),
	publishBank: (bankId: string) =>
		callApi<PublishResult>(`/api/admin/branch-banks/${encodeURIComponent(bankId)}/publish`, {
			method: 'POST'
		}),

	/** 成绩导出: the workbook for a range of study days, with the name the server gives it. */
	resultsFile: (
		groupId: string,
		range: { from: string; to: string }
	): Promise<ApiResult<{ blob: Blob; fileName: string }>> =>
		fetchFile(
			`${groupPath(groupId)}/results.xlsx?${new URLSearchParams(range)}`,
			`成绩-${range.from}至${range.to}.xlsx`
		)
};
