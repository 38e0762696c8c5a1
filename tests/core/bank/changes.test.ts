import { describe, expect, it } from 'vitest';
import { describeChanges, type ChangeCounts } from '../../../src/lib/core/bank/changes';

const none: ChangeCounts = {
	added: 0,
	changed: 0,
	removed: 0,
	cardsAdded: 0,
	cardsChanged: 0,
	cardsRemoved: 0
};

describe('describeChanges', () => {
	it('says nothing when nothing changed', () => {
		expect(describeChanges(none)).toBe('');
	});

	it.each([
		['added', '新增 3 题'],
		['changed', '修正 3 题'],
		['removed', '移除 3 题'],
		['cardsAdded', '新增 3 张知识卡片'],
		['cardsChanged', '修正 3 张知识卡片'],
		['cardsRemoved', '移除 3 张知识卡片']
	] as const)('names %s on its own', (field, text) => {
		expect(describeChanges({ ...none, [field]: 3 })).toBe(text);
	});

	it('lists questions before cards, added before changed before removed', () => {
		expect(
			describeChanges({
				added: 1,
				changed: 2,
				removed: 3,
				cardsAdded: 4,
				cardsChanged: 5,
				cardsRemoved: 6
			})
		).toBe(
			'新增 1 题，修正 2 题，移除 3 题，新增 4 张知识卡片，修正 5 张知识卡片，移除 6 张知识卡片'
		);
	});
});
