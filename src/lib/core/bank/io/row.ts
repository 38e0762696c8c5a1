/**
 * One imported row (from a sheet, a CSV file or a GIFT question) → a question draft, or every
 * problem with it as a Chinese sentence naming the row and the column. Nothing is guessed: a
 * value that can be read two ways is refused.
 */
import {
	AUDIENCES,
	OPTION_KEYS,
	parseSourceQuestion,
	type Audience,
	type Question,
	type QuestionOption,
	type QuestionType
} from '../schema';
import { parseChoiceAnswer, parseFillAnswer, parseJudgeAnswer, type Read } from './answer';
import type { RowIssue, RowRef } from './issues';
import { cleanText, cleanValue, countBlanks, foldOptionText, normaliseBlanks } from './text';

export type Field =
	'type' | 'stem' | 'answer' | 'explanation' | 'source' | 'difficulty' | 'tags' | 'audience' | 'id';

/** The template's column names. */
export const FIELD_LABELS: Record<Field, string> = {
	type: '题型',
	stem: '题目',
	answer: '答案',
	explanation: '解析',
	source: '出处',
	difficulty: '难度',
	tags: '知识点',
	audience: '适用对象',
	id: '编号'
};

/** The template's name of an option column: 选项A … 选项F. */
export function optionLabel(key: string): string {
	return `选项${key}`;
}

/** A row as read from a file, every cell still text. */
export interface RawQuestion {
	at: RowRef;
	type: string;
	stem: string;
	/** Option texts by position (A first); '' for an empty cell. */
	options: string[];
	/** The 答案 cell; a list only when the reader has already split fill alternatives. */
	answer: string | readonly string[];
	explanation: string;
	source: string;
	difficulty: string;
	tags: string | readonly string[];
	audience: string;
	id: string;
	/** Column names as the file writes them; the template's names where absent. */
	labels?: Partial<Record<Field, string>> & { options?: string[] };
	/** Problems the reader already found in the row's cells (an Excel error value, ...). */
	issues?: RowIssue[];
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A question before it has its id. */
export type QuestionDraft = DistributiveOmit<Question, 'id'>;

export interface Draft {
	at: RowRef;
	question: QuestionDraft;
	/** The id the row asks for (编号 column or GIFT title), if any. */
	id?: string;
	audience?: Audience;
}

export type RowResult = { ok: true; draft: Draft } | { ok: false; issues: RowIssue[] };

export interface RowOptions {
	/** 出处 for rows that leave it empty (the CLI's --source). */
	defaultSource?: string;
}

const TYPE_WORDS: [string[], QuestionType | 'indefinite'][] = [
	[['单选', '单项选择', '单选择', '单项', 'single'], 'single'],
	[['多选', '多项选择', '多选择', '多项', 'multiple'], 'multiple'],
	[['不定项', '不定项选择', '选择'], 'indefinite'],
	[['判断', '是非', '对错', '判断正误', '正误', 'judge', 'truefalse'], 'judge'],
	[['填空', 'fill'], 'fill'],
	[['排序', 'order'], 'order']
];

const TYPE_NAMES: Record<QuestionType, string> = {
	single: '单选题',
	multiple: '多选题',
	judge: '判断题',
	fill: '填空题',
	order: '排序题'
};

/**
 * Reads the 题型 cell: 单选/单选题/单项选择题, 多选(题)/多项选择题, 判断(题)/是非题, 填空(题),
 * 排序(题), the schema's English names, and 不定项选择题 / 选择题 ('indefinite': single or multiple
 * by the number of keys in the answer).
 *
 * @example parseQuestionType(' 多选题 ') // → { ok: true, value: 'multiple' }
 */
export function parseQuestionType(raw: string): Read<QuestionType | 'indefinite'> {
	const word = cleanValue(raw)
		.toLowerCase()
		.replace(/[\s/_-]/g, '')
		.replace(/题$/, '');
	if (!word) return { ok: false, message: '题型为空' };
	for (const [words, type] of TYPE_WORDS)
		if (words.includes(word)) return { ok: true, value: type };
	return {
		ok: false,
		message: `不认识的题型 "${cleanValue(raw)}"：可用 单选题、多选题、判断题、填空题、排序题（不定项选择题按答案个数算作单选或多选）`
	};
}

const DIFFICULTY_WORDS: [string[], 1 | 2 | 3][] = [
	[['1', '易', '容易', '简单', '较易', '低', '初级', '基础', '★'], 1],
	[['2', '中', '中等', '一般', '适中', '普通', '★★'], 2],
	[['3', '难', '困难', '较难', '高', '高级', '★★★'], 3]
];

/**
 * Reads the 难度 cell: 1/2/3, 易/中/难 and their common synonyms (简单/一般/困难, 低/中/高,
 * ★ to ★★★); empty means the bank default 2.
 *
 * @example parseDifficulty('困难') // → { ok: true, value: 3 }
 */
export function parseDifficulty(raw: string): Read<1 | 2 | 3> {
	const word = cleanValue(raw).replace(/\s/g, '').replace(/☆/g, '');
	if (!word) return { ok: true, value: 2 };
	for (const [words, level] of DIFFICULTY_WORDS)
		if (words.includes(word)) return { ok: true, value: level };
	return { ok: false, message: `难度应为 1、2、3 或 易、中、难，读到的是 "${cleanValue(raw)}"` };
}

const AUDIENCE_WORDS: [string[], Audience][] = [
	[['少儿', '学生', '小学生', '中小学生', '少先队员', '青少年', '儿童', 'pupil'], 'pupil'],
	[['党员群众', '党员', '群众', '居民', '党员干部', '干部', '成人', 'member'], 'member'],
	[['通用', '全体', '全部', '所有人', '不限', '全员', 'all'], 'all']
];

/** How the app names each audience (the 适用对象 cell the exporter writes). */
export const AUDIENCE_LABELS: Record<Audience, string> = {
	pupil: '少儿',
	member: '党员群众',
	all: '通用'
};

/**
 * Reads the 适用对象 cell into the bank's audience: 少儿/学生/少先队员… → pupil,
 * 党员群众/党员/群众/居民… → member, 通用/全体/不限… → all; empty → undefined.
 *
 * @example parseAudience('少先队员') // → { ok: true, value: 'pupil' }
 */
export function parseAudience(raw: string): Read<Audience | undefined> {
	const word = cleanValue(raw).toLowerCase().replace(/\s/g, '');
	if (!word) return { ok: true, value: undefined };
	for (const [words, audience] of AUDIENCE_WORDS) {
		if (words.includes(word)) return { ok: true, value: audience };
	}
	return {
		ok: false,
		message: `适用对象应为 ${AUDIENCES.map((a) => AUDIENCE_LABELS[a]).join('、')}（或 学生、党员、全体 等），读到的是 "${cleanValue(raw)}"`
	};
}

/**
 * Reads the 知识点 cell: tags separated by 、，,；;| or line breaks; each at most 20 characters,
 * at most 10 tags.
 *
 * @example parseTags('建党、一大；南湖红船') // → { ok: true, value: ['建党', '一大', '南湖红船'] }
 */
export function parseTags(raw: string | readonly string[]): Read<string[]> {
	const pieces = typeof raw === 'string' ? raw.split(/[、,，;；|｜\n]+/) : raw;
	const tags = pieces.map((t) => cleanText(t)).filter((t) => t !== '');
	const long = tags.find((t) => t.length > 20);
	if (long) return { ok: false, message: `知识点 "${long}" 太长（每个最多 20 个字）` };
	if (tags.length > 10) return { ok: false, message: `知识点最多 10 个，这里有 ${tags.length} 个` };
	return { ok: true, value: tags };
}

const IMPORT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Reads the 编号 cell: empty (a new question; the importer gives it the bank's next id) or a
 * stable id such as phb-0001. A bare number is refused: it is usually a row's sequence number,
 * and taking it as an id would clash with the bank's own numbering.
 *
 * @example parseQuestionId(' PHB-0012 ') // → { ok: true, value: 'phb-0012' }
 */
export function parseQuestionId(raw: string): Read<string | undefined> {
	const id = cleanValue(raw).toLowerCase();
	if (!id) return { ok: true, value: undefined };
	if (/^\d+$/.test(id)) {
		return {
			ok: false,
			message: `编号 "${id}" 只是数字：编号应形如 phb-0001；如果这一列只是序号，请清空或删掉这一列`
		};
	}
	if (!IMPORT_ID.test(id) || id.length > 64) {
		return {
			ok: false,
			message: `编号 "${cleanValue(raw)}" 不合格式：只能用小写字母、数字和单个连字符，如 phb-0001`
		};
	}
	return { ok: true, value: id };
}

function cleanStem(raw: string, type: QuestionType | 'indefinite'): string {
	const stem = cleanText(normaliseBlanks(raw));
	// Exam files end a judge stem with （ ） for the √/×, and a choice stem that is already a
	// full question with （ ） for the letter; neither is a gap in the sentence.
	if (type === 'judge') return stem.replace(/ ?____ ?([。．.!！]?)$/, '$1');
	if (type !== 'fill') return stem.replace(/([？?。！!])\s*____$/, '$1');
	return stem;
}

function stripOwnLabel(text: string, key: string): string {
	const match = /^([A-Za-z])\s*[.．、:：)）]\s*/.exec(text);
	return match && match[1]?.toUpperCase() === key ? text.slice(match[0].length) : text;
}

const LIMITS = { stem: [4, 300], explanation: [10, 600], source: [2, 200] } as const;

/**
 * Turns a raw row into a question draft, or lists every problem in it (each with the column it is
 * in). Text is cleaned (cleanText), blanks normalised to ____, option labels like "A." stripped,
 * the answer read with parseChoiceAnswer / parseJudgeAnswer / parseFillAnswer, and the result
 * checked once more with the bank schema so a draft always compiles.
 *
 * @example normaliseRow({ at: { row: 2 }, type: '判断', stem: '一大在上海开幕。（ ）', answer: '√',
 *   options: [], explanation: '……', source: '……', difficulty: '', tags: '', audience: '', id: '' })
 * // → { ok: true, draft: { question: { type: 'judge', stem: '一大在上海开幕。', answer: true, … } } }
 */
export function normaliseRow(raw: RawQuestion, options: RowOptions = {}): RowResult {
	const issues: RowIssue[] = [...(raw.issues ?? [])];
	const label = (field: Field) => raw.labels?.[field] ?? FIELD_LABELS[field];
	const optionColumn = (i: number) =>
		raw.labels?.options?.[i] ?? optionLabel(OPTION_KEYS[i] ?? String.fromCharCode(65 + i));
	const fail = (field: Field, message: string) =>
		issues.push({ at: raw.at, column: label(field), message });
	const take = <T>(field: Field, read: Read<T>): T | undefined => {
		if (read.ok) return read.value;
		fail(field, read.message);
		return undefined;
	};

	const type = take('type', parseQuestionType(raw.type));
	const stem = cleanStem(raw.stem, type ?? 'single');
	checkLength(stem, label('stem'), '题目', LIMITS.stem, raw.at, issues);

	const explanation = cleanText(raw.explanation);
	if (!explanation)
		fail('explanation', '缺少解析：每道题都要写解析（10–600 字），说明为什么这样答');
	else checkLength(explanation, label('explanation'), '解析', LIMITS.explanation, raw.at, issues);

	const source = cleanText(raw.source) || cleanText(options.defaultSource ?? '');
	if (!source) fail('source', '缺少出处：写明可以查证的书名和章节，或文件名和条目');
	else checkLength(source, label('source'), '出处', LIMITS.source, raw.at, issues);

	const difficulty = take('difficulty', parseDifficulty(raw.difficulty));
	const tags = take('tags', parseTags(raw.tags));
	const audience = take('audience', parseAudience(raw.audience));
	const id = take('id', parseQuestionId(raw.id));

	const filled = raw.options.map((t) => t.trim() !== '');
	let question: QuestionDraft | undefined;
	const common = { stem, explanation, source, tags: tags ?? [], difficulty: difficulty ?? 2 };

	if (type === 'judge') {
		const answer = take(
			'answer',
			parseJudgeAnswer(
				typeof raw.answer === 'string' ? raw.answer : raw.answer.join(''),
				raw.options
			)
		);
		if (answer !== undefined) question = { ...common, type: 'judge', answer };
	} else if (type === 'fill') {
		for (const [i, isFilled] of filled.entries()) {
			if (isFilled) {
				issues.push({
					at: raw.at,
					column: optionColumn(i),
					message: `填空题不需要选项，这里却写了 "${cleanValue(raw.options[i] ?? '')}"；请清空，或把题型改成选择题`
				});
			}
		}
		const blanks = countBlanks(stem);
		if (blanks === 0) {
			fail('stem', '填空题要在题目里标出空格：写 ____（或 （ ）、一串下划线）');
		} else if (blanks > 1) {
			fail('stem', `填空题只能有一个空，这道题有 ${blanks} 个；请拆成几道题`);
		}
		const answer = take('answer', parseFillAnswer(raw.answer));
		const long = answer?.find((a) => a.length > 60);
		if (long) fail('answer', `答案 "${long.slice(0, 20)}…" 太长（每个最多 60 个字）`);
		if (answer) question = { ...common, type: 'fill', answer };
	} else if (type) {
		const opts = readOptions(
			raw,
			filled,
			optionColumn,
			issues,
			TYPE_NAMES[type === 'indefinite' ? 'single' : type]
		);
		if (opts) {
			const answerText = typeof raw.answer === 'string' ? raw.answer : raw.answer.join(' ');
			if (type === 'indefinite') {
				const asSingle = parseChoiceAnswer(answerText, opts, 'single');
				const asMultiple = parseChoiceAnswer(answerText, opts, 'multiple');
				if (asSingle.ok)
					question = { ...common, type: 'single', options: opts, answer: asSingle.value[0] ?? '' };
				else if (asMultiple.ok)
					question = { ...common, type: 'multiple', options: opts, answer: asMultiple.value };
				else fail('answer', asSingle.message);
			} else {
				const keys = take('answer', parseChoiceAnswer(answerText, opts, type));
				if (keys) {
					question =
						type === 'single'
							? { ...common, type, options: opts, answer: keys[0] ?? '' }
							: { ...common, type, options: opts, answer: keys };
				}
			}
		}
	}

	if (issues.length || !question) {
		if (!issues.length) issues.push({ at: raw.at, message: '这一行无法读成一道题' });
		return { ok: false, issues };
	}
	// The schema has the last word: whatever it still refuses is reported, never written.
	const checked = parseSourceQuestion(toSourceQuestion({ ...question, id: 'draft-0' } as Question));
	if (!checked.ok) {
		const fieldOf: Record<string, Field> = {
			stem: 'stem',
			answer: 'answer',
			explanation: 'explanation',
			source: 'source',
			tags: 'tags',
			difficulty: 'difficulty'
		};
		return {
			ok: false,
			issues: checked.issues.map((i) => {
				const field = fieldOf[String(i.path[0])];
				return {
					at: raw.at,
					column: field ? label(field) : i.path[0] === 'options' ? '选项' : undefined,
					message: `不符合题库格式（${i.path.join('.')}）：${i.message}`
				};
			})
		};
	}
	return { ok: true, draft: { at: raw.at, question, id, audience } };
}

function readOptions(
	raw: RawQuestion,
	filled: boolean[],
	column: (i: number) => string,
	issues: RowIssue[],
	typeName: string
): QuestionOption[] | undefined {
	const before = issues.length;
	const last = filled.lastIndexOf(true);
	for (let i = 0; i < last; i++) {
		if (!filled[i]) {
			issues.push({
				at: raw.at,
				column: column(i),
				message: `选项为空，但后面的${column(last)}有内容：选项要从 A 开始连续填写`
			});
		}
	}
	if (last + 1 > OPTION_KEYS.length) {
		issues.push({
			at: raw.at,
			column: column(last),
			message: `最多 ${OPTION_KEYS.length} 个选项（A–F），这一行有 ${last + 1} 个`
		});
	}
	const count = filled.filter(Boolean).length;
	if (count < 2) {
		issues.push({
			at: raw.at,
			column: column(count),
			message: `${typeName}至少需要两个选项，这一行只有 ${count} 个`
		});
	}
	if (issues.length > before) return undefined;
	const options = raw.options.slice(0, last + 1).map((text, i) => {
		const key = OPTION_KEYS[i] ?? '';
		return { key, text: cleanText(stripOwnLabel(cleanText(text), key)) };
	});
	const seen = new Map<string, number>();
	for (const [i, o] of options.entries()) {
		if (o.text.length > 120) {
			issues.push({
				at: raw.at,
				column: column(i),
				message: `选项太长（最多 120 个字，现在 ${o.text.length} 个字）`
			});
		}
		const folded = foldOptionText(o.text) || o.text;
		const first = seen.get(folded);
		if (first !== undefined) {
			issues.push({
				at: raw.at,
				column: column(i),
				message: `和${column(first)}的内容相同："${o.text}"`
			});
		} else seen.set(folded, i);
	}
	return issues.length > before ? undefined : options;
}

function checkLength(
	text: string,
	column: string,
	what: string,
	[min, max]: readonly [number, number],
	at: RowRef,
	issues: RowIssue[]
): void {
	if (!text) issues.push({ at, column, message: `${what}为空` });
	else if (text.length < min) {
		issues.push({
			at,
			column,
			message: `${what}太短（至少 ${min} 个字，现在 ${text.length} 个字）："${text}"`
		});
	} else if (text.length > max) {
		issues.push({
			at,
			column,
			message: `${what}太长（最多 ${max} 个字，现在 ${text.length} 个字）`
		});
	}
}

/** A bank source question, the way questions/*.yaml writes it (options as a map). */
export type SourceQuestion = Record<string, unknown>;

/**
 * The YAML source form of a question: options as a map from key to text, tags left out when
 * empty. parseSourceQuestion(toSourceQuestion(q)) gives q back.
 *
 * @example toSourceQuestion(single) // → { id, type: 'single', stem, options: { A: '…', B: '…' }, answer: 'B', … }
 */
export function toSourceQuestion(q: Question): SourceQuestion {
	const out: SourceQuestion = { id: q.id, type: q.type, stem: q.stem };
	if ('options' in q) out.options = Object.fromEntries(q.options.map((o) => [o.key, o.text]));
	out.answer = q.answer;
	out.explanation = q.explanation;
	out.source = q.source;
	if (q.tags.length) out.tags = q.tags;
	out.difficulty = q.difficulty;
	return out;
}
