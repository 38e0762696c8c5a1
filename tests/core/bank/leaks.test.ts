import { describe, expect, it } from 'vitest';
import { datedCardIssue } from '../../../src/lib/core/bank/card-dates';
import { answerTexts, findAnswerLeaks, unlistedLeaks } from '../../../src/lib/core/bank/leaks';
import type { Question } from '../../../src/lib/core/bank/schema';
import { fill, judge, multiple, single } from '../../fixtures/questions';

const choice = (id: string, answer: string, stem = '下面哪一个是正确的？'): Question => ({
	...single,
	type: 'single',
	id,
	stem,
	options: [
		{ key: 'A', text: answer },
		{ key: 'B', text: '别的说法' }
	],
	answer: 'A'
});

describe('answers printed in other stems', () => {
	it('reads the answer texts of each type', () => {
		expect(answerTexts(single)).toEqual(['1921年']);
		expect(answerTexts(multiple)).toEqual(['甲', '丙']);
		expect(answerTexts(fill)).toEqual(['1921']);
		expect(answerTexts(judge)).toEqual([]);
	});

	it('finds an answer of 4 or more characters in another stem, quotes and title marks aside', () => {
		const q12 = choice('jht-0012', '“金河之声”');
		const q13 = { ...judge, id: 'jht-0013', stem: '金河之声广播每天播放党史故事。' };
		const q31: Question = {
			...fill,
			type: 'fill',
			id: 'jht-0031',
			stem: '这本书叫____。',
			answer: ['《初心与使命》']
		};
		const q32 = choice('jht-0032', '镇党委', '《初心与使命》是谁编写的？');
		expect(findAnswerLeaks([q12, q13, q31, q32])).toEqual([
			{ answerId: 'jht-0012', stemId: 'jht-0013', text: '金河之声' },
			{ answerId: 'jht-0031', stemId: 'jht-0032', text: '初心与使命' }
		]);
	});

	it('leaves short, common answers alone (毛泽东, 上海) and never pairs a question with itself', () => {
		const a = choice('a', '毛泽东');
		const b = { ...judge, id: 'b', stem: '毛泽东在上海参加了中共一大。' };
		const self = choice('c', '遵义会议', '遵义会议在哪里召开？');
		expect(findAnswerLeaks([a, b, self])).toEqual([]);
	});

	it('a listed pair covers the leak in either order', () => {
		const leaks = [
			{ answerId: 'a', stemId: 'b', text: '金河之声' },
			{ answerId: 'c', stemId: 'd', text: '悦读党史' }
		];
		expect(unlistedLeaks(leaks, [['b', 'a']])).toEqual([leaks[1]]);
		expect(
			unlistedLeaks(leaks, [
				['a', 'b'],
				['c', 'd']
			])
		).toEqual([]);
	});
});

describe('a dated card names its day', () => {
	const card = (date: string, year: number | undefined, body: string) => ({
		date,
		year,
		title: '测试卡片',
		body
	});

	it('with a year: one sentence names the year and then the day', () => {
		expect(datedCardIssue(card('07-01', 1921, '1921年7月1日，……'))).toBeNull();
		expect(
			datedCardIssue(card('10-25', 1950, '1950年10月19日，志愿军入朝；10月25日，打响第一仗。'))
		).toBeNull();
	});

	it('refuses a card whose year tells another day (card-0044 before the fix)', () => {
		const issue = datedCardIssue(
			card('09-03', 1945, '每年的9月3日是纪念日。1945年9月2日，日本签字投降。')
		);
		expect(issue).toMatch(/1945年9月3日/);
	});

	it('refuses the day of another year and the tail of a longer date', () => {
		expect(datedCardIssue(card('07-01', 1921, '1949年7月1日，……。1921年，……'))).not.toBeNull();
		expect(datedCardIssue(card('02-01', 1950, '1950年12月1日，……'))).not.toBeNull();
	});

	it('without a year (a commemoration day) the text names the day', () => {
		expect(datedCardIssue(card('09-03', undefined, '每年的9月3日，是纪念日。'))).toBeNull();
		expect(datedCardIssue(card('09-03', undefined, '每年九月初是纪念日。'))).toMatch(/9月3日/);
		expect(datedCardIssue({ title: '没有日期', body: '……' })).toBeNull();
	});
});
