/**
 * Grade bands of the pupils' banks: 低年级 (grades 1–3) and 高年级 (grades 4–6). A pupils' question
 * carries one of the two as a tag; a class (pupils' mode on its device) chooses its band, and the
 * day's 云学 quiz draws from that band's questions only, so a second grader does not meet a sixth
 * grader's reading. When the band is unset, or a bank holds too few questions of it (a bank that
 * is not tagged at all, say), the draw takes the whole bank as before.
 */
export const GRADE_BANDS = ['低年级', '高年级'] as const;
export type GradeBand = (typeof GRADE_BANDS)[number];

/** Labels for the choice on the device: the band with the grades it holds. */
export const GRADE_BAND_LABELS: Record<GradeBand, string> = {
	低年级: '低年级（1–3 年级）',
	高年级: '高年级（4–6 年级）'
};

/**
 * The fewest questions of a band that the day's quiz draws from. Below this (four days' worth)
 * the same few questions would come back day after day, so the whole bank is used instead.
 */
export const MIN_BAND_POOL = 20;

/** Is a stored value one of the bands? (localStorage and uploads are not trusted.) */
export function isGradeBand(value: unknown): value is GradeBand {
	return typeof value === 'string' && (GRADE_BANDS as readonly string[]).includes(value);
}

/**
 * The pool the day's quiz draws from for a band: the bank's questions tagged with the band when
 * the band is set and at least `min` of them exist, otherwise the whole pool.
 *
 * @example bandPool(['a', 'b', 'c'], new Set(['a', 'b']), 2) // → ['a', 'b']
 * @example bandPool(['a', 'b', 'c'], new Set(['a']), 2) // → ['a', 'b', 'c'] (too few: all)
 */
export function bandPool(
	pool: readonly string[],
	inBand: ReadonlySet<string> | null,
	min = MIN_BAND_POOL
): string[] {
	if (!inBand) return [...pool];
	const fitting = pool.filter((id) => inBand.has(id));
	return fitting.length >= min ? fitting : [...pool];
}

/**
 * Every pool a day's quiz may have been drawn from, for checking an upload: the whole bank and
 * each band that has enough questions. Questions are given with their tags.
 *
 * @example dailyPools([{ id: 'a', tags: ['低年级'] }], 1) // → [['a'], ['a']]
 */
export function dailyPools(
	questions: readonly { id: string; tags?: readonly string[] }[],
	min = MIN_BAND_POOL
): string[][] {
	const all = questions.map((q) => q.id);
	const bands = GRADE_BANDS.map((band) =>
		questions.filter((q) => q.tags?.includes(band)).map((q) => q.id)
	).filter((ids) => ids.length >= min);
	return [all, ...bands];
}
