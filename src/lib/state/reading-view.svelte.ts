/**
 * 悦读: the day's knowledge card (a 历史上的今天 card when one matches the date) read to its end,
 * or a chapter of a book noted; either is the day's 悦读 check-in. Holds what the page shows and
 * the outcome of the last action (saving, saved, the error in words).
 */
import { appDb } from '$lib/client/app-db';
import { cardOfDay } from '$lib/client/daily-menu';
import { activeMember, memberKeyOf } from '$lib/client/profiles';
import { readingsOf, type ReadingInput } from '$lib/client/reading-log-store';
import { todayStatus } from '$lib/client/today-status';
import { checkInCardRead, checkInReading } from './checkin-actions';
import { LiveQuery } from './live-query.svelte';

export class ReadingView {
	readonly #view = new LiveQuery(async () => {
		const db = appDb();
		const member = (await activeMember(db)) ?? null;
		const status = await todayStatus(db, member);
		const [card, readings] = await Promise.all([
			cardOfDay(db, member, status.day),
			readingsOf(db, memberKeyOf(member?.id))
		]);
		return { member, status, card, readings };
	}, null);

	saving = $state(false);
	error = $state<string | null>(null);
	/** What the last action saved, in words. */
	saved = $state<string | null>(null);

	/** The day's card, the reading log and today's check-ins; null until the first read. */
	get current() {
		return this.#view.current;
	}

	/** Today's 悦读 is done (a refused one is not). */
	readonly done = $derived(
		!!this.current?.status.checkins.yue && this.current.status.checkins.yue.status !== 'rejected'
	);
	/** Books read before, for the title field's suggestions. */
	readonly books = $derived(
		(this.current?.readings ?? [])
			.map((r) => r.book)
			.filter((book, i, all) => all.indexOf(book) === i)
	);

	/** 「读完了，打卡」. */
	async finishCard(): Promise<void> {
		const current = this.current;
		if (!current) return;
		await this.#act(async () => {
			await checkInCardRead(current.member);
			this.saved = '悦读打卡成功！';
		}, '打卡没有保存，请再点一次');
	}

	/** 「保存读书记录」; true when it was saved (the page then clears the chapter and note). */
	async saveReading(input: ReadingInput): Promise<boolean> {
		const current = this.current;
		if (!current) return false;
		return this.#act(async () => {
			await checkInReading(current.member, input);
			this.saved = `已记录《${input.book.trim()}》${input.chapter.trim()}。`;
		});
	}

	/** Run an action with `saving` set; a failure becomes `error` (its own words, or `fallback`). */
	async #act(action: () => Promise<void>, fallback?: string): Promise<boolean> {
		this.saving = true;
		this.error = null;
		try {
			await action();
			return true;
		} catch (e) {
			// A refused entry says why in its own words; anything else is worth a log line.
			if (fallback !== undefined) console.error(e);
			this.error = fallback ?? (e instanceof Error ? e.message : '没有保存，请再试一次');
			return false;
		} finally {
			this.saving = false;
		}
	}
}
