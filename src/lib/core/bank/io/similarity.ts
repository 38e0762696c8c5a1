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
 * For each incoming fingerprint, its duplicate or its most similar near duplicate among the
 * existing ones and the incoming ones before it (null when there is none). Pairs whose bigram
 * counts alone rule out the threshold are skipped, so large banks stay fast.
 *
 * @example findSimilar([{ item: 2, text: 'abcd' }], [{ item: 1, text: 'abcd' }])
 * // → [{ other: 1, similarity: 1, exact: true }]
 */
export function findSimilar<T>(
	incoming: readonly { item: T; text: string }[],
	existing: readonly { item: T; text: string }[],
	threshold = NEAR_DUPLICATE_THRESHOLD
): (Match<T> | null)[] {
	const prepare = ({ item, text }: { item: T; text: string }) => {
		const grams = bigrams(text);
		return { item, text, grams, n: size(grams) };
	};
	const pool = existing.map(prepare);
	const exact = new Map<string, T>();
	for (const p of pool) if (!exact.has(p.text)) exact.set(p.text, p.item);
	return incoming.map((entry) => {
		const me = prepare(entry);
		let best: Match<T> | null = null;
		const same = exact.get(me.text);
		if (same !== undefined) best = { other: same, similarity: 1, exact: true };
		else {
			for (const p of pool) {
				const bound = (2 * Math.min(me.n, p.n)) / (me.n + p.n || 1);
				if (bound < threshold || (best && bound <= best.similarity)) continue;
				const s = dice(me.grams, me.n, p.grams, p.n);
				if (s >= threshold && (!best || s > best.similarity))
					best = { other: p.item, similarity: s, exact: false };
			}
		}
		pool.push(me);
		if (!exact.has(me.text)) exact.set(me.text, me.item);
		return best;
	});
}
