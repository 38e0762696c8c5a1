import { describe, expect, it } from 'vitest';
import { isBranchBank } from '../../../src/lib/core/bank/branch';

describe('isBranchBank', () => {
	it('tells a branch bank id from a town bank id', () => {
		expect(isBranchBank('branch-0193c0de-7b1a-7000-8000-000000000000-1')).toBe(true);
		expect(isBranchBank('party-history-basics')).toBe(false);
		expect(isBranchBank('branches-of-the-party')).toBe(false);
	});
});
