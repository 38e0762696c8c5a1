/**
 * Ids for imported questions: they continue the bank's own numbering (phb-0108 → phb-0109), so
 * a bank keeps one id style and an id is never reused.
 */

export interface IdScheme {
	prefix: string;
	/** Digits, zero-padded. */
	width: number;
	/** The highest number already used with this prefix (0 if none). */
	highest: number;
}

/**
 * The id prefix for a bank that has no numbered ids yet: the initials of its kebab-case id
 * plus a hyphen (party-history-basics → phb-), or a one-word id itself (demo → demo-).
 *
 * @example deriveIdPrefix('jinhe-town-quiz') // → 'jtq-'
 */
export function deriveIdPrefix(bankId: string): string {
	const words = bankId.split('-').filter(Boolean);
	if (words.length > 1) return words.map((w) => w[0]).join('') + '-';
	return (words[0] ?? 'q').slice(0, 12) + '-';
}

/**
 * How a bank numbers its questions: the most common prefix before a trailing number among its
 * ids, the widest number written with it, and the highest number used. Falls back to
 * deriveIdPrefix and four digits.
 *
 * @example idScheme(['phb-0001', 'phb-0108', 'extra'], 'party-history-basics')
 * // → { prefix: 'phb-', width: 4, highest: 108 }
 */
export function idScheme(ids: readonly string[], bankId: string): IdScheme {
	const byPrefix = new Map<string, { count: number; width: number; highest: number }>();
	for (const id of ids) {
		const m = /^(.*?)(\d+)$/.exec(id);
		if (!m || !m[1] || !m[2]) continue;
		const seen = byPrefix.get(m[1]) ?? { count: 0, width: 0, highest: 0 };
		byPrefix.set(m[1], {
			count: seen.count + 1,
			width: Math.max(seen.width, m[2].length),
			highest: Math.max(seen.highest, Number(m[2]))
		});
	}
	const best = [...byPrefix.entries()].sort(
		([pa, a], [pb, b]) => b.count - a.count || pa.localeCompare(pb)
	)[0];
	if (!best) return { prefix: deriveIdPrefix(bankId), width: 4, highest: 0 };
	return { prefix: best[0], width: best[1].width, highest: best[1].highest };
}

/**
 * The next `count` ids after the scheme's highest number, skipping any id already taken.
 *
 * @example nextIds({ prefix: 'phb-', width: 4, highest: 108 }, 2, new Set(['phb-0109']))
 * // → ['phb-0110', 'phb-0111']
 */
export function nextIds(scheme: IdScheme, count: number, taken: ReadonlySet<string>): string[] {
	const ids: string[] = [];
	for (let n = scheme.highest + 1; ids.length < count; n++) {
		const id = scheme.prefix + String(n).padStart(scheme.width, '0');
		if (!taken.has(id)) ids.push(id);
	}
	return ids;
}
