/**
 * 纠错 on the quiz and result screens: which questions of the bank version on screen this player
 * reported, what happened to each report, and 「已有 N 人反馈，核实中」 until the bank gets a new
 * version. Reports are stored and queued on the device first (client/question-reports.ts), so
 * reporting works offline; the upload service sends them with everything else.
 */
import { appDb } from '$lib/client/app-db';
import { activeMember } from '$lib/client/profiles';
import {
	myReports,
	refreshReportCounts,
	reportQuestion,
	storedReportCounts,
	type MyReport
} from '$lib/client/question-reports';
import type { ReportReason } from '$lib/core/sync/report-reasons';
import { LiveQuery } from './live-query.svelte';
import { uploadService } from './upload-service.svelte';

interface Snapshot {
	joined: boolean;
	reports: MyReport[];
	counts: Record<string, number>;
	activeVersion: string | undefined;
}

const EMPTY: Snapshot = { joined: false, reports: [], counts: {}, activeVersion: undefined };

export class QuestionReports {
	#of: () => { bankId: string; version: string };
	#state: LiveQuery<Snapshot>;

	/** `of` names the bank and the version the questions on screen come from. */
	constructor(of: () => { bankId: string; version: string }) {
		this.#of = of;
		this.#state = new LiveQuery(async () => {
			const db = appDb();
			const { bankId, version } = of();
			const member = await activeMember(db);
			const [reports, counts, bank] = await Promise.all([
				myReports(db, member?.id ?? null, bankId),
				member ? storedReportCounts(db, member.id, bankId, version) : {},
				db.banks.get(bankId)
			]);
			return { joined: !!member, reports, counts, activeVersion: bank?.activeVersion };
		}, EMPTY);
	}

	/** This player's reports of a question on the version on screen, oldest first. */
	reportsOf(questionId: string): MyReport[] {
		const { version } = this.#of();
		return this.#state.current.reports.filter(
			(r) => r.questionId === questionId && r.bankVersion === version
		);
	}

	/**
	 * 「已有 N 人反馈，核实中」 for a question this player reported, while its version is still the
	 * bank's active one (a new version is where the fix lands). N is the server's count when it
	 * was last reached, and at least this player.
	 */
	notice(questionId: string): string | null {
		const { version } = this.#of();
		const state = this.#state.current;
		if (state.activeVersion !== version || !this.reportsOf(questionId).length) return null;
		return `已有 ${Math.max(1, state.counts[questionId] ?? 0)} 人反馈，核实中`;
	}

	/** Where the newest report of a question is, in words, for the line under the notice. */
	whereIs(questionId: string): string | null {
		const last = this.reportsOf(questionId).at(-1);
		if (!last) return null;
		if (last.status === 'rejected') return `服务器没有收下：${last.lastError ?? '原因不明'}`;
		if (last.status === 'sent') return null;
		return this.#state.current.joined
			? '已保存在本机，联网后自动上传'
			: '已保存在本机，加入支部或班级后上传';
	}

	/**
	 * Report a question of the version on screen. Stored on the device at once (offline too), then
	 * an upload is tried; returns an error message, or null when the report is stored.
	 */
	async submit(questionId: string, reason: ReportReason, note: string): Promise<string | null> {
		const db = appDb();
		const { bankId, version } = this.#of();
		if (reason === 'other' && !note.trim()) return '选择「其他」时，请写一句哪里有问题';
		try {
			const member = await activeMember(db);
			await reportQuestion(db, member?.id ?? null, {
				bankId,
				bankVersion: version,
				questionId,
				reason,
				note
			});
		} catch (e) {
			console.error(e);
			return '反馈没能保存到本机，请再试一次';
		}
		void uploadService.flush().then(() => this.refresh());
		return null;
	}

	/** Read the reporters' counts from the server (online, joined, and with a report sent). */
	async refresh(): Promise<void> {
		if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
		const db = appDb();
		const { bankId, version } = this.#of();
		const member = await activeMember(db);
		if (!member || member.needsRejoin) return;
		const mine = await myReports(db, member.id, bankId);
		if (!mine.some((r) => r.bankVersion === version && r.status === 'sent')) return;
		await refreshReportCounts(db, member, bankId, version);
	}
}
