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
 * Every text's bigrams as a sorted set of numbers: the k-th occurrence of a bigram is its own
 * token (so the size of the intersection of two sets is the multiset overlap Dice counts), and
 * tokens are numbered rarest first across all the texts, the order prefix filtering needs.
 */
function tokenise(texts: readonly string[]): Int32Array[] {
	// Bigrams are looked up by their two code points (small integers, cheap map keys); a repeated
	// bigram's later occurrences by a string key, which real stems seldom need.
	const byFirst = new Map<number, Map<number, number>>();
	const repeats = new Map<string, number>();
	const frequency: number[] = [];
	const newId = () => {
		frequency.push(0);
		return frequency.length - 1;
	};
	const seenInText = new Map<number, Map<number, number>>();
	const raw = texts.map((text) => {
		const points: number[] = [];
		for (const c of text) points.push(c.codePointAt(0) ?? 0);
		// A one-character text is its own token (second point beyond Unicode).
		if (points.length === 1) points.push(0x110000);
		const out = new Int32Array(Math.max(points.length - 1, 0));
		seenInText.clear();
		for (let i = 0; i + 1 < points.length; i++) {
			const a = points[i] ?? 0;
			const b = points[i + 1] ?? 0;
			let seen = seenInText.get(a);
			if (!seen) seenInText.set(a, (seen = new Map()));
			const k = (seen.get(b) ?? 0) + 1;
			seen.set(b, k);
			let id: number | undefined;
			if (k === 1) {
				let second = byFirst.get(a);
				if (!second) byFirst.set(a, (second = new Map()));
				id = second.get(b);
				if (id === undefined) second.set(b, (id = newId()));
			} else {
				const key = `${a},${b},${k}`;
				id = repeats.get(key);
				if (id === undefined) repeats.set(key, (id = newId()));
			}
			frequency[id] = (frequency[id] ?? 0) + 1;
			out[i] = id;
		}
		return out;
	});
	// Rank tokens by (frequency, first appearance) with a counting sort: rarest first.
	let most = 0;
	for (const f of frequency) if (f > most) most = f;
	const start = new Int32Array(most + 2);
	for (const f of frequency) start[f + 1] = (start[f + 1] ?? 0) + 1;
	for (let f = 1; f < start.length; f++) start[f] = (start[f] ?? 0) + (start[f - 1] ?? 0);
	const rank = new Int32Array(frequency.length);
	for (const [id, f] of frequency.entries()) {
		rank[id] = start[f] ?? 0;
		start[f] = (start[f] ?? 0) + 1;
	}
	for (const tokens of raw) {
		for (let i = 0; i < tokens.length; i++) tokens[i] = rank[tokens[i] ?? 0] ?? 0;
		tokens.sort();
	}
	return raw;
}

/** Size of the intersection of two sorted token sets, or -1 once it cannot reach `need`. */
function overlapAtLeast(a: Int32Array, b: Int32Array, need: number): number {
	let i = 0;
	let j = 0;
	let shared = 0;
	while (i < a.length && j < b.length) {
		if (shared + Math.min(a.length - i, b.length - j) < need) return -1;
		const x = a[i] ?? 0;
		const y = b[j] ?? 0;
		if (x === y) {
			shared++;
			i++;
			j++;
		} else if (x < y) i++;
		else j++;
	}
	return shared >= need ? shared : -1;
}

/**
 * For each incoming fingerprint, its duplicate or its most similar near duplicate among the
 * existing ones and the incoming ones before it (null when there is none); among equally similar
 * ones the earliest. Duplicates are found by a map; near duplicates through an index of bigram
 * tokens with prefix filtering: tokens are ordered rarest first, and two texts with Dice ≥ t
 * share a token among the first |A| − ⌈t·|A|/(2−t)⌉ + 1 tokens of each, so only texts sharing
 * such a rare token are compared at all, and a comparison stops as soon as the threshold is out
 * of reach. Near-linear for real banks, where stems share few rare bigrams.
 *
 * @example findSimilar([{ item: 2, text: 'abcd' }], [{ item: 1, text: 'abcd' }])
 * // → [{ other: 1, similarity: 1, exact: true }]
 */
export function findSimilar<T>(
	incoming: readonly { item: T; text: string }[],
	existing: readonly { item: T; text: string }[],
	threshold = NEAR_DUPLICATE_THRESHOLD
): (Match<T> | null)[] {
	const all = [...existing, ...incoming];
	const tokens = tokenise(all.map((e) => e.text));
	// Token ranks are small consecutive numbers: the index is an array of lists.
	const index: (number[] | undefined)[] = [];
	const exact = new Map<string, number>();
	const results: (Match<T> | null)[] = [];
	const seen = new Int32Array(all.length).fill(-1);
	for (const [position, me] of all.entries()) {
		const mine = tokens[position] ?? new Int32Array();
		const n = mine.length;
		const prefix = n - Math.ceil((threshold * n) / (2 - threshold) - 1e-9) + 1;
		const isIncoming = position >= existing.length;
		let best: { at: number; similarity: number; exact: boolean } | null = null;
		const same = exact.get(me.text);
		if (isIncoming && same !== undefined) best = { at: same, similarity: 1, exact: true };
		if (isIncoming && !best) {
			for (let i = 0; i < prefix && i < n; i++) {
				for (const at of index[mine[i] ?? 0] ?? []) {
					if (seen[at] === position) continue;
					seen[at] = position;
					const theirs = tokens[at] ?? new Int32Array();
					const total = n + theirs.length;
					if ((2 * Math.min(n, theirs.length)) / (total || 1) < threshold) continue;
					const shared = overlapAtLeast(
						mine,
						theirs,
						Math.ceil((Math.max(threshold, best?.similarity ?? 0) * total) / 2 - 1e-9)
					);
					if (shared < 0) continue;
					const s = (2 * shared) / total;
					if (
						s >= threshold &&
						(!best || s > best.similarity || (s === best.similarity && at < best.at))
					)
						best = { at, similarity: s, exact: false };
				}
			}
		}
		for (let i = 0; i < prefix && i < n; i++) {
			const token = mine[i] ?? 0;
			const list = index[token];
			if (list) list.push(position);
			else index[token] = [position];
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
