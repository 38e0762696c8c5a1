/**
 * 支部题库 on the admin page: the branch's banks, the upload and its row report, the chosen
 * bank's drafts and publishing. Online only, like every admin screen; what was typed stays in
 * the form through a failure.
 */
import type {
	BranchBankDetail,
	BranchBankItem,
	BranchBankSummary,
	UploadReport
} from '$lib/core/api-types';
import { adminApi } from './admin-api';

/** The page refuses these before sending: the server would too, in the same words. */
export const UPLOAD_MAX_BYTES = 4 * 1024 * 1024;
export const UPLOAD_ACCEPT = '.xlsx,.csv,.gift,.txt,.xml';
export const UPLOAD_FORMATS = [
	{ value: '', label: '按扩展名自动识别' },
	{ value: 'xlsx', label: 'Excel 工作簿（.xlsx）' },
	{ value: 'csv', label: 'CSV' },
	{ value: 'gift', label: 'GIFT' },
	{ value: 'moodle-xml', label: 'Moodle XML' },
	{ value: 'text', label: '纯文本（1. 题干 / A. … / 答案：B）' }
] as const;

export const NEW_BANK = '';

export class BranchBankAdmin {
	readonly groupId: string;
	banks = $state.raw<BranchBankSummary[]>([]);
	/** The bank uploads go to and whose drafts are shown; NEW_BANK for a new one. */
	selected = $state<string>(NEW_BANK);
	detail = $state.raw<BranchBankDetail | null>(null);
	/** The last upload's report (also when nothing was stored). */
	report = $state.raw<UploadReport | null>(null);
	/** The file of the last upload, kept so its good rows can be taken without choosing it again. */
	#lastUpload: { file: Blob; fileName: string; format: string; title: string } | null = null;
	busy = $state(false);
	error = $state<string | null>(null);
	message = $state<string | null>(null);

	readonly drafts = $derived<BranchBankItem[]>(this.detail?.items.filter((i) => i.draft) ?? []);
	readonly canTakeGoodRows = $derived(
		!!this.report && !this.report.saved && this.report.rowCount > this.report.refused
	);

	constructor(groupId: string) {
		this.groupId = groupId;
	}

	async load(): Promise<void> {
		const r = await adminApi.branchBanks(this.groupId);
		if (!r.ok) {
			this.error = r.message;
			return;
		}
		this.banks = r.data.banks;
		if (this.selected === NEW_BANK && this.banks.length) this.selected = this.banks[0]?.id ?? '';
		await this.loadDetail();
	}

	async select(bankId: string): Promise<void> {
		this.selected = bankId;
		this.report = null;
		this.message = null;
		await this.loadDetail();
	}

	async loadDetail(): Promise<void> {
		if (this.selected === NEW_BANK) {
			this.detail = null;
			return;
		}
		const r = await adminApi.branchBank(this.selected);
		if (r.ok) {
			this.detail = r.data;
			this.report ??= r.data.report;
			this.error = null;
		} else this.error = r.message;
	}

	/** Why this file cannot be sent at all, or null. */
	static tooLarge(size: number): string | null {
		return size > UPLOAD_MAX_BYTES
			? `文件太大（${(size / 1024 / 1024).toFixed(1)} MB），一次最多上传 ${UPLOAD_MAX_BYTES / 1024 / 1024} MB：请把题目分成几个文件导入`
			: null;
	}

	async upload(
		file: Blob,
		fileName: string,
		options: { format: string; title: string; partial?: boolean }
	): Promise<boolean> {
		const big = BranchBankAdmin.tooLarge(file.size);
		if (big) {
			this.error = big;
			return false;
		}
		this.busy = true;
		this.error = null;
		this.message = null;
		try {
			const isNew = this.selected === NEW_BANK;
			const r = await adminApi.uploadBankFile(this.groupId, file, {
				fileName,
				format: options.format || undefined,
				bankId: isNew ? undefined : this.selected,
				title: isNew ? options.title : undefined,
				partial: options.partial
			});
			if (!r.ok) {
				this.error = r.message;
				return false;
			}
			this.report = r.data.report;
			this.#lastUpload = { file, fileName, format: options.format, title: options.title };
			if (r.data.bank) {
				this.selected = r.data.bank.id;
				await this.load();
			}
			const { report } = r.data;
			this.message = report.saved
				? `已导入 ${report.accepted} 道题${report.drafts ? `，其中 ${report.drafts} 道是草稿（待补解析），补全后才会发布` : ''}`
				: `有 ${report.refused} 道题不能导入，这次没有保存任何题目：请修改文件后重新上传，或只导入没有问题的题`;
			return report.saved;
		} finally {
			this.busy = false;
		}
	}

	/** Upload the last file again, taking the rows that can be taken. */
	async takeGoodRows(): Promise<void> {
		const last = this.#lastUpload;
		if (!last) return;
		await this.upload(last.file, last.fileName, {
			format: last.format,
			title: last.title,
			partial: true
		});
	}

	/** Store an edited question; the server checks it with the same core schema. */
	async saveItem(itemId: string, question: unknown): Promise<string | null> {
		if (!this.detail) return '请先选择题库';
		const r = await adminApi.saveBankItem(this.detail.bank.id, itemId, question);
		if (!r.ok) return r.message;
		this.message = `已保存 ${itemId}`;
		await this.load();
		return null;
	}

	async deleteItem(itemId: string): Promise<void> {
		if (!this.detail) return;
		const r = await adminApi.deleteBankItem(this.detail.bank.id, itemId);
		if (r.ok) {
			this.message = `已删除 ${itemId}`;
			await this.load();
		} else this.error = r.message;
	}

	async publish(): Promise<void> {
		if (!this.detail) return;
		this.busy = true;
		this.error = null;
		try {
			const r = await adminApi.publishBank(this.detail.bank.id);
			if (!r.ok) {
				this.error = r.message;
				return;
			}
			const p = r.data;
			this.message = p.unchanged
				? `题库没有变化，仍是 v${p.version}`
				: `已发布 v${p.version}（${p.notes}）${p.draftsLeftOut ? `；${p.draftsLeftOut} 道草稿未发布` : ''}。支部成员联网打开口袋课堂时会自动下载。`;
			await this.load();
		} finally {
			this.busy = false;
		}
	}
}
