/**
 * The bank format v1: one schema for the YAML sources (bank compiler), the compiled bundle (the
 * device installer) and the server that re-scores attempts. Structure is checked with the small
 * combinators in parse.ts; the rules that tie fields together (an answer must name an option, ...)
 * are checked afterwards so their messages can say exactly what is wrong.
 */
import {
	boolean,
	either,
	entries,
	instance,
	integer,
	list,
	literal,
	map,
	object,
	oneOf,
	optional,
	parse,
	tagged,
	text,
	type Parser,
	type ParseResult,
	type SchemaIssue
} from './parse';

export const AUDIENCES = ['pupil', 'member', 'all'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const QUESTION_TYPES = ['single', 'multiple', 'judge', 'fill', 'order'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** How a fill question's stem marks the blank. */
export const FILL_BLANK = '____';

export const OPTION_KEYS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

export interface QuestionOption {
	key: string;
	text: string;
}

interface QuestionBase {
	id: string;
	stem: string;
	explanation: string;
	source: string;
	tags: string[];
	difficulty: 1 | 2 | 3;
	/**
	 * 注释: a short gloss of a hard word in the stem (「内涝：雨水排不出去，积在城里。」), shown on
	 * the quiz screen in pupils' mode only.
	 */
	note?: string;
}

export type Question = QuestionBase &
	(
		| { type: 'single'; options: QuestionOption[]; answer: string }
		| { type: 'multiple'; options: QuestionOption[]; answer: string[] }
		| { type: 'judge'; answer: boolean }
		| { type: 'fill'; answer: string[] }
		| { type: 'order'; options: QuestionOption[]; answer: string[] }
	);

/** A knowledge card (知识卡片): a short daily reading, optionally tied to a day of the year. */
export interface Card {
	id: string;
	title: string;
	body: string;
	source: string;
	/** 历史上的今天: the month and day, "MM-DD". */
	date?: string;
	/** The year of the event the date refers to. */
	year?: number;
	tags: string[];
}

export interface ChangelogEntry {
	version: string;
	date: string;
	notes: string;
}

export interface BankMeta {
	id: string;
	title: string;
	description: string;
	audience: Audience;
	version: string;
	changelog: ChangelogEntry[];
	/**
	 * Ids of questions and cards taken out of the bank. They stay listed for good, so no id is
	 * ever given to another item (see checkVersionStep in bank-diff.ts).
	 */
	retired?: string[];
	/**
	 * Pairs of question ids never drawn into one session, because one prints the other's answer
	 * (see bank/leaks.ts and bank/conflicts.ts). The compiler requires every leak it finds to be
	 * listed here or reworded.
	 */
	conflicts?: [string, string][];
}

export type { ParseResult, SchemaIssue } from './parse';

const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const words = (min: number, max: number) => text({ min, max });

const kebabId = text({
	type: 'expected an id',
	pattern: KEBAB_ID,
	patternMessage: 'expected a kebab-case id such as "phb-0001" (a–z, 0–9 and single hyphens)',
	check: (id) => (id.length > 64 ? 'expected an id of at most 64 characters' : null)
});

const semver = text({
	type: 'expected a version such as "1.0.0" (quote it if YAML reads it as a number)',
	pattern: SEMVER,
	patternMessage: 'expected a semantic version such as "1.2.0"'
});

// YAML turns an unquoted 2026-11-29 into a Date; accept both and keep the ISO day.
const isoDay = text({ pattern: ISO_DATE, patternMessage: 'expected a date written as YYYY-MM-DD' });
const isoDate = either(
	[isoDay, map(instance(Date, ''), (d) => d.toISOString().slice(0, 10))],
	'expected a date written as YYYY-MM-DD'
);

const changelogEntry = object({ version: semver, date: isoDate, notes: words(1, 2000) });

const bankMetaSchema = object({
	id: kebabId,
	title: words(1, 60),
	description: optional(words(0, 300), ''),
	audience: oneOf(AUDIENCES, `expected one of ${AUDIENCES.join(', ')}`),
	version: semver,
	changelog: list(changelogEntry, 'expected a list of changelog entries', {
		min: 1,
		minMessage: 'expected at least one changelog entry'
	}),
	retired: optional(list(kebabId, 'expected a list of retired ids such as [phb-0012]')),
	conflicts: optional(
		list(
			map(
				list(kebabId, 'expected a pair of question ids such as [jht-0012, jht-0013]', {
					min: 2,
					max: 2,
					minMessage: 'expected a pair: two question ids',
					maxMessage: 'expected a pair: two question ids'
				}),
				(pair) => [pair[0], pair[1]] as [string, string]
			),
			'expected a list of question id pairs such as [[jht-0012, jht-0013]]'
		)
	)
});

const tags = optional(
	list(words(1, 20), 'expected a list of tags', { max: 10, maxMessage: 'at most 10 tags' }),
	[]
);
const difficulty = optional(
	oneOf([1, 2, 3] as const, 'expected difficulty 1 (易), 2 (中) or 3 (难)'),
	2
);
const key = oneOf(OPTION_KEYS, `expected an option key ${OPTION_KEYS.join(', ')}`);
const keyList = list(key, 'expected a list of option keys such as [A, C]');

const baseFields = {
	id: kebabId,
	stem: words(4, 300),
	explanation: words(10, 600),
	source: words(2, 200),
	tags,
	difficulty,
	note: optional(words(2, 120))
};

const cardSchema = object({
	id: kebabId,
	title: words(2, 40),
	body: words(150, 400),
	source: words(2, 200),
	date: optional(
		text({
			type: 'expected the day as "MM-DD" in quotes, e.g. "07-01"',
			pattern: MONTH_DAY,
			patternMessage: 'expected the day as "MM-DD", e.g. "07-01"',
			check: (d) =>
				d === '02-30' || d === '02-31' || /^(04|06|09|11)-31$/.test(d) ? 'no such day' : null
		})
	),
	year: optional(integer(1800, 2100, 'expected a year such as 1921')),
	tags
});

/**
 * Parse one knowledge card (the same form in sources and bundles).
 *
 * @example parseCard({ id: 'card-0701', title: '中国共产党成立纪念日', body: '……', source: '……',
 *   date: '07-01' })
 */
export function parseCard(input: unknown): ParseResult<Card> {
	const result = parse(cardSchema, input);
	if (!result.ok) return result;
	const card = result.value;
	if (card.year !== undefined && card.date === undefined) {
		return {
			ok: false,
			issues: [{ path: ['year'], message: 'a year needs a date ("MM-DD") too' }]
		};
	}
	return { ok: true, value: card };
}

/** Source form: options are a YAML map from key to text. */
const sourceOptions = map(
	entries(words(1, 120), 'expected options as a map such as { A: 1921年, B: 1949年 }'),
	(pairs) => pairs.map(([key, text]) => ({ key, text }))
);

/** Bundle form: options are an ordered list of { key, text }. */
const bundleOptions = list(object({ key, text: words(1, 120) }), 'expected options');

function questionSchema(
	options: Parser<QuestionOption[]>,
	common: typeof baseFields = baseFields
): Parser<Question> {
	return tagged(
		'type',
		{
			single: object({ ...common, type: literal('single', ''), options, answer: key }),
			multiple: object({ ...common, type: literal('multiple', ''), options, answer: keyList }),
			judge: object({
				...common,
				type: literal('judge', ''),
				answer: boolean('expected true or false')
			}),
			fill: object({
				...common,
				type: literal('fill', ''),
				answer: list(words(1, 60), 'expected a list of accepted answers', {
					min: 1,
					minMessage: 'expected at least one accepted answer'
				})
			}),
			order: object({ ...common, type: literal('order', ''), options, answer: keyList })
		},
		`expected type to be one of ${QUESTION_TYPES.join(', ')}`
	);
}

const sourceQuestionSchema = questionSchema(sourceOptions);
const bundleQuestionSchema = questionSchema(bundleOptions);

/** The source field that keeps a question out of releases: `draft: 待补解析`. */
export const DRAFT_FIELD = 'draft';

/**
 * A draft (草稿) may lack 解析 and 出处 (but what it has must still fit); everything else is
 * checked as for a question. Drafts are compiled into no bundle.
 */
const sourceDraftSchema = questionSchema(sourceOptions, {
	...baseFields,
	explanation: optional(words(10, 600), ''),
	source: optional(words(2, 200), ''),
	// Typed as the base fields; at run time the draft field is one more known key.
	...({
		[DRAFT_FIELD]: text({
			min: 1,
			max: 40,
			type: 'expected what the draft still needs, e.g. 待补解析'
		})
	} as object)
});

/** A question of a bank's sources, or a draft of one that is kept out of releases. */
export interface SourceItem {
	question: Question;
	/** Set for a draft: what it still needs, as its `draft:` field says (待补解析). */
	draft?: string;
}

/**
 * What a question still needs before it may be released: 解析 and 出处, in words.
 *
 * @example missingForRelease({ explanation: '', source: '《简史》' }) // → ['解析']
 */
export function missingForRelease(q: { explanation: string; source: string }): string[] {
	const missing: string[] = [];
	if (!q.explanation.trim()) missing.push('解析');
	if (!q.source.trim()) missing.push('出处');
	return missing;
}

/**
 * The `draft:` text for a question that lacks 解析 and/or 出处: 待补解析, 待补出处 or 待补解析和出处.
 *
 * @example draftNote(['解析']) // → '待补解析'
 */
export function draftNote(missing: readonly string[]): string {
	return `待补${missing.join('和')}`;
}

/**
 * Parse one item of a questions/*.yaml file: a question, or (with a `draft:` field) a draft that
 * may still lack 解析 and 出处 and is never released.
 *
 * @example parseSourceItem({ id: 'q-1', draft: '待补解析', type: 'judge', stem: '……', answer: true })
 * // → { ok: true, value: { question: { …, explanation: '', source: '' }, draft: '待补解析' } }
 */
export function parseSourceItem(input: unknown): ParseResult<SourceItem> {
	const isDraft = typeof input === 'object' && input !== null && DRAFT_FIELD in (input as object);
	if (!isDraft) {
		const result = parseSourceQuestion(input);
		return result.ok ? { ok: true, value: { question: result.value } } : result;
	}
	const result = parseQuestionWith(sourceDraftSchema, input);
	if (!result.ok) return result;
	const { [DRAFT_FIELD]: draft, ...question } = result.value as Question & { draft: string };
	return { ok: true, value: { question: question as Question, draft } };
}

/**
 * The rules between fields that a shape check cannot see. Returns issues with paths relative
 * to the question.
 *
 * @example checkQuestionRules({ type: 'single', options: [{key:'A',text:'x'}], answer: 'B', ... })
 * // → [{ path: ['answer'], message: 'expected one of the option keys A, got "B"' }]
 */
export function checkQuestionRules(q: Question): SchemaIssue[] {
	const issues: SchemaIssue[] = [];
	if (q.type === 'fill' && !q.stem.includes(FILL_BLANK)) {
		issues.push({ path: ['stem'], message: `a fill question marks its blank with ${FILL_BLANK}` });
	}
	if (q.type === 'single' || q.type === 'multiple' || q.type === 'order') {
		const keys = q.options.map((o) => o.key);
		if (keys.length < 2 || keys.length > OPTION_KEYS.length) {
			issues.push({ path: ['options'], message: `expected 2 to 6 options, got ${keys.length}` });
		}
		const expectedKeys = OPTION_KEYS.slice(0, keys.length);
		if (keys.some((k, i) => k !== expectedKeys[i])) {
			issues.push({
				path: ['options'],
				message: `expected option keys ${expectedKeys.join(', ')} in order, got ${keys.join(', ')}`
			});
		}
		const texts = q.options.map((o) => o.text);
		if (new Set(texts).size !== texts.length) {
			issues.push({ path: ['options'], message: 'two options have the same text' });
		}
		const answers = typeof q.answer === 'string' ? [q.answer] : q.answer;
		for (const [i, a] of answers.entries()) {
			if (!keys.includes(a)) {
				issues.push({
					path: typeof q.answer === 'string' ? ['answer'] : ['answer', i],
					message: `expected one of the option keys ${keys.join(', ')}, got "${a}"`
				});
			}
		}
		if (new Set(answers).size !== answers.length) {
			issues.push({ path: ['answer'], message: 'an option key is listed twice' });
		}
		if (q.type === 'multiple' && answers.length < 2) {
			issues.push({
				path: ['answer'],
				message: 'a multiple-choice answer needs at least two keys (use type single for one)'
			});
		}
		if (q.type === 'order' && answers.length !== keys.length) {
			issues.push({ path: ['answer'], message: 'an order answer must list every option key once' });
		}
	}
	return issues;
}

function parseQuestionWith(schema: Parser<Question>, input: unknown): ParseResult<Question> {
	const result = parse(schema, input);
	if (!result.ok) return result;
	const question = result.value;
	const issues = checkQuestionRules(question);
	return issues.length ? { ok: false, issues } : { ok: true, value: question };
}

/**
 * Parse one question as written in a bank's YAML source (options as a map).
 *
 * @example parseSourceQuestion({ id: 'q-1', type: 'judge', stem: '……', answer: true, ... })
 */
export function parseSourceQuestion(input: unknown): ParseResult<Question> {
	return parseQuestionWith(sourceQuestionSchema, input);
}

/** Parse one question of a compiled bundle (options as an ordered list). */
export function parseBundleQuestion(input: unknown): ParseResult<Question> {
	return parseQuestionWith(bundleQuestionSchema, input);
}

/**
 * Parse bank.yaml. The first changelog entry must describe the current version.
 *
 * @example parseBankMeta({ id: 'demo', title: '示例', audience: 'all', version: '1.0.0',
 *   changelog: [{ version: '1.0.0', date: '2026-11-29', notes: '首次发布' }] })
 */
export function parseBankMeta(input: unknown): ParseResult<BankMeta> {
	const result = parse(bankMetaSchema, input);
	if (!result.ok) return result;
	const meta = result.value;
	if (meta.changelog[0]?.version !== meta.version) {
		return {
			ok: false,
			issues: [
				{
					path: ['changelog', 0, 'version'],
					message: `expected the first changelog entry to be for version ${meta.version}`
				}
			]
		};
	}
	return { ok: true, value: meta };
}

/**
 * Issues that only show across the whole list of a bank's questions (duplicate ids).
 * `at` names where each question came from, so the caller can point at the right file.
 */
export function findDuplicateIds<T extends { id: string }>(
	questions: readonly T[]
): { first: T; duplicate: T }[] {
	const seen = new Map<string, T>();
	const dups: { first: T; duplicate: T }[] = [];
	for (const q of questions) {
		const first = seen.get(q.id);
		if (first) dups.push({ first, duplicate: q });
		else seen.set(q.id, q);
	}
	return dups;
}
