/**
 * Option shuffling. In the banks as written the key is option A in about half the single-choice
 * questions, and "everything but the last" answers most multiple-choice ones, so options are
 * shown in a seeded order per attempt and per question. Only the screen moves: responses stay in
 * the bank's own keys (what is stored, uploaded and re-scored), and the letters a player sees
 * (A, B, C… by position on screen) are mapped back to those keys here. Competitions reuse this.
 */
import { hashSeed, seededRandom, shuffled } from './random';

/** Letters by position on screen; a question has at most six options. */
export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

/**
 * The seed of one question's option order inside an attempt: the attempt's option seed and the
 * question id, so every question of a run gets its own order and a resumed run the same one.
 *
 * @example questionShuffleSeed('7f3a', 'q-12') // → 'options:7f3a:q-12'
 */
export function questionShuffleSeed(attemptSeed: string, questionId: string): string {
	return `options:${attemptSeed}:${questionId}`;
}

/**
 * The order in which a question's option keys are shown: a seeded permutation of `keys`, the
 * same for the same seed whatever order the keys arrive in. Without a seed (an attempt started
 * before shuffling existed) the bank's order is kept, so that run reads as it began.
 *
 * @example optionOrder(['A', 'B', 'C', 'D'], 'options:7f3a:q-12') // → e.g. ['C', 'A', 'D', 'B']
 */
export function optionOrder(keys: readonly string[], seed: string | undefined): string[] {
	if (seed === undefined) return keys.slice();
	return shuffled([...keys].sort(), seededRandom(hashSeed(seed)));
}

/**
 * The letter a key is shown under (its position in `order`); a key not in the order keeps its
 * own name, so a stored response from another version still reads as something.
 *
 * @example displayLetter(['C', 'A', 'B'], 'A') // → 'B'
 */
export function displayLetter(order: readonly string[], key: string): string {
	const at = order.indexOf(key);
	return at === -1 ? key : (OPTION_LETTERS[at] ?? key);
}

/**
 * The bank key behind a letter on screen (what the keyboard's A–F and 1–6 pick), or undefined
 * when no option is shown under it.
 *
 * @example keyAtLetter(['C', 'A', 'B'], 'A') // → 'C'
 */
export function keyAtLetter(order: readonly string[], letter: string): string | undefined {
	const at = OPTION_LETTERS.indexOf(letter.toUpperCase() as (typeof OPTION_LETTERS)[number]);
	return at === -1 ? undefined : order[at];
}

/**
 * A set of keys (a multiple-choice response or answer) in the order they appear on screen, so
 * 「B；D」 reads left to right as the player saw them.
 *
 * @example inDisplayOrder(['C', 'A', 'B'], ['A', 'C']) // → ['C', 'A']
 */
export function inDisplayOrder(order: readonly string[], keys: readonly string[]): string[] {
	const rank = (k: string) => {
		const at = order.indexOf(k);
		return at === -1 ? order.length : at;
	};
	return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** What the option order of a question needs: its id and, for lettered types, its options. */
export type ShuffledQuestion = { id: string } & ({ options: readonly { key: string }[] } | object);

/**
 * The option order of a question inside an attempt with this option seed: lettered types
 * (single, multiple, order) are shuffled, judge (正确/错误) and fill have no letters and give [].
 *
 * @example questionOptionOrder(singleQuestion, '7f3a') // → e.g. ['B', 'D', 'A', 'C']
 */
export function questionOptionOrder(
	question: ShuffledQuestion,
	attemptSeed: string | undefined
): string[] {
	if (!('options' in question)) return [];
	const keys = question.options.map((o) => o.key);
	return optionOrder(
		keys,
		attemptSeed === undefined ? undefined : questionShuffleSeed(attemptSeed, question.id)
	);
}
