/**
 * The plain-text layout that 答题小程序, exam systems and Word documents use, pasted into a .txt
 * file:
 *
 *   一、单选题
 *   1. 中国共产党第一次全国代表大会是在哪一年召开的？（ ）
 *   A. 1919年  B. 1921年
 *   C. 1927年  D. 1949年
 *   答案：B
 *   解析：……
 *
 * Numbered questions, lettered options (one or several on a line), then 答案：, 解析：, and
 * optionally 出处：, 难度：, 知识点：. The type comes from a section heading (一、单选题), a marker
 * before the stem (【多选题】), or else from the question itself.
 */
import { OPTION_KEYS } from '../schema';
import type { RowIssue } from './issues';
import type { RawQuestion } from './row';

const SECTION =
	/^\s*(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十\d]+部分\s*[:：]?|[【[（(])?\s*(单项选择|单选|多项选择|多选|不定项选择|不定项|判断|是非|填空|排序)题?\s*(?:[】\]）)])?\s*(?:[（(][^）)]*[）)])?\s*[:：]?\s*$/;
const QUESTION = /^\s*(?:第\s*)?(\d{1,5})\s*(?:题\s*)?[.、．:：)）]\s*(.*)$/;
const MARKER =
	/^[【[（(]\s*(单项选择|单选|多项选择|多选|不定项选择|不定项|判断|是非|填空|排序)题?\s*[】\]）)]\s*/;
const OPTION = /^\s*([A-Fa-f])\s*[.、．:：)）]\s*(.*)$/;
const NEXT_OPTION = /\s+(?=[B-Fb-f]\s*[.、．:：)）])/;
const FIELD =
	/^\s*[【[]?\s*(正确答案|参考答案|标准答案|答案|答案解析|试题解析|解析|出处|来源|难度|知识点|考点)\s*[】\]]?\s*[:：]?\s*(.*)$/;

type FieldName = 'answer' | 'explanation' | 'source' | 'difficulty' | 'tags';

const FIELD_OF: Record<string, FieldName> = {
	正确答案: 'answer',
	参考答案: 'answer',
	标准答案: 'answer',
	答案: 'answer',
	答案解析: 'explanation',
	试题解析: 'explanation',
	解析: 'explanation',
	出处: 'source',
	来源: 'source',
	难度: 'difficulty',
	知识点: 'tags',
	考点: 'tags'
};

const JUDGE_WORDS = /^[（(]?\s*(?:对|错|正确|错误|√|×|✓|✗|是|否|T|F|TRUE|FALSE)\s*[）)]?[。.]?$/i;

interface Building {
	number: number;
	line: number;
	type: string;
	stem: string[];
	options: string[];
	fields: Partial<Record<FieldName, string[]>>;
	last: 'stem' | 'option' | FieldName;
}

/**
 * Looks like the plain-text layout (numbered questions with 答案：lines) rather than GIFT?
 *
 * @example looksLikePlainText('1. 题干\nA. 甲\nB. 乙\n答案：A') // → true
 */
export function looksLikePlainText(text: string): boolean {
	const head = text.slice(0, 20000);
	const numbered = head.split('\n').filter((l) => QUESTION.test(l)).length;
	const answers = head
		.split('\n')
		.filter((l) => /^\s*[【[]?\s*(?:正确|参考|标准)?答案/.test(l)).length;
	const giftish = /\{\s*[=~]|\{\s*(?:T|F|TRUE|FALSE)\s*\}|^::/im.test(head);
	return numbered > 0 && answers > 0 && !giftish;
}

/**
 * Reads the plain-text layout into raw questions for normaliseRow, each located by the line its
 * number is on. A line that starts with a number begins a new question once the one before has
 * its answer (inside a 解析 only the next number does, so a list 「1. … 2. …」 in a 解析 mostly stays there).
 * Text before the first question other than section headings is reported, not guessed at.
 *
 * @example parsePlainText('1. 一大在上海召开。\n答案：对\n解析：……').rows[0]?.type // → '判断'
 */
export function parsePlainText(text: string): {
	rows: RawQuestion[];
	errors: RowIssue[];
	warnings: RowIssue[];
} {
	const rows: RawQuestion[] = [];
	const errors: RowIssue[] = [];
	const warnings: RowIssue[] = [];
	const lines = text
		.replace(/^\ufeff/, '')
		.replace(/\r\n?/g, '\n')
		.split('\n');
	let section = '';
	let current: Building | null = null;
	let stray: number | null = null;

	const finish = () => {
		if (!current) return;
		const q = current;
		current = null;
		const join = (field: FieldName) => (q.fields[field] ?? []).join('\n').trim();
		const answer = join('answer');
		let type = q.type || section;
		if (!type) {
			if (q.options.length) type = '选择';
			else type = JUDGE_WORDS.test(answer) ? '判断' : '填空';
		}
		rows.push({
			at: { row: q.line },
			type,
			stem: q.stem.join('\n'),
			// A skipped letter leaves a hole: an empty option, which the row check reports.
			options: Array.from(q.options, (o) => o ?? ''),
			answer,
			explanation: join('explanation'),
			source: join('source'),
			difficulty: join('difficulty'),
			tags: join('tags'),
			audience: '',
			id: ''
		});
	};

	for (const [i, line] of lines.entries()) {
		const n = i + 1;
		if (line.trim() === '') continue;
		const heading = SECTION.exec(line);
		if (heading && (!current || current.fields.answer)) {
			finish();
			section = heading[1] ?? '';
			continue;
		}
		const numbered = QUESTION.exec(line);
		const building = current as Building | null;
		const startsQuestion =
			numbered &&
			(!building ||
				(building.fields.answer &&
					(building.last !== 'explanation' || Number(numbered[1]) === building.number + 1)));
		if (numbered && startsQuestion) {
			finish();
			let stem = numbered[2] ?? '';
			const marker = MARKER.exec(stem);
			stem = stem.slice(marker?.[0].length ?? 0);
			current = {
				number: Number(numbered[1]),
				line: n,
				type: marker?.[1] ?? '',
				stem: [stem],
				options: [],
				fields: {},
				last: 'stem'
			};
			continue;
		}
		if (!building) {
			stray ??= n;
			continue;
		}
		const field = FIELD.exec(line);
		if (field && FIELD_OF[field[1] ?? '']) {
			const name = FIELD_OF[field[1] ?? ''] as FieldName;
			building.fields[name] = [...(building.fields[name] ?? []), field[2] ?? ''];
			building.last = name;
			continue;
		}
		const option = OPTION.exec(line);
		if (option && !building.fields.answer) {
			// Several options on one line: 「A. 甲  B. 乙  C. 丙」.
			for (const piece of line.trim().split(NEXT_OPTION)) {
				const m = OPTION.exec(piece);
				const index = OPTION_KEYS.indexOf((m?.[1] ?? '').toUpperCase() as never);
				if (!m || index < 0) continue;
				if (index !== building.options.length) {
					errors.push({
						at: { row: n },
						column: `选项${m[1]?.toUpperCase()}`,
						message: `第 ${building.line} 行那道题的选项应按 A、B、C… 的顺序写，这里是${m[1]?.toUpperCase()}`
					});
				}
				building.options[index] = (m[2] ?? '').trim();
			}
			building.last = 'option';
			continue;
		}
		// A continuation of whatever came last.
		if (building.last === 'stem') building.stem.push(line.trim());
		else if (building.last === 'option') {
			const k = building.options.length - 1;
			building.options[k] = `${building.options[k] ?? ''}\n${line.trim()}`;
		} else building.fields[building.last]?.push(line.trim());
	}
	finish();
	if (stray !== null) {
		warnings.push({
			at: { row: stray },
			message: '第一道题（以 "1." 这样的题号开头）之前有文字，不是题目，没有导入'
		});
	}
	return { rows, errors, warnings };
}
