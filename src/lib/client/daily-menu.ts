/**
 * The day's menu on this device: which bank the 云学 quiz draws from and which card is the 悦读
 * of the day, from the banks installed here (core/daily.ts decides; this file reads Dexie).
 */
import { isBranchBank } from '$lib/core/bank/branch';
import { cardOfTheDay, dailySeed, pickDailyBank } from '$lib/core/play/daily';
import type { BankRow, CardRow, MemberRow, PocketDb } from './db';
import { todayFor } from './study-day';

/** The seed of today's 云学 quiz for a member (their group's, or everyone's before joining). */
export function dailySeedFor(member: MemberRow | undefined | null, now = Date.now()): string {
	return dailySeed(member?.groupId, todayFor(member, now));
}

/**
 * Banks for a player: pupils (a class profile, or pupils' mode) get the pupils' banks, members
 * the others. When none of the right audience is installed, any bank is better than none.
 */
export function banksForPlayer(banks: readonly BankRow[], pupil: boolean): BankRow[] {
	const fitting = banks.filter((b) =>
		pupil ? b.audience === 'pupil' : b.audience === 'member' || b.audience === 'all'
	);
	return fitting.length ? fitting : [...banks];
}

export interface DailyQuizPlan {
	day: string;
	seed: string;
	bankId: string;
	bankTitle: string;
}

/** The day's 云学 quiz: the bank and seed for today, or null when no bank is installed yet. */
export async function dailyQuizPlan(
	db: PocketDb,
	member: MemberRow | undefined | null,
	pupil: boolean,
	now = Date.now()
): Promise<DailyQuizPlan | null> {
	const day = todayFor(member, now);
	const seed = dailySeedFor(member, now);
	// The town's banks only: a branch bank is played from 学习, not drawn into 云学 (core/bank/branch.ts).
	const town = (await db.banks.toArray()).filter((b) => !isBranchBank(b.id));
	const banks = banksForPlayer(town, pupil || member?.groupKind === 'class');
	const bankId = pickDailyBank(
		banks.map((b) => b.id),
		seed
	);
	const bank = banks.find((b) => b.id === bankId);
	return bank ? { day, seed, bankId: bank.id, bankTitle: bank.title } : null;
}

/**
 * The day's 悦读 card: a 历史上的今天 card when one matches the day, else a seeded pick, from the
 * cards of every installed bank's active version (pupils' banks for pupils first).
 */
export async function cardOfDay(
	db: PocketDb,
	member: MemberRow | undefined | null,
	day: string
): Promise<CardRow | undefined> {
	const rows: CardRow[] = [];
	for (const bank of await db.banks.toArray()) {
		const manifest = await db.manifests.get([bank.id, bank.activeVersion]);
		if (!manifest) continue;
		const keys = Object.entries(manifest.cards).map(
			([id, rev]) => [bank.id, id, rev] as [string, string, string]
		);
		for (const row of await db.cards.bulkGet(keys)) if (row) rows.push(row);
	}
	return cardOfTheDay(rows, day, dailySeed(member?.groupId, day));
}
