import { describe, expect, it } from 'vitest';
import { canonicalJson, contentRev, hash64 } from '../../../src/lib/core/bank/content-hash';
import { judge, single } from '../../fixtures/questions';

describe('content hash', () => {
	it('canonical JSON sorts keys at every level and drops undefined members', () => {
		expect(canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }], u: undefined })).toBe(
			'{"a":[true,{"c":"x","d":null}],"b":1}'
		);
	});

	it('the rev of an item does not depend on the order its fields came in', () => {
		const reordered = Object.fromEntries(Object.entries(single).reverse());
		expect(contentRev(reordered)).toBe(contentRev(single));
		expect(contentRev(JSON.parse(JSON.stringify(single)))).toBe(contentRev(single));
	});

	it('any change of content changes the rev', () => {
		expect(contentRev({ ...single, stem: single.stem + '？' })).not.toBe(contentRev(single));
		expect(contentRev(judge)).not.toBe(contentRev(single));
	});

	it('hash64 gives pinned values: devices and the compiler must agree on revs for good', () => {
		// Changing the function would make every installed version's manifest disagree with
		// every delta's digest (each device would fall back to full downloads once).
		expect(hash64('')).toBe('488bdcb81aee8d83');
		expect(hash64('abc')).toBe('7a91f9f91ac18c8d');
		expect(hash64('题库')).toBe('37473ac3c4edfe5e');
		expect(hash64('a')).not.toBe(hash64('b'));
	});
});
