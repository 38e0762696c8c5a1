import type { Question } from '../../../src/lib/core/bank/schema';

const base = {
	explanation: '这是测试用的解析文字，足够长。',
	source: '测试用的出处',
	difficulty: 2 as const
};
const TAGS = ['长征', '建党', '抗战'];

/** A generated pool: n questions of every type, tags cycling, stems of varying length. */
export function pool(n: number): Question[] {
	const out: Question[] = [];
	for (let i = 0; i < n; i++) {
		const tags = [TAGS[i % 3] as string];
		const stem = `第${i}题的题干`.padEnd(6 + (i % 30), '字');
		const opts = ['A', 'B', 'C', 'D'].map((key) => ({ key, text: `选项${key}${i}` }));
		out.push({ ...base, tags, id: `s-${i}`, stem, type: 'single', options: opts, answer: 'A' });
		out.push({
			...base,
			tags,
			id: `m-${i}`,
			stem,
			type: 'multiple',
			options: opts,
			answer: ['A', 'C']
		});
		out.push({ ...base, tags, id: `j-${i}`, stem, type: 'judge', answer: i % 2 === 0 });
		out.push({ ...base, tags, id: `f-${i}`, stem: `${stem}____`, type: 'fill', answer: ['1921'] });
		out.push({
			...base,
			tags,
			id: `o-${i}`,
			stem,
			type: 'order',
			options: opts.slice(0, 3),
			answer: ['B', 'A', 'C']
		});
	}
	return out;
}
