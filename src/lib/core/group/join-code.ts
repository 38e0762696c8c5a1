/**
 * Join codes (加入码) for groups: short, read aloud in a meeting or written on a blackboard, so no
 * characters that look alike (0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V).
 */

export const JOIN_CODE_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';
export const JOIN_CODE_LENGTH = 6;

/**
 * A new code from random bytes (one byte per character; pass crypto randomness in).
 *
 * @example makeJoinCode(crypto.getRandomValues(new Uint8Array(6))) // → 'K7MXQ4'
 */
export function makeJoinCode(random: Uint8Array): string {
	if (random.length < JOIN_CODE_LENGTH) throw new RangeError('need one random byte per character');
	let code = '';
	for (let i = 0; i < JOIN_CODE_LENGTH; i++) {
		code += JOIN_CODE_ALPHABET[(random[i] ?? 0) % JOIN_CODE_ALPHABET.length];
	}
	return code;
}

/**
 * What a person typed, as a code: upper case, with spaces, dashes and full-width forms folded.
 *
 * @example normalizeJoinCode(' k7m-xq４ ') // → 'K7MXQ4'
 */
export function normalizeJoinCode(input: string): string {
	return input
		.normalize('NFKC')
		.toUpperCase()
		.replace(/[\s\-_.·]/g, '')
		.slice(0, 32);
}

export function isJoinCode(code: string): boolean {
	return code.length === JOIN_CODE_LENGTH && [...code].every((c) => JOIN_CODE_ALPHABET.includes(c));
}
