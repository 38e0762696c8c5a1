/**
 * Joining a group on this device: look a join code up, join by name (branch) or by tapping one's
 * name on the roster (class), or recover an identity with its recovery code; then offer the
 * results and check-ins played before joining for upload, and fetch the member's 错题本 history.
 */
import type { JoinedMember } from '$lib/core/api-types';
import { isJoinCode, normalizeJoinCode } from '$lib/core/group/join-code';
import { callApi } from '$lib/client/api';
import { appDb } from '$lib/client/app-db';
import { claimResults, unclaimedResults } from '$lib/client/claim';
import { saveJoinedMember } from '$lib/client/profiles';
import { bankUpdates } from './bank-updates.svelte';
import { uploadService } from './upload-service.svelte';

export interface GroupPreview {
	group: { name: string; kind: 'branch' | 'class'; orgName: string };
	roster: { id: string; displayName: string }[];
}

export class JoinFlow {
	code = $state('');
	displayName = $state('');
	recoveryCode = $state('');
	preview = $state.raw<GroupPreview | null>(null);
	busy = $state(false);
	error = $state<string | null>(null);
	joined = $state.raw<JoinedMember | null>(null);
	/** Results and check-ins made on this device before joining, offered for upload. */
	unclaimed = $state(0);
	claimedCount = $state<number | null>(null);

	/** 「下一步」: the group behind the code, with its roster for a class. */
	async lookUp(): Promise<void> {
		this.error = null;
		const normalized = normalizeJoinCode(this.code);
		if (!isJoinCode(normalized)) {
			this.error = '加入码是 6 位字母和数字，请核对后再试';
			return;
		}
		this.busy = true;
		const result = await callApi<GroupPreview>(`/api/join/${normalized}`);
		this.busy = false;
		if (result.ok) this.preview = result.data;
		else this.error = result.message;
	}

	/** A join link (QR code) carries the code: look it up at once; the person may edit it after. */
	async startWith(initialCode: string): Promise<void> {
		if (!initialCode) return;
		this.code = normalizeJoinCode(initialCode);
		await this.lookUp();
	}

	/** Join by name (branch) or as a pupil of the roster (class). */
	async join(body: { displayName?: string; rosterMemberId?: string }): Promise<void> {
		this.error = null;
		this.busy = true;
		const result = await callApi<JoinedMember>('/api/join', {
			body: { code: normalizeJoinCode(this.code), ...body }
		});
		this.busy = false;
		if (!result.ok) {
			this.error = result.message;
			return;
		}
		await this.#joined(result.data);
	}

	/** 「恢复身份」 on a new device. */
	async recover(): Promise<void> {
		this.error = null;
		this.busy = true;
		const result = await callApi<JoinedMember>('/api/recover', {
			body: { recoveryCode: this.recoveryCode }
		});
		this.busy = false;
		if (!result.ok) {
			this.error = result.message;
			return;
		}
		this.recoveryCode = '';
		await this.#joined(result.data);
	}

	/** 「上传这些成绩」: the results played before joining go under the new member. */
	async claim(): Promise<void> {
		if (!this.joined) return;
		this.claimedCount = await claimResults(appDb(), this.joined.memberId);
		this.unclaimed = 0;
		void uploadService.flush();
	}

	async #joined(member: JoinedMember): Promise<void> {
		const db = appDb();
		await saveJoinedMember(db, member, Date.now());
		this.joined = member;
		this.unclaimed = await unclaimedResults(db);
		void uploadService.flush();
		void this.#pullReviewHistory();
		// The branch may have its own banks (支部题库): fetch them now, not at the next app start.
		void bankUpdates.run();
	}

	/** A member on a new device gets their 错题本 back from the server (their uploaded answers). */
	async #pullReviewHistory(): Promise<void> {
		const { syncActiveMember } = await import('$lib/client/review-sync');
		await syncActiveMember(appDb(), (input, init) => fetch(input, init)).catch((e: unknown) =>
			console.error(e)
		);
	}
}
