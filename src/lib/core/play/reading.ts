/**
 * The reading floor: the least time a person needs to read a question before answering it. An
 * answer faster than this was not read but replayed (a script, a copied payload), so it earns no
 * points in any mode, with the reason given back to the device.
 */

/** A base for taking in the screen, plus a time per character of the stem. */
export const READING_BASE_MS = 300;
export const READING_PER_CHAR_MS = 20;
export const READING_MAX_MS = 2_500;

// A bank's questions are re-scored against many times (every upload on the server): each
// question's floor is worked out once, and again only if its stem changed.
const floors = new WeakMap<object, { stem: string; ms: number }>();

/**
 * 300 ms plus 20 ms per character of the stem (about 3,000 characters a minute, several times
 * faster than careful reading, so a quick reader who knows the answer is never caught), at most
 * 2.5 s. Options are not counted: a member who knows the answer reads only the one they pick.
 *
 * @example readingFloorMs({ stem: '中国共产党第一次全国代表大会在哪一年召开？' }) // → 720
 */
export function readingFloorMs(question: { stem: string }): number {
	let floor = floors.get(question);
	if (floor === undefined || floor.stem !== question.stem) {
		const chars = [...question.stem.replace(/\s+/g, '')].length;
		floor = {
			stem: question.stem,
			ms: Math.min(READING_MAX_MS, READING_BASE_MS + READING_PER_CHAR_MS * chars)
		};
		floors.set(question, floor);
	}
	return floor.ms;
}

/**
 * Was an answer given faster than its question can be read?
 *
 * @example isTooFast({ stem: '这是一道判断题的题干。' }, 1) // → true
 */
export function isTooFast(question: { stem: string }, elapsedMs: number): boolean {
	return elapsedMs < readingFloorMs(question);
}

/**
 * The note an accepted upload carries when some answers earned nothing for being too fast.
 *
 * @example tooFastNote(3) // → '3 题作答快于读题所需时间，不计分'
 */
export function tooFastNote(count: number): string | undefined {
	return count > 0 ? `${count} 题作答快于读题所需时间，不计分` : undefined;
}
