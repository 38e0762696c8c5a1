/**
 * 打卡: the streak, today's tasks, the year's studied days and the gallery of day cards, remade
 * when the study day turns (04:00 in the org's zone) so a page left open overnight is today's.
 */
import { appDb } from '$lib/client/app-db';
import { studiedDaysOf } from '$lib/client/checkin-store';
import { dailyQuizPlan } from '$lib/client/daily-menu';
import { dayCardsOf, ensureDayCard } from '$lib/client/day-card-store';
import { activeMember, memberKeyOf } from '$lib/client/profiles';
import { todayStatus } from '$lib/client/today-status';
import { playSettings } from './play-settings.svelte';
import { StudyDayQuery } from './study-day-query.svelte';

export class CheckinView {
	readonly #query = new StudyDayQuery(async () => {
		const db = appDb();
		const member = (await activeMember(db)) ?? null;
		const key = memberKeyOf(member?.id);
		const [status, days, cards, plan] = await Promise.all([
			todayStatus(db, member),
			studiedDaysOf(db, key),
			dayCardsOf(db, key),
			dailyQuizPlan(db, member, playSettings.pupil)
		]);
		return { member, status, days, cards, plan };
	}, null);

	/** Everything the page shows, or null until the first read. */
	get current() {
		return this.#query.current;
	}

	/** Cards of days before today, newest first. */
	readonly past = $derived(
		this.current ? this.current.cards.filter((c) => c.day !== this.current?.status.day) : []
	);

	/**
	 * Make today's card when today has a check-in but no card yet: the tab closed between the
	 * check-in and its card, or the day's check-in came from another device. Called when the page
	 * opens and after the server's check-ins were merged; reading the view never writes.
	 */
	async ensureTodayCard(now = Date.now()): Promise<void> {
		const db = appDb();
		await ensureDayCard(db, (await activeMember(db)) ?? null, now);
	}
}
