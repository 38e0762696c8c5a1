/**
 * Duplicate and near-duplicate questions. Two questions are compared by their fingerprint: the
 * stem plus the sorted option texts, folded (foldForCompare: no spaces, punctuation, blanks or
 * width differences). Same fingerprint = duplicate. Otherwise the similarity is the Sørensen–Dice
 * coefficient of the fingerprints' character bigrams; at or above NEAR_DUPLICATE_THRESHOLD the
 * pair is a near duplicate, worth a look but not refused (「一大在哪一年召开」 and 「二大在哪一年
 * 召开」 are near and both fine). Options are part of the fingerprint because exam files reuse
 * stems such as 「下列说法正确的是」 with different options.
 */
import { foldForCompare } from './text';

/** Dice similarity at or above which two questions are reported as near duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.85;

/**
 * The text a question is compared by.
 *
 * @example questionFingerprint({ stem: '成立于（ ）年?', options: [{ key: 'A', text: '1921年' }] })
 * // → '成立于年|1921年'
 */
export function questionFingerprint(q: {
	stem: string;
	options?: readonly { text: string }[];
}): string {
	const options = (q.options ?? []).map((o) => foldForCompare(o.text)).sort();
	return [foldForCompare(q.stem), ...options].join('|');
}

function bigrams(text: string): Map<string, number> {
	const chars = [...text];
	const grams = new Map<string, number>();
	if (chars.length === 1) grams.set(text, 1);
	for (let i = 0; i + 1 < chars.length; i++) {
		const gram = (chars[i] ?? '') + (chars[i + 1] ?? '');
		grams.set(gram, (grams.get(gram) ?? 0) + 1);
	}
	return grams;
}

function size(grams: Map<string, number>): number {
	let n = 0;
	for (const c of grams.values()) n += c;
	return n;
}

function dice(a: Map<string, number>, na: number, b: Map<string, number>, nb: number): number {
	if (na + nb === 0) return 1;
	let shared = 0;
	for (const [gram, count] of a) shared += Math.min(count, b.get(gram) ?? 0);
	return (2 * shared) / (na + nb);
}

/**
 * Sørensen–Dice coefficient of the character bigrams (as multisets) of two texts: 1 for equal
 * texts, 0 for texts with no bigram in common.
 *
 * @example bigramSimilarity('一大在哪一年召开', '二大在哪一年召开') // → 0.857…
 */
export function bigramSimilarity(a: string, b: string): number {
	const ga = bigrams(a);
	const gb = bigrams(b);
	return dice(ga, size(ga), gb, size(gb));
}

export interface Match<T> {
	/** The earlier item (a bank question or an earlier row) the item matches. */
	other: T;
	similarity: number;
	/** Same fingerprint: a duplicate, not just a near one. */
	exact: boolean;
}

/**
 * A text's bigrams as a set of tokens: the k-th occurrence of a bigram is its own token
 * ("ab", "ab#2"), so the size of the intersection of two sets is the multiset overlap Dice uses.
 */
function bigramTokens(text: string): string[] {
	const tokens: string[] = [];
	for (const [gram, count] of bigrams(text)) {
		tokens.push(gram);
		for (let k = 2; k <= count; k++) tokens.push(`${gram}#${k}`);
	}
	return tokens;
}

/**
 * For each incoming fingerprint, its duplicate or its most similar near duplicate among the
 * existing ones and the incoming ones before it (null when there is none); among equally similar
 * ones the earliest. Duplicates are found by a map; near duplicates through an index of bigram
 * tokens with prefix filtering: tokens are ordered rarest first, and two texts with Dice ≥ t
 * share a token among the first |A| − ⌈t·|A|/(2−t)⌉ + 1 tokens of each, so only texts sharing
 * such a rare token are compared at all. Near-linear for real banks, where stems share few rare
 * bigrams.
 *
 * @example findSimilar([{ item: 2, text: 'abcd' }], [{ item: 1, text: 'abcd' }])
 * // → [{ other: 1, similarity: 1, exact: true }]
 */
export function findSimilar<T>(
	incoming: readonly { item: T; text: string }[],
	existing: readonly { item: T; text: string }[],
	threshold = NEAR_DUPLICATE_THRESHOLD
): (Match<T> | null)[] {
	const all = [...existing, ...incoming].map(({ item, text }) => {
		const grams = bigrams(text);
		return { item, text, grams, n: size(grams), tokens: bigramTokens(text) };
	});
	// Rarest tokens first: they make the shortest index lists.
	const frequency = new Map<string, number>();
	for (const e of all) for (const t of e.tokens) frequency.set(t, (frequency.get(t) ?? 0) + 1);
	const rank = (t: string) => frequency.get(t) ?? 0;
	const index = new Map<string, number[]>();
	const exact = new Map<string, number>();
	const results: (Match<T> | null)[] = [];
	for (const [position, me] of all.entries()) {
		const isIncoming = position >= existing.length;
		let best: { at: number; similarity: number; exact: boolean } | null = null;
		const same = exact.get(me.text);
		if (isIncoming && same !== undefined) best = { at: same, similarity: 1, exact: true };
		const tokens = me.tokens.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
		const overlap = Math.ceil((threshold * tokens.length) / (2 - threshold) - 1e-9);
		const prefix = tokens.length - overlap + 1;
		if (isIncoming && !best) {
			const seen = new Set<number>();
			for (let i = 0; i < prefix && i < tokens.length; i++) {
				for (const at of index.get(tokens[i] ?? '') ?? []) {
					if (seen.has(at)) continue;
					seen.add(at);
					const other = all[at];
					if (!other) continue;
					const bound = (2 * Math.min(me.n, other.n)) / (me.n + other.n || 1);
					if (bound < threshold || (best && bound < best.similarity)) continue;
					const s = dice(me.grams, me.n, other.grams, other.n);
					if (
						s >= threshold &&
						(!best || s > best.similarity || (s === best.similarity && at < best.at))
					)
						best = { at, similarity: s, exact: false };
				}
			}
		}
		for (let i = 0; i < prefix && i < tokens.length; i++) {
			const list = index.get(tokens[i] ?? '');
			if (list) list.push(position);
			else index.set(tokens[i] ?? '', [position]);
		}
		if (!exact.has(me.text)) exact.set(me.text, position);
		if (isIncoming) {
			const other = best ? all[best.at] : undefined;
			results.push(
				best && other ? { other: other.item, similarity: best.similarity, exact: best.exact } : null
			);
		}
	}
	return results;
}
