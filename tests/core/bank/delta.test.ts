import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BankContent } from '../../../src/lib/core/bank/diff';
import { describeChanges } from '../../../src/lib/core/bank/changes';
import {
	applyBankDelta,
	countChanges,
	makeBankDelta,
	manifestDigest,
	manifestOf,
	parseBankDelta
} from '../../../src/lib/core/bank/delta';
import type { Card, Question } from '../../../src/lib/core/bank/schema';
import { generatedQuestions, judge, meta } from '../../fixtures/questions';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
const card: Card = {
	id: 'card-1',
	title: '知识卡片',
	body: '这是一张用于测试的知识卡片。'.repeat(12),
	source: '测试出处',
	tags: []
};

function version(v: string, questions: Question[], cards: Card[] = []): BankContent {
	return {
		bank: { ...meta, version: v, changelog: [{ version: v, date: '2026-12-01', notes: '更新' }] },
		questions,
		cards
	};
}

const base = generatedQuestions(50);
const v1 = version('1.0.0', base, [card]);
const v2 = version(
	'1.1.0',
	[
		...base.slice(1, 49).map((q, i) => (i === 0 ? { ...q, stem: '改过措辞的题干？' } : q)),
		...generatedQuestions(3, 'new')
	],
	[{ ...card, title: '改过的标题' }]
);

describe('bank delta', () => {
	it('carries only new and changed items plus the removed ids', () => {
		const delta = makeBankDelta({ content: v1, sha256: SHA_A }, { content: v2, sha256: SHA_B });
		expect(delta.from).toEqual({ version: '1.0.0', sha256: SHA_A });
		expect(delta.to).toMatchObject({
			version: '1.1.0',
			sha256: SHA_B,
			questionCount: 51,
			cardCount: 1
		});
		expect(delta.questions.map((q) => q.id)).toEqual(['g-2', 'new-1', 'new-2', 'new-3']);
		expect(delta.removed).toEqual({ questions: ['g-1', 'g-50'], cards: [] });
		expect(delta.cards.map((c) => c.title)).toEqual(['改过的标题']);
		expect(delta.bank.version).toBe('1.1.0');
	});

	it('applied to the base manifest gives the target manifest, checked by its digest', () => {
		const delta = makeBankDelta({ content: v1, sha256: SHA_A }, { content: v2, sha256: SHA_B });
		const applied = applyBankDelta(manifestOf(v1), delta);
		expect(applied.ok).toBe(true);
		if (!applied.ok) return;
		expect(applied.manifest).toEqual(manifestOf(v2));
		expect(applied.questions.map((q) => q.item.id)).toEqual(['g-2', 'new-1', 'new-2', 'new-3']);
		expect(countChanges(manifestOf(v1), applied.manifest)).toEqual({
			added: 3,
			changed: 1,
			removed: 2,
			cardsAdded: 0,
			cardsChanged: 1,
			cardsRemoved: 0
		});
	});

	it('refuses a base that is not the one the delta was made from', () => {
		const delta = makeBankDelta({ content: v1, sha256: SHA_A }, { content: v2, sha256: SHA_B });
		const other = manifestOf(version('1.0.0', [...base, judge], [card]));
		expect(applyBankDelta(other, delta)).toMatchObject({ ok: false });
		const missing = manifestOf(version('1.0.0', base.slice(0, 49), [card]));
		expect(applyBankDelta(missing, delta)).toEqual({
			ok: false,
			reason: 'question g-50 is not in the base'
		});
	});

	it('the digest does not depend on item order', () => {
		expect(manifestDigest(manifestOf(version('1', [...base].reverse())))).toBe(
			manifestDigest(manifestOf(version('1', base)))
		);
	});

	it('parses what it makes, through JSON, and refuses a bad item or header', () => {
		const delta = makeBankDelta({ content: v1, sha256: SHA_A }, { content: v2, sha256: SHA_B });
		const parsed = parseBankDelta(JSON.parse(JSON.stringify(delta)));
		expect(parsed).toEqual({ ok: true, value: delta });
		const badItem = { ...delta, questions: [{ ...delta.questions[0], answer: 'Z' }] };
		expect(parseBankDelta(badItem).ok).toBe(false);
		expect(parseBankDelta({ ...delta, format: 2 }).ok).toBe(false);
		expect(parseBankDelta({ ...delta, bank: { ...delta.bank, version: '9.9.9' } }).ok).toBe(false);
	});

	it('property: for any two versions, applying the delta to the first gives the second', () => {
		const pool = generatedQuestions(30);
		const variant = fc.record({
			keep: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
			reword: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
			answer: fc.array(fc.constantFrom('A', 'B', 'C', 'D'), { minLength: 30, maxLength: 30 })
		});
		const build = (v: { keep: boolean[]; reword: boolean[]; answer: string[] }, n: string) =>
			version(
				n,
				pool.flatMap((q, i) =>
					v.keep[i]
						? [
								{
									...q,
									stem: v.reword[i] ? `${q.stem}（改）` : q.stem,
									answer: v.answer[i]
								} as Question
							]
						: []
				)
			);
		fc.assert(
			fc.property(variant, variant, (a, b) => {
				const from = build(a, '1.0.0');
				const to = build(b, '2.0.0');
				const delta = makeBankDelta(
					{ content: from, sha256: SHA_A },
					{ content: to, sha256: SHA_B }
				);
				const applied = applyBankDelta(manifestOf(from), delta);
				return applied.ok && manifestDigest(applied.manifest) === manifestDigest(manifestOf(to));
			})
		);
	});

	it('says what changed in Chinese', () => {
		const counts = {
			added: 12,
			changed: 2,
			removed: 0,
			cardsAdded: 0,
			cardsChanged: 0,
			cardsRemoved: 0
		};
		expect(describeChanges(counts)).toBe('新增 12 题，修正 2 题');
		expect(describeChanges({ ...counts, added: 0, changed: 0, removed: 1, cardsAdded: 3 })).toBe(
			'移除 1 题，新增 3 张知识卡片'
		);
		expect(describeChanges({ ...counts, added: 0, changed: 0 })).toBe('');
	});
});
