import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../../src/lib/core/sync/utf8-length';

describe('utf8Length', () => {
	it('counts ASCII, Chinese, accents and emoji as UTF-8 does', () => {
		expect(utf8Length('')).toBe(0);
		expect(utf8Length('abc')).toBe(3);
		expect(utf8Length('党史学习')).toBe(12);
		expect(utf8Length('é')).toBe(2);
		expect(utf8Length('😀')).toBe(4);
		expect(utf8Length('{"note":"金河镇 1+1+N"}')).toBe(
			Buffer.byteLength('{"note":"金河镇 1+1+N"}')
		);
	});

	it('agrees with the encoder for any string, lone surrogates included', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), (text) => {
				expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
			}),
			{ numRuns: 2000 }
		);
	});
});
