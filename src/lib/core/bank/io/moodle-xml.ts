/**
 * Moodle XML export (no import: GIFT and the sheet template are the ways back in). Each question
 * carries its stable id as <idnumber>, so re-importing into Moodle updates nothing by accident and
 * results can be matched back to the bank.
 */
import type { BankMeta, Question } from '../schema';

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
	const feedback = `${q.explanation}\n出处：${q.source}`;
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
			const byKey = new Map(q.options.map((o) => [o.key, o.text]));
			body.push(
				'    <layouttype>VERTICAL</layouttype>',
				'    <selecttype>ALL</selecttype>',
				`    <selectcount>${q.options.length}</selectcount>`,
				'    <gradingtype>ALL_OR_NOTHING</gradingtype>',
				'    <showgrading>SHOW</showgrading>'
			);
			// qtype_ordering lists the items in the right order; the fraction is the position.
			for (const [i, key] of q.answer.entries()) body.push(answer(i + 1, byKey.get(key) ?? ''));
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
