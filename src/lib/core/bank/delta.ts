/**
 * Updating a device from one bank version to the next without downloading the whole bank. A
 * version is described by its manifest (every item id with the rev of its content); a delta
 * carries the items that are new or changed plus the ids that are gone, and the digest of the
 * manifest it must produce. The device applies it to the manifest of the version it has, and
 * refuses the result (falling back to the full bundle) unless the digest matches.
 */
import { anything, integer, list, literal, object, parse, text } from './parse';
import {
	parseBankMeta,
	parseBundleQuestion,
	parseCard,
	type BankMeta,
	type Card,
	type ParseResult,
	type Question,
	type SchemaIssue
} from './schema';
import type { ChangeCounts } from './changes';
import type { BankContent } from './diff';
import { contentRev, hash64 } from './content-hash';

export type { ChangeCounts } from './changes';

export const DELTA_FORMAT = 1;

/** Item id → rev (contentRev of the item), for the questions and the cards of one version. */
export interface BankManifest {
	questions: Record<string, string>;
	cards: Record<string, string>;
}

/**
 * The manifest of a version's content.
 *
 * @example manifestOf({ questions: [q1], cards: [] }) // → { questions: { 'q-1': '9c0f…' }, cards: {} }
 */
export function manifestOf(content: Pick<BankContent, 'questions' | 'cards'>): BankManifest {
	const questions: Record<string, string> = {};
	const cards: Record<string, string> = {};
	for (const q of content.questions) questions[q.id] = contentRev(q);
	for (const c of content.cards) cards[c.id] = contentRev(c);
	return { questions, cards };
}

/**
 * One hash over a whole manifest, independent of the order items were listed in: what a delta
 * promises and what the device checks after applying it.
 *
 * @example manifestDigest(manifestOf(bundle)) // → '5be0…' (16 hex digits)
 */
export function manifestDigest(manifest: BankManifest): string {
	let text = '';
	for (const id of Object.keys(manifest.questions).sort()) {
		text += `q\t${id}\t${manifest.questions[id]}\n`;
	}
	for (const id of Object.keys(manifest.cards).sort()) {
		text += `c\t${id}\t${manifest.cards[id]}\n`;
	}
	return hash64(text);
}

export interface BankDelta {
	format: typeof DELTA_FORMAT;
	bankId: string;
	/** The version (and its bundle's SHA-256) this delta applies to. */
	from: { version: string; sha256: string };
	/** The version it produces: its bundle's SHA-256, manifest digest and item counts. */
	to: { version: string; sha256: string; digest: string; questionCount: number; cardCount: number };
	/** The new version's bank details, changelog included. */
	bank: BankMeta;
	/** Questions and cards that are new in `to` or differ from `from`, in full. */
	questions: Question[];
	cards: Card[];
	/** Ids in `from` that `to` no longer has. */
	removed: { questions: string[]; cards: string[] };
}

interface Released {
	content: BankContent;
	sha256: string;
}

/**
 * The delta from one version to another.
 *
 * @example makeBankDelta({ content: v100, sha256: '…' }, { content: v110, sha256: '…' })
 * // → { format: 1, bankId, from: { version: '1.0.0', … }, questions: [the 12 new ones], … }
 */
export function makeBankDelta(from: Released, to: Released): BankDelta {
	const before = manifestOf(from.content);
	const after = manifestOf(to.content);
	return {
		format: DELTA_FORMAT,
		bankId: to.content.bank.id,
		from: { version: from.content.bank.version, sha256: from.sha256 },
		to: {
			version: to.content.bank.version,
			sha256: to.sha256,
			digest: manifestDigest(after),
			questionCount: to.content.questions.length,
			cardCount: to.content.cards.length
		},
		bank: to.content.bank,
		questions: to.content.questions.filter((q) => before.questions[q.id] !== after.questions[q.id]),
		cards: to.content.cards.filter((c) => before.cards[c.id] !== after.cards[c.id]),
		removed: {
			questions: Object.keys(before.questions).filter((id) => !(id in after.questions)),
			cards: Object.keys(before.cards).filter((id) => !(id in after.cards))
		}
	};
}

const SEMVER = /^\d+\.\d+\.\d+$/;
const SHA256 = /^[0-9a-f]{64}$/;

const semverText = text({ pattern: SEMVER, patternMessage: 'expected a version' });
const sha256Text = text({ pattern: SHA256, patternMessage: 'expected a hex SHA-256' });
const countOf = integer(0, Number.MAX_SAFE_INTEGER, 'expected a count');
const open = { strict: false };

const deltaHeaderSchema = object(
	{
		format: literal(DELTA_FORMAT, `expected delta format ${DELTA_FORMAT}`),
		bankId: text({ pattern: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, patternMessage: 'expected a bank id' }),
		from: object({ version: semverText, sha256: sha256Text }, 'expected the base version', open),
		to: object(
			{
				version: semverText,
				sha256: sha256Text,
				digest: text({ pattern: /^[0-9a-f]{16}$/, patternMessage: 'expected a digest' }),
				questionCount: countOf,
				cardCount: countOf
			},
			'expected the target version',
			open
		),
		bank: anything,
		questions: list(anything, 'expected a list of questions'),
		cards: list(anything, 'expected a list of cards'),
		removed: object(
			{
				questions: list(text({ trim: false }), 'expected a list of ids'),
				cards: list(text({ trim: false }), 'expected a list of ids')
			},
			'expected the removed ids',
			open
		)
	},
	'expected a delta object',
	open
);

/**
 * Parse a downloaded delta, every item through the same schema a full bundle goes through.
 *
 * @example parseBankDelta(JSON.parse(text)) // → { ok: true, value: { format: 1, … } }
 */
export function parseBankDelta(input: unknown): ParseResult<BankDelta> {
	const header = parse(deltaHeaderSchema, input);
	if (!header.ok) return header;
	const raw = header.value;
	const issues: SchemaIssue[] = [];
	const meta = parseBankMeta((input as { bank?: unknown }).bank);
	if (!meta.ok) issues.push(...meta.issues.map((i) => ({ ...i, path: ['bank', ...i.path] })));
	else if (meta.value.id !== raw.bankId || meta.value.version !== raw.to.version) {
		issues.push({ path: ['bank'], message: 'bank details do not match the delta header' });
	}
	const questions: Question[] = [];
	for (const [n, q] of raw.questions.entries()) {
		const parsed = parseBundleQuestion(q);
		if (parsed.ok) questions.push(parsed.value);
		else issues.push(...parsed.issues.map((i) => ({ ...i, path: ['questions', n, ...i.path] })));
		if (issues.length >= 20) break;
	}
	const cards: Card[] = [];
	for (const [n, c] of raw.cards.entries()) {
		const parsed = parseCard(c);
		if (parsed.ok) cards.push(parsed.value);
		else issues.push(...parsed.issues.map((i) => ({ ...i, path: ['cards', n, ...i.path] })));
		if (issues.length >= 20) break;
	}
	if (issues.length || !meta.ok) return { ok: false, issues };
	return {
		ok: true,
		value: { ...raw, format: DELTA_FORMAT, bank: meta.value, questions, cards }
	};
}

export type DeltaApplied =
	| {
			ok: true;
			manifest: BankManifest;
			/** The items to store, each with its rev (the rows the base version does not have). */
			questions: { item: Question; rev: string }[];
			cards: { item: Card; rev: string }[];
	  }
	| { ok: false; reason: string };

/**
 * Build the new version's manifest from the base version's and a delta, and check it against
 * the digest the compiler computed. A base that is not the delta's `from` (a removed id it does
 * not have, or any other difference) fails the digest.
 *
 * @example applyBankDelta(manifestOfV1, deltaV1toV2) // → { ok: true, manifest, questions: [...] }
 */
export function applyBankDelta(base: BankManifest, delta: BankDelta): DeltaApplied {
	const questions = { ...base.questions };
	const cards = { ...base.cards };
	for (const id of delta.removed.questions) {
		if (!(id in questions)) return { ok: false, reason: `question ${id} is not in the base` };
		delete questions[id];
	}
	for (const id of delta.removed.cards) {
		if (!(id in cards)) return { ok: false, reason: `card ${id} is not in the base` };
		delete cards[id];
	}
	const newQuestions = delta.questions.map((item) => ({ item, rev: contentRev(item) }));
	const newCards = delta.cards.map((item) => ({ item, rev: contentRev(item) }));
	for (const { item, rev } of newQuestions) questions[item.id] = rev;
	for (const { item, rev } of newCards) cards[item.id] = rev;
	const manifest = { questions, cards };
	if (manifestDigest(manifest) !== delta.to.digest) {
		return { ok: false, reason: 'the result does not match the target version' };
	}
	return { ok: true, manifest, questions: newQuestions, cards: newCards };
}

/**
 * Count what differs between the manifests of two versions.
 *
 * @example countChanges(v1, v2) // → { added: 12, changed: 2, removed: 0, cardsAdded: 0, … }
 */
export function countChanges(before: BankManifest, after: BankManifest): ChangeCounts {
	const count = (a: Record<string, string>, b: Record<string, string>) => {
		let added = 0;
		let changed = 0;
		let removed = 0;
		for (const id in b) {
			if (!(id in a)) added++;
			else if (a[id] !== b[id]) changed++;
		}
		for (const id in a) if (!(id in b)) removed++;
		return { added, changed, removed };
	};
	const q = count(before.questions, after.questions);
	const c = count(before.cards, after.cards);
	return {
		...q,
		cardsAdded: c.added,
		cardsChanged: c.changed,
		cardsRemoved: c.removed
	};
}
