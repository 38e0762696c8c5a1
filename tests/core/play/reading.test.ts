import { describe, expect, it } from 'vitest';
import {
	READING_BASE_MS,
	READING_MAX_MS,
	READING_PER_CHAR_MS,
	readingFloorMs
} from '../../../src/lib/core/play/reading';

describe('the reading floor', () => {
	it('counts the characters of the stem without white space, up to the cap', () => {
		expect(readingFloorMs({ stem: '中国共产党第一次全国代表大会在哪一年召开？' })).toBe(720);
		expect(readingFloorMs({ stem: ' 一 二\n三 ' })).toBe(READING_BASE_MS + 3 * READING_PER_CHAR_MS);
		expect(readingFloorMs({ stem: '字'.repeat(500) })).toBe(READING_MAX_MS);
	});

	it('answers again for a question whose stem changed (each question is worked out once)', () => {
		const question = { stem: '短题' };
		expect(readingFloorMs(question)).toBe(READING_BASE_MS + 2 * READING_PER_CHAR_MS);
		expect(readingFloorMs(question)).toBe(READING_BASE_MS + 2 * READING_PER_CHAR_MS);
		question.stem = '长一些的题干';
		expect(readingFloorMs(question)).toBe(READING_BASE_MS + 6 * READING_PER_CHAR_MS);
	});
});
