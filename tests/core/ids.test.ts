import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UUID_PATTERN, uuidv7 } from '../../src/lib/core/ids';

describe('uuidv7', () => {
	it('puts the millisecond time in the first 48 bits, big-endian', () => {
		const id = uuidv7(0x0123_4567_89ab, new Uint8Array(10));
		expect(id.slice(0, 13)).toBe('01234567-89ab');
	});

	it('sets version 7 and variant 10 whatever the random bytes', () => {
		expect(uuidv7(0, new Uint8Array(10))).toBe('00000000-0000-7000-8000-000000000000');
		expect(uuidv7(0, new Uint8Array(10).fill(0xff))).toBe('00000000-0000-7fff-bfff-ffffffffffff');
	});

	it('uses the first ten random bytes only', () => {
		const long = new Uint8Array(16).fill(0xff);
		long.set(new Uint8Array(10).fill(0x11), 0);
		expect(uuidv7(1, long)).toBe(uuidv7(1, new Uint8Array(10).fill(0x11)));
	});

	it('clamps a negative or fractional clock instead of making a broken id', () => {
		expect(uuidv7(-5, new Uint8Array(10)).slice(0, 13)).toBe('00000000-0000');
		expect(uuidv7(1.9, new Uint8Array(10))).toBe(uuidv7(1, new Uint8Array(10)));
	});

	it('matches the pattern and sorts by time (property)', () => {
		const time = fc.integer({ min: 0, max: 2 ** 48 - 2 });
		const bytes = fc.uint8Array({ minLength: 10, maxLength: 10 });
		fc.assert(
			fc.property(time, fc.integer({ min: 1, max: 1000 }), bytes, bytes, (t, gap, a, b) => {
				const first = uuidv7(t, a);
				expect(first).toMatch(UUID_PATTERN);
				if (t + gap < 2 ** 48) expect(first < uuidv7(t + gap, b)).toBe(true);
			})
		);
	});
});
