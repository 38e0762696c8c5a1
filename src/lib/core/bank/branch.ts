/**
 * Branch banks (支部题库) are told apart from the town's by their id: `branch-<group id>-<n>`.
 * The daily 云学 quiz draws only from the town's banks, so every member of a branch gets the same
 * day's questions whether or not their phone has fetched the branch's banks yet.
 */
export const BRANCH_BANK_PREFIX = 'branch-';

/**
 * Whether a bank id names a branch's own bank.
 *
 * @example isBranchBank('branch-0193c0de-7b1a-7000-8000-000000000000-1') // → true
 */
export function isBranchBank(bankId: string): boolean {
	return bankId.startsWith(BRANCH_BANK_PREFIX);
}
