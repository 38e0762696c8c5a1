/**
 * A few parser combinators for the bank formats: each checks a value, collects located issues
 * with messages a bank author can act on, and returns the typed value.
 *
 * Why not a validation library: the device validates every downloaded bundle, so whatever does it
 * loads on the first visit to a practice page. valibot cost 8.6 KiB gzip there (measured with
 * `npm run bench -- practice_js_gz_kb`), over a tenth of the page's budget, for the dozen checks
 * below. The server's upload schema (sync-schema.ts) still uses valibot; it never reaches a phone.
 */

export type PathKey = string | number;

/** One problem found in an input, located by its path inside that input. */
export interface SchemaIssue {
	path: PathKey[];
	message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: SchemaIssue[] };

const FAIL: unique symbol = Symbol('fail');
type Fail = typeof FAIL;

interface Context {
	path: PathKey[];
	issues: SchemaIssue[];
}

export interface Parser<T> {
	(input: unknown, ctx: Context): T | Fail;
	/** Set by optional(): the field may be absent. */
	optional?: true;
}

export type Output<P> = P extends Parser<infer T> ? T : never;

function fail(ctx: Context, message: string): Fail {
	ctx.issues.push({ path: [...ctx.path], message });
	return FAIL;
}

function at<T>(ctx: Context, key: PathKey, run: () => T): T {
	ctx.path.push(key);
	try {
		return run();
	} finally {
		ctx.path.pop();
	}
}

/**
 * Run a parser over an input.
 *
 * @example parse(integer(1, 3, 'expected 1 to 3'), 2) // → { ok: true, value: 2 }
 */
export function parse<T>(parser: Parser<T>, input: unknown): ParseResult<T> {
	const ctx: Context = { path: [], issues: [] };
	const value = parser(input, ctx);
	return value === FAIL || ctx.issues.length
		? { ok: false, issues: ctx.issues }
		: { ok: true, value: value as T };
}

export interface TextRules {
	/** Message when the value is not a string. */
	type?: string;
	min?: number;
	max?: number;
	/** Trim white space first (default true). */
	trim?: boolean;
	pattern?: RegExp;
	patternMessage?: string;
	/** A last rule: return a message to refuse the value. */
	check?: (value: string) => string | null;
}

/** A string, trimmed, within length limits, optionally matching a pattern. */
export function text(rules: TextRules = {}): Parser<string> {
	return (input, ctx) => {
		if (typeof input !== 'string') return fail(ctx, rules.type ?? 'expected text');
		const value = rules.trim === false ? input : input.trim();
		if (rules.min !== undefined && value.length < rules.min) {
			return fail(ctx, `expected at least ${rules.min} characters`);
		}
		if (rules.max !== undefined && value.length > rules.max) {
			return fail(ctx, `expected at most ${rules.max} characters`);
		}
		if (rules.pattern && !rules.pattern.test(value)) {
			return fail(ctx, rules.patternMessage ?? `expected text matching ${rules.pattern}`);
		}
		const refused = rules.check?.(value);
		return refused ? fail(ctx, refused) : value;
	};
}

/** A whole number within limits. */
export function integer(min: number, max: number, message: string): Parser<number> {
	return (input, ctx) =>
		typeof input === 'number' && Number.isInteger(input) && input >= min && input <= max
			? input
			: fail(ctx, message);
}

export function boolean(message: string): Parser<boolean> {
	return (input, ctx) => (typeof input === 'boolean' ? input : fail(ctx, message));
}

/** One of a fixed set of values (strings or numbers). */
export function oneOf<const T extends string | number>(
	values: readonly T[],
	message: string
): Parser<T> {
	return (input, ctx) => (values.includes(input as T) ? (input as T) : fail(ctx, message));
}

export interface ListRules {
	min?: number;
	max?: number;
	minMessage?: string;
	maxMessage?: string;
}

/** An array whose every item passes `item`; issues name the item's index. */
export function list<T>(item: Parser<T>, message: string, rules: ListRules = {}): Parser<T[]> {
	return (input, ctx) => {
		if (!Array.isArray(input)) return fail(ctx, message);
		if (rules.min !== undefined && input.length < rules.min) {
			return fail(ctx, rules.minMessage ?? `expected at least ${rules.min} items`);
		}
		if (rules.max !== undefined && input.length > rules.max) {
			return fail(ctx, rules.maxMessage ?? `expected at most ${rules.max} items`);
		}
		const out: T[] = [];
		let ok = true;
		for (const [i, value] of input.entries()) {
			const parsed = at(ctx, i, () => item(value, ctx));
			if (parsed === FAIL) ok = false;
			else out.push(parsed);
		}
		return ok ? out : FAIL;
	};
}

/** A field that may be absent; `fallback` fills it in when it is. */
export function optional<T>(parser: Parser<T>): Parser<T | undefined>;
export function optional<T>(parser: Parser<T>, fallback: T): Parser<T>;
export function optional<T>(parser: Parser<T>, fallback?: T): Parser<T | undefined> {
	const wrapped: Parser<T | undefined> = (input, ctx) =>
		input === undefined ? fallback : parser(input, ctx);
	wrapped.optional = true;
	return wrapped;
}

/** Turn a checked value into another form (a YAML Date into an ISO day, a map into a list). */
export function map<A, B>(parser: Parser<A>, convert: (value: A) => B): Parser<B> {
	return (input, ctx) => {
		const value = parser(input, ctx);
		return value === FAIL ? FAIL : convert(value);
	};
}

/** Accept the first of several parsers that takes the input, without reporting the others. */
export function either<T>(parsers: Parser<T>[], message: string): Parser<T> {
	return (input, ctx) => {
		for (const p of parsers) {
			const scratch: Context = { path: [...ctx.path], issues: [] };
			const value = p(input, scratch);
			if (value !== FAIL && !scratch.issues.length) return value;
		}
		return fail(ctx, message);
	};
}

export function instance<T>(type: new (...args: never[]) => T, message: string): Parser<T> {
	return (input, ctx) => (input instanceof type ? input : fail(ctx, message));
}

type Shape = Record<string, Parser<unknown>>;
type ObjectOf<S extends Shape> = { [K in keyof S]: Output<S[K]> };

export const UNKNOWN_FIELD = (key: string) =>
	`unknown field "${key}" (check the spelling; a judge question has no options)`;

/**
 * An object with exactly these fields: a missing required field, a bad value and an unknown
 * field (usually a typo) are each reported at their own path. `strict: false` ignores unknown
 * fields instead (for formats that may grow).
 */
export function object<S extends Shape>(
	shape: S,
	message = 'expected an object',
	{ strict = true } = {}
): Parser<ObjectOf<S>> {
	return (input, ctx) => {
		if (typeof input !== 'object' || input === null || Array.isArray(input)) {
			return fail(ctx, message);
		}
		const raw = input as Record<string, unknown>;
		const out: Record<string, unknown> = {};
		let ok = true;
		for (const [key, parser] of Object.entries(shape)) {
			const value = raw[key];
			if (value === undefined && !parser.optional) {
				at(ctx, key, () => fail(ctx, 'missing required field'));
				ok = false;
				continue;
			}
			const parsed = at(ctx, key, () => parser(value, ctx));
			if (parsed === FAIL) ok = false;
			else if (parsed !== undefined) out[key] = parsed;
		}
		if (strict) {
			for (const key of Object.keys(raw)) {
				if (!(key in shape)) {
					at(ctx, key, () => fail(ctx, UNKNOWN_FIELD(key)));
					ok = false;
				}
			}
		}
		return ok ? (out as ObjectOf<S>) : FAIL;
	};
}

/** A map of string keys to values, kept in the order written, as [key, value] pairs. */
export function entries<T>(value: Parser<T>, message: string): Parser<[string, T][]> {
	return (input, ctx) => {
		if (typeof input !== 'object' || input === null || Array.isArray(input)) {
			return fail(ctx, message);
		}
		const out: [string, T][] = [];
		let ok = true;
		for (const [key, raw] of Object.entries(input)) {
			const parsed = at(ctx, key, () => value(raw, ctx));
			if (parsed === FAIL) ok = false;
			else out.push([key, parsed]);
		}
		return ok ? out : FAIL;
	};
}

/**
 * Pick the parser for a tagged union by its tag field, reporting an unknown tag at that field.
 */
export function tagged<K extends string, P extends Record<string, Parser<unknown>>>(
	tag: K,
	variants: P,
	message: string
): Parser<Output<P[keyof P]>> {
	return (input, ctx) => {
		if (typeof input !== 'object' || input === null || Array.isArray(input)) {
			return fail(ctx, 'expected an object');
		}
		const value = (input as Record<string, unknown>)[tag];
		const parser =
			typeof value === 'string' && Object.prototype.hasOwnProperty.call(variants, value)
				? variants[value]
				: undefined;
		if (!parser) return at(ctx, tag, () => fail(ctx, message));
		return parser(input, ctx) as Output<P[keyof P]> | Fail;
	};
}

export function literal<const T extends string | number>(value: T, message: string): Parser<T> {
	return oneOf([value], message);
}

/** Any value at all (checked later by someone else). */
export const anything: Parser<unknown> = (input) => input;
