/**
 * The compiled forms the app downloads: one bundle per bank version, and the index that lists
 * them. The index carries each bundle's SHA-256 so a device can refuse a corrupt download. Per
 * bank it names the current version (what devices install), every released version (kept so
 * any attempt can be re-scored) and the deltas from released versions to the current one.
 */
import { boolean, integer, list, literal, object, oneOf, optional, parse, text } from './parse';
import {
	AUDIENCES,
	parseBankMeta,
	parseBundleQuestion,
	parseCard,
	findDuplicateIds,
	type BankMeta,
	type Card,
	type ParseResult,
	type Question,
	type SchemaIssue
} from './schema';

export const BUNDLE_FORMAT = 1;

export interface BankBundle {
	format: typeof BUNDLE_FORMAT;
	bank: BankMeta;
	questions: Question[];
	cards: Card[];
}

/** A file next to the index: where it is, and how to check it. */
export interface BankFileRef {
	/** Path relative to the index. */
	url: string;
	sha256: string;
	bytes: number;
}

/** A released version: its bundle stays published so any attempt on it can be re-scored. */
export interface BankReleaseRef extends BankFileRef {
	version: string;
	date: string;
	notes: string;
	questionCount: number;
	cardCount: number;
}

/** A delta from a released version (whose bundle had `fromSha256`) to the current version. */
export interface BankDeltaRef extends BankFileRef {
	from: string;
	fromSha256: string;
}

export interface BankIndexEntry {
	id: string;
	title: string;
	description: string;
	audience: BankMeta['audience'];
	version: string;
	/** Chinese release notes of this version, shown on the device. */
	notes: string;
	questionCount: number;
	cardCount: number;
	/** Path of the bundle, relative to the index. */
	url: string;
	sha256: string;
	bytes: number;
	/** False while the current version is a draft (no release cut for it yet). */
	released: boolean;
	/** Every released version, oldest first (the current one too, once released). */
	releases: BankReleaseRef[];
	/** Deltas from released versions to the current one. */
	deltas: BankDeltaRef[];
}

export interface BankIndex {
	format: typeof BUNDLE_FORMAT;
	banks: BankIndexEntry[];
}

const version = text({ pattern: /^\d+\.\d+\.\d+$/, patternMessage: 'expected a version' });
const count = integer(0, Number.MAX_SAFE_INTEGER, 'expected a count');
const sha256 = text({ pattern: /^[0-9a-f]{64}$/, patternMessage: 'expected a hex SHA-256' });
const anyText = text({ trim: false });
const fileRef = {
	url: text({ pattern: /^[\w./-]+\.json$/, patternMessage: 'expected a relative .json path' }),
	sha256,
	bytes: integer(1, Number.MAX_SAFE_INTEGER, 'expected a byte size')
};
// The index may gain fields in later formats: unknown fields are ignored, not refused.
const open = { strict: false };

const indexSchema = object(
	{
		format: literal(BUNDLE_FORMAT, `expected index format ${BUNDLE_FORMAT}`),
		banks: list(
			object(
				{
					id: text({ pattern: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, patternMessage: 'expected a bank id' }),
					title: anyText,
					description: anyText,
					audience: oneOf(AUDIENCES, 'expected an audience'),
					version,
					notes: anyText,
					questionCount: count,
					cardCount: count,
					...fileRef,
					released: optional(boolean('expected true or false'), false),
					releases: optional(
						list(
							object(
								{
									version,
									date: anyText,
									notes: anyText,
									questionCount: count,
									cardCount: count,
									...fileRef
								},
								'expected a release',
								open
							),
							'expected a list of releases'
						),
						[]
					),
					deltas: optional(
						list(
							object({ from: version, fromSha256: sha256, ...fileRef }, 'expected a delta', open),
							'expected a list of deltas'
						),
						[]
					)
				},
				'expected a bank entry',
				open
			),
			'expected a list of banks'
		)
	},
	'expected an index object',
	open
);

/**
 * Parse the bank index fetched from the server.
 *
 * @example parseBankIndex(JSON.parse(text)) // → { ok: true, value: { format: 1, banks: [...] } }
 */
export function parseBankIndex(input: unknown): ParseResult<BankIndex> {
	return parse(indexSchema, input);
}

/**
 * Parse a downloaded bundle completely: every question through the same schema the compiler used.
 * Stops collecting after 20 issues; a bundle that bad is not worth listing in full.
 *
 * @example parseBankBundle({ format: 1, bank: meta, questions: [...] })
 */
export function parseBankBundle(input: unknown): ParseResult<BankBundle> {
	const issues: SchemaIssue[] = [];
	if (typeof input !== 'object' || input === null) {
		return { ok: false, issues: [{ path: [], message: 'expected a bundle object' }] };
	}
	const raw = input as Record<string, unknown>;
	if (raw.format !== BUNDLE_FORMAT) {
		issues.push({ path: ['format'], message: `expected bundle format ${BUNDLE_FORMAT}` });
	}
	const meta = parseBankMeta(raw.bank);
	if (!meta.ok) issues.push(...meta.issues.map((i) => ({ ...i, path: ['bank', ...i.path] })));
	const questions: Question[] = [];
	if (!Array.isArray(raw.questions)) {
		issues.push({ path: ['questions'], message: 'expected a list of questions' });
	} else {
		for (const [n, q] of raw.questions.entries()) {
			const parsed = parseBundleQuestion(q);
			if (parsed.ok) questions.push(parsed.value);
			else issues.push(...parsed.issues.map((i) => ({ ...i, path: ['questions', n, ...i.path] })));
			if (issues.length >= 20) break;
		}
	}
	for (const { duplicate } of findDuplicateIds(questions)) {
		issues.push({ path: ['questions'], message: `question id "${duplicate.id}" appears twice` });
	}
	const cards: Card[] = [];
	if (!Array.isArray(raw.cards)) {
		issues.push({ path: ['cards'], message: 'expected a list of cards' });
	} else {
		for (const [n, c] of raw.cards.entries()) {
			const parsed = parseCard(c);
			if (parsed.ok) cards.push(parsed.value);
			else issues.push(...parsed.issues.map((i) => ({ ...i, path: ['cards', n, ...i.path] })));
			if (issues.length >= 20) break;
		}
	}
	for (const { duplicate } of findDuplicateIds(cards)) {
		issues.push({ path: ['cards'], message: `card id "${duplicate.id}" appears twice` });
	}
	if (issues.length || !meta.ok) return { ok: false, issues };
	return { ok: true, value: { format: BUNDLE_FORMAT, bank: meta.value, questions, cards } };
}

/** Lower-case hex of a digest, the form the index stores. */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
	const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
	let out = '';
	for (const b of view) out += b.toString(16).padStart(2, '0');
	return out;
}

/** Render a located issue as one line: `questions[7].answer: expected ...`. */
export function formatIssuePath(path: readonly (string | number)[]): string {
	let out = '';
	for (const part of path) {
		out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
	}
	return out || '(root)';
}
