/**
 * What a bank update brought, counted per item, and how the app says it. Apart from the delta
 * code so the screens that show the notice do not load a validator with it.
 */

export interface ChangeCounts {
	added: number;
	changed: number;
	removed: number;
	cardsAdded: number;
	cardsChanged: number;
	cardsRemoved: number;
}

/**
 * The counts as the app says them, or '' when no item changed.
 *
 * @example describeChanges({ added: 12, changed: 2, removed: 0, cardsAdded: 0, … }) // → '新增 12 题，修正 2 题'
 */
export function describeChanges(c: ChangeCounts): string {
	const parts: string[] = [];
	if (c.added) parts.push(`新增 ${c.added} 题`);
	if (c.changed) parts.push(`修正 ${c.changed} 题`);
	if (c.removed) parts.push(`移除 ${c.removed} 题`);
	if (c.cardsAdded) parts.push(`新增 ${c.cardsAdded} 张知识卡片`);
	if (c.cardsChanged) parts.push(`修正 ${c.cardsChanged} 张知识卡片`);
	if (c.cardsRemoved) parts.push(`移除 ${c.cardsRemoved} 张知识卡片`);
	return parts.join('，');
}
