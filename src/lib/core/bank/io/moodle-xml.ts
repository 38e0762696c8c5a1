/**
 * Moodle XML, written and read. Each question carries its stable id as <idnumber>, so
 * re-importing into Moodle updates nothing by accident and results can be matched back to the
 * bank; the reader takes our own export back (解析 and 出处 from the general feedback, 知识点 and
 * 难度 from the tags) and any Moodle question bank of the types the app has.
 */
import { FILL_BLANK, OPTION_KEYS, type BankMeta, type Question } from '../schema';
import type { RowIssue } from './issues';
import { parseQuestionId, type RawQuestion } from './row';
import { htmlToText } from './text';

const DIFFICULTY_WORD = { 1: '易', 2: '中', 3: '难' } as const;

/** Characters XML 1.0 does not allow at all (control characters other than tab and line breaks). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * Escapes text for an XML element or attribute.
 *
 * @example escapeXml('a < b & "c"') // → 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(text: string): string {
	return text
		.replace(NOT_XML, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** Plain text as the HTML Moodle shows, wrapped in CDATA (escaped HTML cannot contain "]]>"). */
function html(text: string): string {
	const body = escapeXml(text).replace(/\n/g, '<br>');
	return `<text><![CDATA[${body}]]></text>`;
}

function plain(text: string): string {
	return `<text>${escapeXml(text)}</text>`;
}

function fraction(n: number): string {
	return String(Math.round(n * 10000000) / 10000000);
}

function answer(
	fractionValue: number,
	text: string,
	format: 'html' | 'plain_text' = 'html'
): string {
	const t = format === 'html' ? html(text) : plain(text);
	return `    <answer fraction="${fraction(fractionValue)}" format="${format}">\n      ${t}\n      <feedback format="html"><text></text></feedback>\n    </answer>`;
}

function questionXml(q: Question): string {
	const name = `${q.id} ${q.stem.length > 30 ? q.stem.slice(0, 30) + '…' : q.stem}`;
	const feedback = q.source ? `${q.explanation}\n出处：${q.source}` : q.explanation;
	const head = [
		`    <name>${plain(name)}</name>`,
		`    <questiontext format="html">${html(q.stem)}</questiontext>`,
		`    <generalfeedback format="html">${html(feedback)}</generalfeedback>`,
		'    <defaultgrade>1</defaultgrade>',
		'    <penalty>0.3333333</penalty>',
		'    <hidden>0</hidden>',
		`    <idnumber>${escapeXml(q.id)}</idnumber>`
	];
	const body: string[] = [];
	let type: string;
	switch (q.type) {
		case 'single':
		case 'multiple': {
			type = 'multichoice';
			const right = typeof q.answer === 'string' ? [q.answer] : q.answer;
			const wrong = q.options.length - right.length;
			body.push(
				`    <single>${q.type === 'single' ? 'true' : 'false'}</single>`,
				'    <shuffleanswers>false</shuffleanswers>',
				'    <answernumbering>ABCD</answernumbering>'
			);
			for (const o of q.options) {
				const isRight = right.includes(o.key);
				const value =
					q.type === 'single' ? (isRight ? 100 : 0) : isRight ? 100 / right.length : -100 / wrong;
				body.push(answer(value, o.text));
			}
			break;
		}
		case 'judge':
			type = 'truefalse';
			body.push(
				answer(q.answer ? 100 : 0, 'true', 'plain_text'),
				answer(q.answer ? 0 : 100, 'false', 'plain_text')
			);
			break;
		case 'fill':
			type = 'shortanswer';
			body.push('    <usecase>0</usecase>');
			for (const a of q.answer) body.push(answer(100, a, 'plain_text'));
			break;
		case 'order': {
			type = 'ordering';
			body.push(
				'    <layouttype>VERTICAL</layouttype>',
				'    <selecttype>ALL</selecttype>',
				`    <selectcount>${q.options.length}</selectcount>`,
				'    <gradingtype>ALL_OR_NOTHING</gradingtype>',
				'    <showgrading>SHOW</showgrading>'
			);
			// qtype_ordering takes the right order from the fractions (1 = first); the items are
			// written in key order so that reading the file back keeps each item's key.
			for (const o of q.options) body.push(answer(q.answer.indexOf(o.key) + 1, o.text));
			break;
		}
	}
	const tags = [...q.tags, `难度：${DIFFICULTY_WORD[q.difficulty]}`]
		.map((t) => `      <tag>${plain(t)}</tag>`)
		.join('\n');
	return [
		`  <question type="${type}">`,
		...head,
		...body,
		`    <tags>\n${tags}\n    </tags>`,
		'  </question>'
	].join('\n');
}

/**
 * The bank as a Moodle XML question file: a category named after the bank, then every question
 * (单选/多选 → multichoice keeping the option order, 多选 weighted like the GIFT export, 判断 →
 * truefalse, 填空 → shortanswer, 排序 → ordering), the id as <idnumber> and in the name, 解析 and
 * 出处 as general feedback, 知识点 and 难度 as tags.
 *
 * @example serialiseMoodleXml(meta, [single]) // → '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>…'
 */
export function serialiseMoodleXml(meta: BankMeta, questions: readonly Question[]): string {
	const category = [
		'  <question type="category">',
		`    <category>${plain(`$course$/top/${meta.title}`)}</category>`,
		`    <info format="html">${html(`口袋课堂题库 ${meta.id} 版本 ${meta.version}`)}</info>`,
		`    <idnumber>${escapeXml(meta.id)}</idnumber>`,
		'  </question>'
	].join('\n');
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<quiz>',
		category,
		...questions.map(questionXml),
		'</quiz>',
		''
	].join('\n');
}

/** An XML element as the small reader below gives it. */
export interface XmlElement {
	name: string;
	attributes: Record<string, string>;
	children: (XmlElement | string)[];
	/** The line its start tag is on (1-based). */
	line: number;
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
		if (e[0] === '#') {
			const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
			return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
		}
		return ENTITY[e] ?? whole;
	});
}

/**
 * Reads an XML document into elements: start, end and empty tags with attributes, text with the
 * five entities and character references, CDATA sections, comments, processing instructions and
 * a doctype skipped. Enough for Moodle's question files; a document that is not well formed
 * comes back as a message.
 *
 * @example readXml('<quiz><question type="truefalse"/></quiz>') // → { name: 'quiz', … }
 */
export function readXml(xml: string): XmlElement | string {
	const root: XmlElement = { name: '', attributes: {}, children: [], line: 1 };
	const stack: XmlElement[] = [root];
	let i = 0;
	let line = 1;
	const advance = (to: number) => {
		for (let k = i; k < to; k++) if (xml.charCodeAt(k) === 10) line++;
		i = to;
	};
	const top = () => stack[stack.length - 1] ?? root;
	while (i < xml.length) {
		const lt = xml.indexOf('<', i);
		if (lt < 0) {
			if (xml.slice(i).trim()) top().children.push(decodeEntities(xml.slice(i)));
			break;
		}
		if (lt > i) top().children.push(decodeEntities(xml.slice(i, lt)));
		advance(lt);
		if (xml.startsWith('<![CDATA[', i)) {
			const end = xml.indexOf(']]>', i);
			if (end < 0) return `第 ${line} 行的 CDATA 没有结尾`;
			top().children.push(xml.slice(i + 9, end));
			advance(end + 3);
		} else if (xml.startsWith('<!--', i)) {
			const end = xml.indexOf('-->', i);
			if (end < 0) return `第 ${line} 行的注释没有结尾`;
			advance(end + 3);
		} else if (xml.startsWith('<?', i) || xml.startsWith('<!', i)) {
			const end = xml.indexOf('>', i);
			if (end < 0) return `第 ${line} 行的声明没有结尾`;
			advance(end + 1);
		} else if (xml.startsWith('</', i)) {
			const end = xml.indexOf('>', i);
			const name = xml.slice(i + 2, end).trim();
			const open = stack.pop();
			if (end < 0 || !open || open.name !== name) {
				return `第 ${line} 行的 </${name}> 没有对应的 <${name}>：文件不是完整的 XML`;
			}
			advance(end + 1);
		} else {
			const tag = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(
				xml.slice(i, i + 4096)
			);
			if (!tag) return `第 ${line} 行读不懂的标签：文件不是完整的 XML`;
			const attributes: Record<string, string> = {};
			for (const a of (tag[2] ?? '').matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
				attributes[a[1] ?? ''] = decodeEntities(a[2] ?? a[3] ?? '');
			}
			const element: XmlElement = { name: tag[1] ?? '', attributes, children: [], line };
			top().children.push(element);
			if (!tag[3]) stack.push(element);
			advance(i + tag[0].length);
		}
	}
	if (stack.length > 1) return `<${top().name}> 没有结尾：文件不完整`;
	const first = root.children.find((c): c is XmlElement => typeof c !== 'string');
	return first ?? '文件里没有 XML 元素';
}

function kids(e: XmlElement | undefined, name: string): XmlElement[] {
	return (e?.children ?? []).filter(
		(c): c is XmlElement => typeof c !== 'string' && c.name === name
	);
}

function textContent(e: XmlElement | undefined): string {
	if (!e) return '';
	return e.children.map((c) => (typeof c === 'string' ? c : textContent(c))).join('');
}

/** The text of a Moodle <questiontext>, <answer>, <generalfeedback>…: its <text>, HTML or not. */
function moodleText(e: XmlElement | undefined): string {
	if (!e) return '';
	const inner = kids(e, 'text')[0];
	const raw = inner ? textContent(inner) : textContent(e);
	const format = e.attributes.format ?? 'html';
	return (format === 'html' || format === 'moodle_auto_format' ? htmlToText(raw) : raw).trim();
}

const MOODLE_LABELS = {
	stem: '题目（questiontext）',
	answer: '答案（answer）',
	explanation: '解析（generalfeedback）',
	source: '出处（generalfeedback）',
	difficulty: '难度（tag）',
	tags: '知识点（tag）',
	audience: '适用对象',
	id: '编号（idnumber）',
	options: OPTION_KEYS.map((k) => `选项${k}（answer）`)
};

/** Moodle types the app has no question type for, with what to say. */
const UNSUPPORTED: Record<string, string> = {
	matching: '匹配题',
	ddmatch: '匹配题',
	numerical: '数值题',
	essay: '问答题',
	calculated: '计算题',
	calculatedsimple: '计算题',
	calculatedmulti: '计算题',
	cloze: '完形填空题',
	multianswer: '完形填空题',
	randomsamatch: '随机匹配题',
	gapselect: '选词填空题',
	ddwtos: '拖放填空题'
};

/**
 * Reads a Moodle XML question file into raw questions for normaliseRow, each located by the
 * line of its <question>. multichoice (single or several right answers by their fraction) →
 * 单选/多选, truefalse → 判断, shortanswer → 填空 (the blank where the text has ____, else at the
 * end), ordering → 排序 (answers listed in the right order). The general feedback is the 解析; a
 * last line 「出处：…」 in it (as our export writes) is the 出处. Tags 「难度：易」 set 难度, the
 * other tags are 知识点; <idnumber> is the id when it is one. Categories are skipped; description,
 * essay, matching, numerical and cloze questions are refused with the reason.
 *
 * @example parseMoodleXml('<quiz><question type="truefalse">…</question></quiz>').rows[0]?.type // → '判断'
 */
export function parseMoodleXml(xml: string): {
	rows: RawQuestion[];
	errors: RowIssue[];
	warnings: RowIssue[];
} {
	const rows: RawQuestion[] = [];
	const errors: RowIssue[] = [];
	const warnings: RowIssue[] = [];
	const quiz = readXml(xml.replace(/^\ufeff/, ''));
	if (typeof quiz === 'string' || quiz.name !== 'quiz') {
		errors.push({
			at: { row: 1 },
			message:
				typeof quiz === 'string'
					? `读不了这个 Moodle XML 文件：${quiz}`
					: `这不是 Moodle XML 题库文件：根元素应是 <quiz>，读到的是 <${quiz.name}>`
		});
		return { rows, errors, warnings };
	}
	for (const q of kids(quiz, 'question')) {
		const type = q.attributes.type ?? '';
		const at = { row: q.line };
		if (type === 'category' || type === 'random') continue;
		const fail = (message: string, column?: string) => errors.push({ at, column, message });
		if (type === 'description') {
			fail('说明文字（description）不是题目，不能导入');
			continue;
		}
		if (UNSUPPORTED[type]) {
			fail(`${UNSUPPORTED[type]}（${type}）在口袋课堂里没有对应的题型，不能导入`);
			continue;
		}
		let explanation = moodleText(kids(q, 'generalfeedback')[0]);
		let source = '';
		const sourceLine = /(?:^|\n)\s*(?:出处|来源)\s*[:：]\s*([^\n]+)\s*$/.exec(explanation);
		if (sourceLine) {
			source = sourceLine[1]?.trim() ?? '';
			explanation = explanation.slice(0, sourceLine.index).trim();
		}
		let difficulty = '';
		const tags: string[] = [];
		for (const tag of kids(kids(q, 'tags')[0], 'tag')) {
			const t = moodleText(tag);
			const d = /^难度\s*[:：]\s*(.+)$/.exec(t);
			if (d) difficulty = d[1] ?? '';
			else if (t) tags.push(t);
		}
		const raw: RawQuestion = {
			at,
			type: '',
			stem: moodleText(kids(q, 'questiontext')[0]),
			options: [],
			answer: '',
			explanation,
			source,
			difficulty,
			tags,
			audience: '',
			id: '',
			labels: MOODLE_LABELS
		};
		const idnumber = textContent(kids(q, 'idnumber')[0]).trim();
		if (idnumber) {
			const id = parseQuestionId(idnumber);
			if (id.ok) raw.id = id.value ?? '';
			else {
				warnings.push({
					at,
					column: MOODLE_LABELS.id,
					message: `idnumber "${idnumber}" 不是编号（形如 phb-0001），没有导入；这道题会得到新编号`
				});
			}
		}
		const answers = kids(q, 'answer').map((a) => ({
			text: moodleText(a),
			fraction: Number(a.attributes.fraction ?? '0')
		}));
		if (type === 'truefalse') {
			const right = answers.find((a) => a.fraction > 0);
			if (!right) {
				fail('判断题没有标出正确答案（fraction="100"）', MOODLE_LABELS.answer);
				continue;
			}
			raw.type = '判断';
			raw.answer =
				right.text.toLowerCase() === 'true'
					? '正确'
					: right.text.toLowerCase() === 'false'
						? '错误'
						: right.text;
		} else if (type === 'shortanswer') {
			if (answers.some((a) => a.fraction > 0 && a.fraction < 100)) {
				fail(
					'部分得分的答案（fraction 小于 100）不能导入：每个答案都应是完全正确的',
					MOODLE_LABELS.answer
				);
				continue;
			}
			raw.type = '填空';
			raw.answer = answers.filter((a) => a.fraction >= 100).map((a) => a.text);
			// A short answer asks a question and takes the answer after it: the blank ends the stem.
			if (!/_{2,}|（\s*）|\(\s*\)/.test(raw.stem)) raw.stem = raw.stem + FILL_BLANK;
		} else if (type === 'ordering') {
			// Items in the order listed (their keys); the fraction is each item's right position.
			raw.type = '排序';
			const ordered = [...answers].sort((a, b) => a.fraction - b.fraction);
			raw.options = answers.map((a) => a.text);
			raw.answer = ordered.map((a) => OPTION_KEYS[answers.indexOf(a)] ?? '?').join('');
		} else if (type === 'multichoice') {
			const single = textContent(kids(q, 'single')[0]).trim() !== 'false';
			raw.options = answers.map((a) => a.text);
			const right = answers.filter((a) => a.fraction > 0);
			if (!right.length) {
				fail('没有标出正确答案（fraction 大于 0 的 answer）', MOODLE_LABELS.answer);
				continue;
			}
			raw.type = single && right.length === 1 ? '单选' : '多选';
			raw.answer = right.map((a) => OPTION_KEYS[answers.indexOf(a)] ?? '?').join('');
		} else {
			fail(`不认识的 Moodle 题型 "${type}"，不能导入`);
			continue;
		}
		rows.push(raw);
	}
	return { rows, errors, warnings };
}
