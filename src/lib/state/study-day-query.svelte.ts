import { dayOptionsOf, todayFor } from '$lib/client/study-day';
import { dayLabel, wallTime } from '$lib/core/calendar/zoned-time';
import { Clock } from './clock.svelte';
import { LiveQuery } from './live-query.svelte';
import { profiles } from './profiles.svelte';

/**
 * A live query over today's study (tasks, streak, the day's quiz) that is made again when the
 * study day turns (04:00 in the org's zone), so 今日 or 打卡 left open overnight never shows
 * yesterday. The clock ticks once a minute; the query is remade only when the day's value
 * changes. Create it while a component initialises.
 */
export class StudyDayQuery<T> {
	/** Ticks every minute, for labels that show the date too. */
	readonly clock = new Clock(60_000);
	/** The active player's study day, 'YYYY-MM-DD'. */
	readonly day = $derived(todayFor(profiles.active.current, this.clock.now));
	/**
	 * Today's date in the org's zone as people write it, 「12月4日 周五」 (by hand: a first Intl
	 * date format costs a cheap phone 60–90 ms of its cold start).
	 */
	readonly dateLabel = $derived(
		dayLabel(wallTime(this.clock.now, dayOptionsOf(profiles.active.current).timeZone).day)
	);
	readonly #querier: () => Promise<T>;
	readonly #initial: T;
	readonly #query = $derived.by(() => {
		void this.day;
		return new LiveQuery(this.#querier, this.#initial);
	});

	constructor(querier: () => Promise<T>, initial: T) {
		this.#querier = querier;
		this.#initial = initial;
	}

	get current(): T {
		return this.#query.current;
	}
}
