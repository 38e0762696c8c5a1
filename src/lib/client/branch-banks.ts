/**
 * 支部题库 on the device: the banks a member's branch published, installed exactly as the town's
 * (the same installer: SHA-256 checked, all or nothing, the previous version playable until the
 * switch), but from an index only that branch's members can read. One pass per branch of the
 * profiles on this device; a profile that must re-join is skipped.
 */
import { updateBanks, type BankUpdateResult, type InstallerDeps } from './bank-installer';
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

/**
 * A whole bank check: the town's banks from `indexUrl`, then the branches' of the profiles on
 * this device, as one result. It runs where the town's install runs (the bank-install worker, or
 * the page where there is none): the branch banks once installed on the page, and a joined
 * member's every check loaded the installer there and ran its index and version checks on the
 * main thread, beside whatever the member was doing (issue #14). A failure of the town's index
 * fails the check, as before; a branch index that cannot be read is skipped.
 */
export async function updateAllBanks(deps: InstallerDeps): Promise<BankUpdateResult> {
	const town = await updateBanks(deps);
	const branch = await updateBranchBanks(deps);
	if (!branch) return town;
	return {
		installed: [...town.installed, ...branch.installed],
		failed: [...town.failed, ...branch.failed],
		upToDate: [...town.upToDate, ...branch.upToDate],
		removed: [...town.removed, ...branch.removed]
	};
}
