/**
 * 今日: what the first screen shows. The day's three tasks, streak and 云学 bank (remade when the
 * study day turns, so a page left open overnight is today's), a run left unfinished, the installed
 * banks, and what the 错题本 has due for whoever plays on this device.
 */
import { appDb } from '$lib/client/app-db';
import { findUnfinishedAttempt } from '$lib/client/unfinished-attempt';
import { dailyQuizPlan } from '$lib/client/daily-menu';
import { activeMember, memberKeyOf } from '$lib/client/profiles';
import { dueByBank } from '$lib/client/review-due';
import { todayStatus } from '$lib/client/today-status';
import { LiveQuery } from './live-query.svelte';
import { playSettings } from './play-settings.svelte';
import { StudyDayQuery } from './study-day-query.svelte';

export class TodayView {
	/** The day's tasks, streak and 云学 plan for the active player. */
	readonly study = new StudyDayQuery(async () => {
		const db = appDb();
		const member = (await activeMember(db)) ?? null;
		const [status, plan] = await Promise.all([
			todayStatus(db, member),
			dailyQuizPlan(db, member, playSettings.pupil)
		]);
		return { member, status, plan };
	}, null);

	/** A run left unfinished, with its bank's title and how far it got. */
	readonly unfinished = new LiveQuery(async () => {
		const db = appDb();
		const attempt = await findUnfinishedAttempt(db);
		if (!attempt) return null;
		const [bank, answered] = await Promise.all([
			db.banks.get(attempt.bankId),
			db.answers.where('attemptId').equals(attempt.id).count()
		]);
		return { attempt, title: bank?.title ?? attempt.bankId, answered };
	}, null);

	readonly banks = new LiveQuery(() => appDb().banks.toArray(), []);

	/** 错题本: due cards per bank for whoever is playing on this device, most due first. */
	readonly reviews = new LiveQuery(async () => {
		const db = appDb();
		const member = await activeMember(db);
		return dueByBank(db, memberKeyOf(member?.id), Date.now());
	}, []);

	readonly dueTotal = $derived(this.reviews.current.reduce((sum, r) => sum + r.due, 0));

	titleOf(bankId: string): string {
		return this.banks.current.find((b) => b.id === bankId)?.title ?? bankId;
	}
}
