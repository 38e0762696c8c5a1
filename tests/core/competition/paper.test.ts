import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUESTION_TYPES } from '../../../src/lib/core/bank/schema';
import {
	canonicalKey,
	displayLetter,
	drawPaper,
	optionOrder,
	paperSeed,
	servePaperQuestion,
	toCanonical,
	toDisplay
} from '../../../src/lib/core/competition/paper';
import type { DrawPart } from '../../../src/lib/core/competition/types';
import { pool } from './pool';

const POOL = pool(30);
const byId = new Map(POOL.map((q) => [q.id, q]));

const part = fc.record({
	type: fc.constantFrom(...QUESTION_TYPES),
	count: fc.integer({ min: 1, max: 8 }),
	tag: fc.option(fc.constantFrom('长征', '建党', '抗战'), { nil: undefined })
}) as fc.Arbitrary<DrawPart>;
const parts = fc.array(part, { minLength: 1, maxLength: 5 });
const member = fc.string({ minLength: 1, maxLength: 12 });

describe('paper draw', () => {
	it('is deterministic per member, meets every count and never repeats a question', () => {
		fc.assert(
			fc.property(parts, member, (ps, m) => {
				const seed = paperSeed('c-1', m);
				const a = drawPaper({ kind: 'draw', parts: ps }, POOL, seed);
				const b = drawPaper({ kind: 'draw', parts: ps }, [...POOL].reverse(), seed);
				expect(b).toEqual(a);
				if (!a.ok) {
					expect(a.reason).toMatch(/不够抽/);
					return;
				}
				expect(new Set(a.questionIds).size).toBe(a.questionIds.length);
				let at = 0;
				for (const p of ps) {
					const slice = a.questionIds.slice(at, at + p.count);
					at += p.count;
					expect(slice).toHaveLength(p.count);
					for (const id of slice) {
						const q = byId.get(id);
						expect(q?.type).toBe(p.type);
						if (p.tag) expect(q?.tags).toContain(p.tag);
					}
				}
				expect(a.questionIds).toHaveLength(at);
			})
		);
	});

	it('never puts both halves of a conflicting pair in one paper, and still meets every count', () => {
		const ids = POOL.map((q) => q.id);
		const pair = fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids));
		fc.assert(
			fc.property(parts, member, fc.array(pair, { maxLength: 40 }), (ps, m, pairs) => {
				const seed = paperSeed('c-1', m);
				const spec = { kind: 'draw' as const, parts: ps };
				const r = drawPaper(spec, POOL, seed, pairs);
				expect(drawPaper(spec, [...POOL].reverse(), seed, pairs)).toEqual(r);
				if (!r.ok) {
					expect(r.reason).toMatch(/不够抽/);
					return;
				}
				expect(r.questionIds).toHaveLength(ps.reduce((n, p) => n + p.count, 0));
				const picked = new Set(r.questionIds);
				for (const [a, b] of pairs) {
					if (a !== b) expect(picked.has(a) && picked.has(b)).toBe(false);
				}
			})
		);
	});

	it('draws exactly as before for a bank with no conflicts', () => {
		const spec = { kind: 'draw' as const, parts: [{ type: 'single' as const, count: 5 }] };
		expect(drawPaper(spec, POOL, 's', [])).toEqual(drawPaper(spec, POOL, 's'));
	});

	it('skips the partner of a question an earlier part took', () => {
		const spec = {
			kind: 'draw' as const,
			parts: [
				{ type: 'judge' as const, count: 30 },
				{ type: 'single' as const, count: 29 }
			]
		};
		// Every judge question is taken by part one, so s-0's partner j-0 rules s-0 out.
		const r = drawPaper(spec, POOL, 's', [['j-0', 's-0']]);
		expect(r.ok && r.questionIds.includes('s-0')).toBe(false);
		expect(r.ok && r.questionIds.filter((id) => id.startsWith('s-'))).toHaveLength(29);
		expect(
			drawPaper({ ...spec, parts: [spec.parts[0]!, { type: 'single', count: 30 }] }, POOL, 's', [
				['j-0', 's-0']
			])
		).toEqual({
			ok: false,
			reason: '题库中能同卷出现的单选题只有 29 道（除去前面已抽的），不够抽 30 道'
		});
	});

	it('refuses a fixed paper that holds both halves of a pair, naming them', () => {
		expect(
			drawPaper({ kind: 'fixed', questionIds: ['j-1', 's-2', 'f-3'] }, POOL, 's', [['f-3', 'j-1']])
		).toEqual({
			ok: false,
			reason: '题目 f-3 和 j-1 不能放在同一张试卷里（一道题的题干里有另一道题的答案）'
		});
	});

	it('refuses a part the pool cannot fill, saying how many there are', () => {
		const r = drawPaper(
			{ kind: 'draw', parts: [{ type: 'judge', count: 11, tag: '长征' }] },
			POOL,
			's'
		);
		expect(r).toEqual({ ok: false, reason: '题库中「长征」的判断题只有 10 道，不够抽 11 道' });
	});

	it('counts what earlier parts took when a later part overlaps', () => {
		const r = drawPaper(
			{
				kind: 'draw',
				parts: [
					{ type: 'single', count: 25 },
					{ type: 'single', count: 6 }
				]
			},
			POOL,
			's'
		);
		expect(r).toEqual({
			ok: false,
			reason: '题库中单选题只有 5 道（除去前面已抽的），不够抽 6 道'
		});
	});

	it('gives members different papers', () => {
		const spec = { kind: 'draw' as const, parts: [{ type: 'single' as const, count: 10 }] };
		const a = drawPaper(spec, POOL, paperSeed('c', 'm1'));
		const b = drawPaper(spec, POOL, paperSeed('c', 'm2'));
		expect(a.ok && b.ok && a.questionIds.join() !== b.questionIds.join()).toBe(true);
	});

	it('keeps a fixed list as given and refuses unknown ids', () => {
		expect(drawPaper({ kind: 'fixed', questionIds: ['j-1', 's-2'] }, POOL, 's')).toEqual({
			ok: true,
			questionIds: ['j-1', 's-2']
		});
		expect(drawPaper({ kind: 'fixed', questionIds: ['nope'] }, POOL, 's')).toEqual({
			ok: false,
			reason: '题库中没有题目 nope'
		});
	});
});

describe('option shuffle', () => {
	const withOptions = POOL.flatMap((q) => (q.type === 'judge' || q.type === 'fill' ? [] : [q]));

	it('is a permutation of the keys, the same for the same seed, and maps back', () => {
		fc.assert(
			fc.property(fc.constantFrom(...withOptions), member, (q, m) => {
				const seed = paperSeed('c', m);
				const order = optionOrder(q, seed);
				expect([...order].sort()).toEqual(q.options.map((o) => o.key).sort());
				expect(optionOrder(q, seed)).toEqual(order);
				const served = servePaperQuestion(q, seed);
				expect(served.options?.map((o) => o.key)).toEqual(order);
				for (const o of q.options) {
					const letter = displayLetter(served, o.key);
					expect(canonicalKey(served, letter)).toBe(o.key);
					expect(served.options?.find((s) => s.key === o.key)?.text).toBe(o.text);
				}
				const answer = q.answer;
				expect(toCanonical(served, toDisplay(served, answer))).toEqual(answer);
			})
		);
	});

	it('never serves an order question already solved', () => {
		for (const q of POOL.filter((x) => x.type === 'order')) {
			for (const m of ['a', 'b', 'c', 'd', 'e']) {
				const served = servePaperQuestion(q, paperSeed('c', m));
				if (q.type === 'order') expect(served.options?.map((o) => o.key)).not.toEqual(q.answer);
			}
		}
	});

	it('moves the key off A: over many members each position is used', () => {
		const q = POOL[0];
		if (q?.type !== 'single') throw new Error('fixture');
		const letters = new Set(
			Array.from({ length: 60 }, (_, i) => displayLetter(servePaperQuestion(q, `s${i}`), q.answer))
		);
		expect(letters).toEqual(new Set(['A', 'B', 'C', 'D']));
	});

	it('serves no answer, 解析 or 出处', () => {
		for (const q of POOL.slice(0, 10)) {
			const served = servePaperQuestion(q, 's');
			expect(Object.keys(served).sort()).toEqual(
				q.type === 'judge' || q.type === 'fill'
					? ['id', 'stem', 'type']
					: ['id', 'options', 'stem', 'type']
			);
			expect(JSON.stringify(served)).not.toContain('解析');
		}
	});
});
