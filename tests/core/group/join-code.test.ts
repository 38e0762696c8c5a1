import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	isJoinCode,
	JOIN_CODE_ALPHABET,
	JOIN_CODE_LENGTH,
	makeJoinCode,
	normalizeJoinCode
} from '../../../src/lib/core/group/join-code';

describe('join codes', () => {
	it('has no look-alike characters in its alphabet', () => {
		expect(JOIN_CODE_ALPHABET).not.toMatch(/[01IOLZSB258UV]/);
		expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
	});

	it('makes a valid code from any random bytes, one byte per character', () => {
		fc.assert(
			fc.property(fc.uint8Array({ minLength: JOIN_CODE_LENGTH, maxLength: 12 }), (bytes) => {
				const code = makeJoinCode(bytes);
				expect(code).toHaveLength(JOIN_CODE_LENGTH);
				expect(isJoinCode(code)).toBe(true);
			})
		);
		// Byte i picks character i (mod the alphabet): 0 → '3', 23 wraps round to '3' again.
		expect(makeJoinCode(new Uint8Array([0, 1, 2, 22, 23, 255]))).toBe(
			`346Y3${JOIN_CODE_ALPHABET[255 % JOIN_CODE_ALPHABET.length]}`
		);
	});

	it('refuses fewer random bytes than characters', () => {
		expect(() => makeJoinCode(new Uint8Array(JOIN_CODE_LENGTH - 1))).toThrow(RangeError);
	});

	it('reads what people type: lower case, spaces, dashes, dots and full-width forms', () => {
		expect(normalizeJoinCode(' k7m-xq４ ')).toBe('K7MXQ4');
		expect(normalizeJoinCode('ｋ７ｍ　ｘｑ４')).toBe('K7MXQ4');
		expect(normalizeJoinCode('K7M.XQ4')).toBe('K7MXQ4');
		expect(normalizeJoinCode('K7M·XQ_4')).toBe('K7MXQ4');
		expect(normalizeJoinCode('x'.repeat(100))).toHaveLength(32);
	});

	it('tells a code from anything else', () => {
		expect(isJoinCode('K7MXQ4')).toBe(true);
		expect(isJoinCode('K7MXQ')).toBe(false);
		expect(isJoinCode('K7MXQ44')).toBe(false);
		expect(isJoinCode('k7mxq4')).toBe(false);
		expect(isJoinCode('K7MXQ0')).toBe(false);
		expect(isJoinCode('')).toBe(false);
	});
});
