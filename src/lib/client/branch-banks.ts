/**
 * 支部题库 on the device: the banks a member's branch published, installed exactly as the town's
 * (the same installer: SHA-256 checked, all or nothing, the previous version playable until the
 * switch), but from an index only that branch's members can read. One pass per branch of the
 * profiles on this device; a profile that must re-join is skipped.
 */
import { updateBanks, type BankUpdateResult } from './bank-installer';
import type { InstallProgress } from './bank-download';
import type { PocketDb } from './db';

export const BRANCH_BANK_INDEX_URL = '/api/branch-banks/index.json';

export interface BranchBankDeps {
	db: PocketDb;
	fetch: typeof fetch;
	now: () => number;
	onProgress?: (p: InstallProgress) => void;
}

/**
 * Install or update the branch banks of every joined profile on this device. Returns one merged
 * result, or null when no profile has joined a group (the town banks are all there is). A branch
 * whose index cannot be read (offline, token refused) is skipped: the next check tries again.
 */
export async function updateBranchBanks(deps: BranchBankDeps): Promise<BankUpdateResult | null> {
	const members = (await deps.db.members.toArray()).filter((m) => !m.needsRejoin);
	// One token per branch is enough: every member of a branch sees the same banks.
	const byGroup = new Map(members.map((m) => [m.groupId, m.token]));
	if (!byGroup.size) return null;
	const merged: BankUpdateResult = { installed: [], failed: [], upToDate: [], removed: [] };
	for (const token of byGroup.values()) {
		const authorised: typeof fetch = (input, init) =>
			deps.fetch(input, {
				...init,
				headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${token}` }
			});
		try {
			const result = await updateBanks({
				db: deps.db,
				fetch: authorised,
				now: deps.now,
				indexUrl: BRANCH_BANK_INDEX_URL,
				onProgress: deps.onProgress
			});
			merged.installed.push(...result.installed);
			merged.failed.push(...result.failed);
			merged.upToDate.push(...result.upToDate);
			merged.removed.push(...result.removed);
		} catch (e) {
			console.warn('branch bank index not read', e);
		}
	}
	return merged;
}
