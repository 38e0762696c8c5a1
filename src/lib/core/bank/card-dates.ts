/**
 * A 历史上的今天 card must be about its day: the app shows 「历史上的今天 · 1945 年」 above it on
 * that date, so a card dated 09-03 whose text tells what happened on 9月2日 misleads every reader.
 * The compiler checks each dated card's text with `datedCardIssue`.
 */
import type { Card } from './schema';

/**
 * Why a dated card's text does not match its date, or null when it does. A card with a year
 * must tell that year's event on that day: one sentence of the title or body names the year
 * (「1921年」) and, after it with no other year between, the day (「7月1日」). A card without a
 * year (a commemoration day) must name the day.
 *
 * @example datedCardIssue({ date: '07-01', year: 1921, title: '建党', body: '1921年7月1日……', ... }) // → null
 */
export function datedCardIssue(
	card: Pick<Card, 'date' | 'year' | 'title' | 'body'>
): string | null {
	if (card.date === undefined) return null;
	const [month, day] = card.date.split('-').map(Number);
	const monthDay = `${month}月${day}日`;
	const sentences = `${card.title}。${card.body}`.split(/[。！？!?\n]/u);
	if (card.year === undefined) {
		return sentences.some((s) => hasDay(s, monthDay))
			? null
			: `the card is dated ${card.date} but its text never names ${monthDay}`;
	}
	const year = `${card.year}年`;
	const told = sentences.some((s) => {
		const at = s.indexOf(year);
		if (at < 0) return false;
		const after = s.slice(at + year.length);
		const nextYear = after.search(/\d{4}年/u);
		return hasDay(nextYear < 0 ? after : after.slice(0, nextYear), monthDay);
	});
	return told
		? null
		: `the card is dated ${card.date}, ${card.year} but no sentence of it tells what happened on ${year}${monthDay}; fix the date or year, or drop the year for a commemoration day`;
}

/** 「2月1日」 as a whole day, not the tail of 「12月1日」. */
function hasDay(sentence: string, monthDay: string): boolean {
	let from = 0;
	for (;;) {
		const at = sentence.indexOf(monthDay, from);
		if (at < 0) return false;
		const before = sentence[at - 1] ?? '';
		if (!/\d/u.test(before)) return true;
		from = at + 1;
	}
}
