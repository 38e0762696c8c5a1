/**
 * Content identity for bank items. The device keys every question and card row by a hash of its
 * content (its "rev"), so a new bank version shares each unchanged row with the version before
 * and only changed items are written; the compiler computes the same revs to describe a delta's
 * target. Not a cryptographic hash: every downloaded file is checked with SHA-256 before it is
 * parsed. A rev only has to tell the few revisions of one question apart, and 64 bits do that.
 */

/**
 * JSON with object keys sorted at every level, so the same content gives the same text whether
 * it came from YAML sources, a parsed bundle or an IndexedDB row. `undefined` members are left
 * out, as JSON.stringify does.
 *
 * @example canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] }) // → '{"a":[true,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const record = value as Record<string, unknown>;
	const parts: string[] = [];
	for (const key of Object.keys(record).sort()) {
		const member = record[key];
		if (member === undefined) continue;
		parts.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
	}
	return `{${parts.join(',')}}`;
}

/**
 * A 64-bit hash of a string as 16 hex digits: two 32-bit multiply-xor lanes over the UTF-16
 * code units (the cyrb53 construction, keeping both lanes whole).
 *
 * @example hash64('题库') // → '…' (16 hex digits, the same on every platform)
 */
export function hash64(text: string): string {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < text.length; i++) {
		const ch = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2654435761);
		h2 = Math.imul(h2 ^ ch, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
	h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
	h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/**
 * The rev of a question or card: the hash of its canonical JSON.
 *
 * @example contentRev(question) === contentRev(JSON.parse(JSON.stringify(question))) // → true
 */
export function contentRev(item: unknown): string {
	return hash64(canonicalJson(item));
}
