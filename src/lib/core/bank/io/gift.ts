/**
 * Moodle GIFT, read and written. A question is `::title:: stem {answers}`, questions are separated
 * by blank lines, `//` starts a comment line. We write the stable id as the title, the 解析 as
 * general feedback (####) and what GIFT has no place for (出处, 知识点, 难度, an order question's
 * option keys) as comment lines right above the question, which our reader reads back and Moodle
 * ignores. Order questions use the ordering syntax of Moodle's qtype_ordering
 * (`{>N ALL VERTICAL ALL_OR_NOTHING SHOW` then one item per line, in the right order).
 */
import { FILL_BLANK, OPTION_KEYS, type BankMeta, type Question } from '../schema';
import type { RowIssue } from './issues';
import { parseQuestionId, type RawQuestion } from './row';
import { htmlToText } from './text';

const SPECIAL = /[\\~=#{}:]/g;

/**
 * Escapes text for GIFT: \ ~ = # { } : get a backslash, a line break becomes \n.
 *
 * @example escapeGift('a=b: {c}') // → 'a\\=b\\: \\{c\\}'
 */
export function escapeGift(text: string): string {
	return text.replace(SPECIAL, '\\$&').replace(/\r?\n/g, '\\n');
}

/** Undoes escapeGift (and keeps a backslash before any other character, as Moodle does). */
export function unescapeGift(text: string): string {
	return text.replace(/\\([\s\S])/g, (_, c: string) =>
		c === 'n' ? '\n' : '~=#{}:\\'.includes(c) ? c : '\\' + c
	);
}

/** Index of `token` in `text` from `from`, skipping backslash-escaped characters; -1 if absent. */
function findUnescaped(text: string, token: string, from = 0): number {
	for (let i = from; i < text.length; i++) {
		if (text[i] === '\\') {
			i++;
			continue;
		}
		if (text.startsWith(token, i)) return i;
	}
	return -1;
}

/** Comment lines we write above a question and read back: 「// 出处：…」. */
const META = {
	source: '出处',
	tags: '知识点',
	difficulty: '难度',
	audience: '适用对象',
	order: '排序答案'
} as const;
type MetaKey = keyof typeof META;
const META_LINE = /^\/\/\s*(出处|知识点|难度|适用对象|排序答案)\s*[:：]\s?(.*)$/;

interface Item {
	mark: '=' | '~';
	weight: number | null;
	text: string;
	feedback: boolean;
}

function splitItems(body: string): { items: Item[]; leading: string } {
	const items: Item[] = [];
	let leading = '';
	let start = -1;
	const push = (end: number) => {
		if (start < 0) {
			leading = body.slice(0, end);
			return;
		}
		const mark = body[start] as '=' | '~';
		let text = body.slice(start + 1, end);
		let weight: number | null = null;
		const w = /^\s*%(-?\d+(?:[.,]\d+)?)%/.exec(text);
		if (w?.[1]) {
			weight = Number(w[1].replace(',', '.'));
			text = text.slice(w[0].length);
		}
		const hash = findUnescaped(text, '#');
		items.push({ mark, weight, text: hash >= 0 ? text.slice(0, hash) : text, feedback: hash >= 0 });
	};
	for (let i = 0; i < body.length; i++) {
		const c = body[i];
		if (c === '\\') {
			i++;
			continue;
		}
		if (c === '=' || c === '~') {
			push(i);
			start = i;
		}
	}
	push(body.length);
	return { items, leading };
}

export interface GiftParse {
	rows: RawQuestion[];
	errors: RowIssue[];
	warnings: RowIssue[];
}

/**
 * Reads a GIFT file into raw questions for normaliseRow (located by the line the question starts
 * on). Understood: multiple choice (= right, ~ wrong), multiple answers (~%50%…, positive weight =
 * right), true/false ({T} {TRUE} {F} {FALSE}), short answer ({=a =b}, a fill question; written
 * inside the sentence it marks the blank), qtype_ordering ({>…}), titles (the id, when it is one),
 * [html] text, `####` general feedback (解析) and our comment lines. Refused with a reason:
 * matching, numeric, essay, description and cloze questions, partial-credit short answers.
 *
 * @example parseGift('::phb-0001::一大哪年召开？{=1921年 ~1919年}').rows[0]?.answer // → 'A'
 */
export function parseGift(text: string): GiftParse {
	const lines = text
		.replace(/^\ufeff/, '')
		.replace(/\r\n?/g, '\n')
		.split('\n');
	const rows: RawQuestion[] = [];
	const errors: RowIssue[] = [];
	const warnings: RowIssue[] = [];
	let block: { n: number; text: string }[] = [];
	const flush = () => {
		if (block.length) readBlock(block, rows, errors, warnings);
		block = [];
	};
	for (const [i, line] of lines.entries()) {
		if (line.trim() === '') flush();
		else block.push({ n: i + 1, text: line });
	}
	flush();
	return { rows, errors, warnings };
}

function readBlock(
	block: { n: number; text: string }[],
	rows: RawQuestion[],
	errors: RowIssue[],
	warnings: RowIssue[]
): void {
	const meta: Partial<Record<MetaKey, string>> = {};
	const content: { n: number; text: string }[] = [];
	for (const line of block) {
		const trimmed = line.text.trim();
		const m = META_LINE.exec(trimmed);
		if (m) {
			const key = (Object.keys(META) as MetaKey[]).find((k) => META[k] === m[1]);
			if (key) meta[key] = unescapeGift(m[2] ?? '');
		} else if (trimmed.startsWith('//') || /^\$CATEGORY:/i.test(trimmed)) continue;
		else content.push(line);
	}
	const first = content[0];
	if (!first) return;
	const at = { row: first.n };
	const fail = (message: string, column = '答案') => errors.push({ at, column, message });
	let s = content.map((l) => l.text).join('\n');

	let title = '';
	if (s.trimStart().startsWith('::')) {
		s = s.trimStart();
		const end = findUnescaped(s, '::', 2);
		if (end < 0) return void fail('标题缺少结尾的 ::', '编号');
		title = unescapeGift(s.slice(2, end)).trim();
		s = s.slice(end + 2);
	}
	const format = /^\s*\[(html|moodle|plain|markdown)\]/i.exec(s);
	const html = format?.[1]?.toLowerCase() === 'html';
	if (format) s = s.slice(format[0].length);
	const text = (t: string) => {
		const plain = unescapeGift(t);
		return html ? htmlToText(plain) : plain;
	};

	const open = findUnescaped(s, '{');
	if (open < 0) return void fail('没有答案部分 {…}：说明文字（description）不是题目，不能导入');
	const close = findUnescaped(s, '}', open + 1);
	if (close < 0) return void fail('答案部分缺少结尾的 }');
	const after = s.slice(close + 1);
	if (findUnescaped(after, '{') >= 0) {
		return void fail('一道题只能有一个 {…}：完形填空（cloze）题不能导入');
	}
	const missingWord = after.trim() !== '';
	const stemWithBlank = missingWord
		? text(s.slice(0, open)) + FILL_BLANK + text(after)
		: text(s.slice(0, open));

	let body = s.slice(open + 1, close);
	let explanation = '';
	const general = findUnescaped(body, '####');
	if (general >= 0) {
		explanation = text(body.slice(general + 4));
		body = body.slice(0, general);
	}
	body = body.trim();

	const raw: RawQuestion = {
		at,
		type: '',
		stem: stemWithBlank,
		options: [],
		answer: '',
		explanation,
		source: meta.source ?? '',
		difficulty: meta.difficulty ?? '',
		tags: meta.tags ?? '',
		audience: meta.audience ?? '',
		id: '',
		labels: {
			stem: '题目',
			answer: '答案',
			explanation: '解析（####）',
			source: '出处（// 出处：）',
			difficulty: '难度（// 难度：）',
			tags: '知识点（// 知识点：）',
			audience: '适用对象（// 适用对象：）',
			id: '编号（::标题::）',
			options: OPTION_KEYS.map((k) => `选项${k}`)
		}
	};
	if (title) {
		const id = parseQuestionId(title);
		if (id.ok) raw.id = id.value ?? '';
		else {
			warnings.push({
				at,
				column: '编号（::标题::）',
				message: `标题 "${title}" 不是编号（形如 phb-0001），没有导入；这道题会得到新编号`
			});
		}
	}

	const tf = /^(t|true|f|false)\s*(#[\s\S]*)?$/i.exec(body);
	if (tf?.[1]) {
		raw.type = '判断';
		raw.answer = tf[1].toLowerCase().startsWith('t') ? '正确' : '错误';
		if (tf[2]) warnings.push(feedbackWarning(at));
		rows.push(raw);
		return;
	}
	if (body === '') return void fail('答案部分是空的：问答题（essay）不能导入');
	if (body.startsWith('#')) return void fail('数值题（{#…}）不能导入');
	if (body.startsWith('>')) {
		const [head = '', ...itemLines] = body.split('\n');
		if (!/^>\s*\d+/.test(head))
			return void fail('排序题的第一行应形如 >4 ALL VERTICAL ALL_OR_NOTHING SHOW');
		const items = itemLines.map((l) => text(l).trim()).filter(Boolean);
		raw.type = '排序';
		const order = (meta.order ?? '').toUpperCase().replace(/[^A-Z]/g, '');
		const keys = OPTION_KEYS.slice(0, items.length);
		if (order) {
			const sorted = [...order].sort().join('');
			if (sorted !== keys.join('')) {
				return void fail(
					`"// 排序答案：${meta.order}" 应按正确顺序列出 ${keys.join('、')} 各一次`,
					'排序答案（// 排序答案：）'
				);
			}
			// Items are listed in the right order; the comment says which option key each one has.
			raw.options = keys.map((k) => items[order.indexOf(k)] ?? '');
			raw.answer = order;
		} else {
			raw.options = items;
			raw.answer = keys.join('');
			warnings.push({
				at,
				column: '答案',
				message: `排序题按列出的顺序作为正确顺序（${keys.join('→')}），选项也按这个顺序编号`
			});
		}
		rows.push(raw);
		return;
	}

	const { items, leading } = splitItems(body);
	if (leading.trim() || !items.length) {
		return void fail(`答案部分要以 = 或 ~ 开头，读到的是 "${body.slice(0, 20)}"`);
	}
	if (items.some((i) => findUnescaped(i.text, '->') >= 0)) {
		return void fail('匹配题（=… -> …）不能导入');
	}
	if (items.some((i) => i.feedback)) warnings.push(feedbackWarning(at));
	const texts = items.map((i) => text(i.text).trim());

	if (items.every((i) => i.mark === '=')) {
		if (items.some((i) => i.weight !== null && i.weight !== 100)) {
			return void fail('部分得分的填空答案（=%50%…）不能导入：每个答案都应是完全正确的');
		}
		raw.type = '填空';
		raw.answer = texts;
		// `…防范化解{=重大安全风险}` (nothing after the answers): the blank ends the sentence, as
		// serialiseGift writes a fill question whose blank is last, and as Moodle shows a short
		// answer, with the box after the question.
		if (!missingWord && !raw.stem.includes(FILL_BLANK)) raw.stem = raw.stem.trimEnd() + FILL_BLANK;
		rows.push(raw);
		return;
	}
	const rightByWeight = items.filter((i) => i.mark === '~' && (i.weight ?? 0) > 0);
	const rightByMark = items.filter((i) => i.mark === '=');
	if (rightByWeight.length && rightByMark.length) {
		return void fail('正确答案要么都用 =，要么都用 ~%分值%，不能混用');
	}
	if (rightByMark.length > 1) {
		return void fail('有多个 = 正确答案：多选题请用 ~%50% 这样的正分值标出每个正确选项');
	}
	raw.options = texts;
	if (rightByMark.length === 1) {
		raw.type = '单选';
		raw.answer = OPTION_KEYS[items.indexOf(rightByMark[0] as Item)] ?? '';
	} else if (rightByWeight.length) {
		raw.type = '多选';
		raw.answer = rightByWeight.map((i) => OPTION_KEYS[items.indexOf(i)] ?? '?').join('');
	} else return void fail('没有标出正确答案（= 或 ~%正分值%）');
	rows.push(raw);
}

function feedbackWarning(at: { row: number }): RowIssue {
	return {
		at,
		column: '答案',
		message: '选项后的反馈（#…）在题库里没有对应字段，没有导入；解析请写在 #### 后面'
	};
}

const DIFFICULTY_WORD = { 1: '易', 2: '中', 3: '难' } as const;

function weight(n: number): string {
	return String(Math.round(n * 100000) / 100000);
}

/**
 * Writes a bank as GIFT: a header comment and $CATEGORY, then each question with our comment
 * lines, its id as title, options in key order and the 解析 as general feedback. Multiple
 * answers get equal positive weights for the right options and equal negative ones for the
 * wrong ones (each side sums to ±100, so choosing everything scores 0). parseGift reads it back
 * to the same questions.
 *
 * @example serialiseGift(meta, [judge]) // → '…::q-judge::这是一道判断题的题干。{FALSE####…}\n'
 */
export function serialiseGift(meta: BankMeta, questions: readonly Question[]): string {
	const out: string[] = [
		`// 口袋课堂题库：${escapeGift(meta.title)}（${meta.id}）版本 ${meta.version}`,
		'// 每题上方的 // 出处、// 知识点、// 难度 注释行在导入口袋课堂时会读回；Moodle 会忽略它们。',
		'',
		`$CATEGORY: $course$/top/${meta.title.replace(/\//g, '／')}`,
		''
	];
	for (const q of questions) {
		const lines = [`// ${META.source}：${escapeGift(q.source)}`];
		if (q.tags.length) lines.push(`// ${META.tags}：${escapeGift(q.tags.join('；'))}`);
		lines.push(`// ${META.difficulty}：${DIFFICULTY_WORD[q.difficulty]}`);
		if (q.type === 'order') lines.push(`// ${META.order}：${q.answer.join('')}`);
		const title = `::${escapeGift(q.id)}::`;
		const feedback = `####${escapeGift(q.explanation)}`;
		switch (q.type) {
			case 'judge':
				lines.push(`${title}${escapeGift(q.stem)}{${q.answer ? 'TRUE' : 'FALSE'}${feedback}}`);
				break;
			case 'fill': {
				const blank = q.stem.indexOf(FILL_BLANK);
				const answers = q.answer.map((a) => `=${escapeGift(a)}`).join(' ');
				const before = blank >= 0 ? q.stem.slice(0, blank) : q.stem;
				const after = blank >= 0 ? q.stem.slice(blank + FILL_BLANK.length) : '';
				lines.push(`${title}${escapeGift(before)}{${answers}${feedback}}${escapeGift(after)}`);
				break;
			}
			case 'order': {
				const byKey = new Map(q.options.map((o) => [o.key, o.text]));
				const n = q.options.length;
				lines.push(`${title}${escapeGift(q.stem)}{>${n} ALL VERTICAL ALL_OR_NOTHING SHOW`);
				for (const key of q.answer) lines.push(escapeGift(byKey.get(key) ?? ''));
				lines.push(feedback, '}');
				break;
			}
			case 'single':
			case 'multiple': {
				lines.push(`${title}${escapeGift(q.stem)}{`);
				const right = typeof q.answer === 'string' ? [q.answer] : q.answer;
				const wrongCount = q.options.length - right.length;
				for (const o of q.options) {
					const isRight = right.includes(o.key);
					const mark =
						q.type === 'single'
							? isRight
								? '='
								: '~'
							: isRight
								? `~%${weight(100 / right.length)}%`
								: `~%-${weight(100 / wrongCount)}%`;
					lines.push(`\t${mark}${escapeGift(o.text)}`);
				}
				lines.push(`\t${feedback}`, '}');
				break;
			}
		}
		out.push(...lines, '');
	}
	return out.join('\n');
}
