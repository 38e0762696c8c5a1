/**
 * What changed between two versions of a bank, and whether the new version number says so. The
 * compiler refuses a version whose step from the last release is smaller than its changes:
 * patch = wording, explanation or source fixes; minor = questions or cards added; major = an
 * answer changed or an item retired. Ids are never reused, and retired ids stay listed.
 */
import type { BankMeta, Card, Question } from './schema';
import { canonicalJson } from './content-hash';
import { normalizeFill } from '../play/scoring';

export type Bump = 'patch' | 'minor' | 'major';
export type VersionStep = Bump | 'none' | 'backwards';

const RANK: Record<Bump | 'none', number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The three numbers of a "1.2.3" version (the schema has already checked the form). */
function versionParts(version: string): [number, number, number] {
	const [a = 0, b = 0, c = 0] = version.split('.').map(Number);
	return [a, b, c];
}

/**
 * Order two versions by semver precedence.
 *
 * @example compareVersions('1.10.0', '1.9.3') // → 1 (positive: the first is newer)
 */
export function compareVersions(a: string, b: string): number {
	const x = versionParts(a);
	const y = versionParts(b);
	for (let i = 0; i < 3; i++) {
		const d = (x[i] ?? 0) - (y[i] ?? 0);
		if (d) return d;
	}
	return 0;
}

/**
 * How big a step `to` is from `from`.
 *
 * @example versionStep('1.2.3', '1.3.0') // → 'minor'
 */
export function versionStep(from: string, to: string): VersionStep {
	const cmp = compareVersions(to, from);
	if (cmp === 0) return 'none';
	if (cmp < 0) return 'backwards';
	const [a, b] = versionParts(from);
	const [x, y] = versionParts(to);
	if (x !== a) return 'major';
	if (y !== b) return 'minor';
	return 'patch';
}

/**
 * The smallest version that is a `bump` step from `version`.
 *
 * @example bumpVersion('1.2.3', 'minor') // → '1.3.0'
 */
export function bumpVersion(version: string, bump: Bump): string {
	const [a, b, c] = versionParts(version);
	if (bump === 'major') return `${a + 1}.0.0`;
	if (bump === 'minor') return `${a}.${b + 1}.0`;
	return `${a}.${b}.${c + 1}`;
}

/**
 * Whether a player's result on a question can differ between two revisions of it: the type or
 * the answer changed, compared the way scoring compares (a multiple answer as a set, an order
 * answer as a sequence, fill answers after normalising). Option text is wording.
 *
 * @example answerChanged({ ...q, answer: 'B' }, { ...q, answer: 'C' }) // → true
 */
export function answerChanged(a: Question, b: Question): boolean {
	if (a.type !== b.type) return true;
	switch (a.type) {
		case 'single':
		case 'judge':
			return a.answer !== b.answer;
		case 'multiple':
			return !sameSet(a.answer, b.answer as string[]);
		case 'order':
			return canonicalJson(a.answer) !== canonicalJson(b.answer);
		case 'fill':
			return !sameSet(a.answer.map(normalizeFill), (b.answer as string[]).map(normalizeFill));
	}
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
	const x = new Set(a);
	const y = new Set(b);
	return x.size === y.size && [...x].every((k) => y.has(k));
}

/** Ids by kind of change; each list follows the order of the bundle it comes from. */
export interface BankDiff {
	added: string[];
	/** Same answer; other stem, options text, explanation, source, tags or difficulty. */
	reworded: string[];
	/** Another answer or type: results on it can differ. */
	answerChanged: string[];
	removed: string[];
	cardsAdded: string[];
	cardsChanged: string[];
	cardsRemoved: string[];
	/** Title, description, audience, changelog or the retired list differ. */
	detailsChanged: boolean;
}

export interface BankContent {
	bank: BankMeta;
	questions: readonly Question[];
	cards: readonly Card[];
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
	return new Map(items.map((item) => [item.id, item]));
}

function details(meta: BankMeta): string {
	return canonicalJson({ ...meta, version: '', retired: [...(meta.retired ?? [])].sort() });
}

/**
 * Compare two versions of a bank item by item.
 *
 * @example diffBanks(v1, v2) // → { added: ['phb-0101'], reworded: ['phb-0007'], ... }
 */
export function diffBanks(from: BankContent, to: BankContent): BankDiff {
	const diff: BankDiff = {
		added: [],
		reworded: [],
		answerChanged: [],
		removed: [],
		cardsAdded: [],
		cardsChanged: [],
		cardsRemoved: [],
		detailsChanged: details(from.bank) !== details(to.bank)
	};
	const oldQuestions = byId(from.questions);
	const newQuestions = byId(to.questions);
	for (const q of to.questions) {
		const old = oldQuestions.get(q.id);
		if (!old) diff.added.push(q.id);
		else if (answerChanged(old, q)) diff.answerChanged.push(q.id);
		else if (canonicalJson(old) !== canonicalJson(q)) diff.reworded.push(q.id);
	}
	diff.removed = from.questions.filter((q) => !newQuestions.has(q.id)).map((q) => q.id);
	const oldCards = byId(from.cards);
	const newCards = byId(to.cards);
	for (const c of to.cards) {
		const old = oldCards.get(c.id);
		if (!old) diff.cardsAdded.push(c.id);
		else if (canonicalJson(old) !== canonicalJson(c)) diff.cardsChanged.push(c.id);
	}
	diff.cardsRemoved = from.cards.filter((c) => !newCards.has(c.id)).map((c) => c.id);
	return diff;
}

/**
 * The smallest step a diff needs, or null when nothing changed.
 *
 * @example requiredBump({ ...noChanges, added: ['phb-0101'] }) // → 'minor'
 */
export function requiredBump(diff: BankDiff): Bump | null {
	if (diff.answerChanged.length || diff.removed.length || diff.cardsRemoved.length) return 'major';
	if (diff.added.length || diff.cardsAdded.length) return 'minor';
	if (diff.reworded.length || diff.cardsChanged.length || diff.detailsChanged) return 'patch';
	return null;
}

/** The changes of a diff that need at least `bump`, as "what: ids" groups. */
function changesNeeding(diff: BankDiff, bump: Bump): { label: string; ids: string[] }[] {
	const groups: { level: Bump; label: string; ids: string[] }[] = [
		{ level: 'major', label: 'answer changed', ids: diff.answerChanged },
		{ level: 'major', label: 'question retired', ids: diff.removed },
		{ level: 'major', label: 'card retired', ids: diff.cardsRemoved },
		{ level: 'minor', label: 'question added', ids: diff.added },
		{ level: 'minor', label: 'card added', ids: diff.cardsAdded },
		{ level: 'patch', label: 'reworded', ids: diff.reworded },
		{ level: 'patch', label: 'card changed', ids: diff.cardsChanged }
	];
	return groups.filter((g) => RANK[g.level] >= RANK[bump] && g.ids.length);
}

export type VersionIssueKind =
	| 'version-lower'
	| 'not-bumped'
	| 'bump-too-small'
	| 'missing'
	| 'retired-dropped'
	| 'retired-reappearing'
	| 'id-reused';

/**
 * One reason a version cannot follow the last release. `ids` are the offending question or card
 * ids; `at` names the one item an issue is about, so the compiler can point at its line.
 */
export interface VersionIssue {
	kind: VersionIssueKind;
	message: string;
	ids: string[];
	at?: { item: 'question' | 'card'; id: string };
}

const list = (ids: readonly string[]) => ids.join(', ');

function itemsOf(content: BankContent): { item: 'question' | 'card'; id: string }[] {
	return [
		...content.questions.map((q) => ({ item: 'question' as const, id: q.id })),
		...content.cards.map((c) => ({ item: 'card' as const, id: c.id }))
	];
}

/**
 * Questions or cards whose id bank.yaml lists as retired. Checked for drafts too: a retired id
 * stays out of the bank from the moment it is listed.
 *
 * @example retiredInUse({ bank: { ...meta, retired: ['q-1'] }, questions: [q1], cards: [] })
 * // → [{ kind: 'retired-reappearing', ids: ['q-1'], at: { item: 'question', id: 'q-1' }, … }]
 */
export function retiredInUse(content: BankContent): VersionIssue[] {
	const retired = new Set(content.bank.retired ?? []);
	return itemsOf(content)
		.filter(({ id }) => retired.has(id))
		.map(({ item, id }) => ({
			kind: 'retired-reappearing' as const,
			ids: [id],
			at: { item, id },
			message: `"${id}" is listed as retired in bank.yaml, and a retired ${item} cannot come back: remove it, or add it again under a new id`
		}));
}

/**
 * Every reason `next` (compiled from the sources) cannot be the version after `last` (the last
 * release). An empty list means the step is allowed: a bigger bump than needed is fine, and a
 * version equal to the last release is fine when nothing changed.
 *
 * @example checkVersionStep(release100, { ...sources, bank: { ...meta, version: '1.0.1' } })
 * // → [{ kind: 'bump-too-small', ids: ['phb-0101'], message: 'version 1.0.1 is a patch step …' }]
 */
export function checkVersionStep(last: BankContent, next: BankContent): VersionIssue[] {
	const issues: VersionIssue[] = [];
	const from = last.bank.version;
	const to = next.bank.version;
	const step = versionStep(from, to);
	if (step === 'backwards') {
		issues.push({
			kind: 'version-lower',
			ids: [],
			message: `version ${to} is lower than the last release ${from}; released versions are never replaced, so the next one must be higher`
		});
	}

	const retiredNow = new Set(next.bank.retired ?? []);
	const everReleased = new Map<string, 'question' | 'card'>([
		...last.questions.map((q) => [q.id, 'question'] as const),
		...last.cards.map((c) => [c.id, 'card'] as const)
	]);
	const dropped = (last.bank.retired ?? []).filter((id) => !retiredNow.has(id));
	const droppedSet = new Set(dropped);
	const oldQuestions = byId(last.questions);

	const types = new Map(next.questions.map((q) => [q.id, q.type]));
	const located = itemsOf(next);
	issues.push(...retiredInUse(next));
	for (const { item, id } of located) {
		const type = item === 'question' ? types.get(id) : undefined;
		if (retiredNow.has(id)) continue;
		if (droppedSet.has(id)) {
			issues.push({
				kind: 'id-reused',
				ids: [id],
				at: { item, id },
				message: `"${id}" was retired before release ${from} and ids are never reused: give this ${item} a new id and keep "${id}" under retired:`
			});
		} else if (everReleased.has(id) && everReleased.get(id) !== item) {
			issues.push({
				kind: 'id-reused',
				ids: [id],
				at: { item, id },
				message: `"${id}" is a ${everReleased.get(id)} in release ${from}; a ${item} needs an id of its own`
			});
		} else if (type !== undefined && oldQuestions.has(id) && oldQuestions.get(id)?.type !== type) {
			issues.push({
				kind: 'id-reused',
				ids: [id],
				at: { item, id },
				message: `"${id}" is a ${oldQuestions.get(id)?.type} question in release ${from}; a ${type} question is a different question: give it a new id and retire "${id}"`
			});
		}
	}
	const stillDropped = dropped.filter((id) => !located.some((l) => l.id === id));
	if (stillDropped.length) {
		issues.push({
			kind: 'retired-dropped',
			ids: stillDropped,
			message: `retired ids stay listed for good (so they are never reused); put back under retired: ${list(stillDropped)}`
		});
	}

	const diff = diffBanks(last, next);
	const missingQuestions = diff.removed.filter((id) => !retiredNow.has(id));
	const missingCards = diff.cardsRemoved.filter((id) => !retiredNow.has(id));
	for (const [what, ids] of [
		['questions', missingQuestions],
		['cards', missingCards]
	] as const) {
		if (!ids.length) continue;
		issues.push({
			kind: 'missing',
			ids,
			message: `${what} of release ${from} are missing from the sources: ${list(ids)}. Put them back, or retire them on purpose by listing them under retired: in bank.yaml (a major change)`
		});
	}

	const needed = requiredBump(diff);
	if (needed && step !== 'backwards' && RANK[step] < RANK[needed]) {
		const groups = changesNeeding(diff, step === 'none' ? 'patch' : bumpAbove(step));
		const what = groups.map((g) => `${g.label}: ${list(g.ids)}`).join('; ');
		const ids = groups.flatMap((g) => g.ids);
		const smallest = bumpVersion(from, needed);
		issues.push(
			step === 'none'
				? {
						kind: 'not-bumped',
						ids,
						message: `version ${to} is already released, but the sources differ from it (${what || 'bank details changed'}); raise version in bank.yaml to ${smallest} or higher and add a changelog entry`
					}
				: {
						kind: 'bump-too-small',
						ids,
						message: `version ${to} is only a ${step} step from release ${from}, but these changes need ${smallest} or higher (a ${needed} step): ${what}`
					}
		);
	}
	return issues;
}

function bumpAbove(step: Bump): Bump {
	return step === 'patch' ? 'minor' : 'major';
}
