/**
 * One imported row (from a sheet, a CSV file or a GIFT question) → a question draft, or every
 * problem with it as a Chinese sentence naming the row and the column. Nothing is guessed: a
 * value that can be read two ways is refused.
 */
import {
	AUDIENCES,
	DRAFT_FIELD,
	draftNote,
	missingForRelease,
	OPTION_KEYS,
	parseSourceItem,
	type Audience,
	type Question,
	type QuestionOption,
	type QuestionType
} from '../schema';
import { parseChoiceAnswer, parseFillAnswer, parseJudgeAnswer, type Read } from './answer';
import type { RowIssue, RowRef } from './issues';
import { cleanText, cleanValue, countBlanks, normaliseBlanks, optionIdentity } from './text';

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
	/** Things the reader noticed that do not refuse the row (a formula-like CSV cell, ...). */
	warnings?: RowIssue[];
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
	/**
	 * Set when the row lacks 解析 or 出处: it is written as a draft (草稿) with this note
	 * (待补解析), kept out of releases until someone fills it in.
	 */
	pending?: string;
}

/** What a refused row still tells: enough to find its duplicates and check its id. */
export interface RowProbe {
	stem: string;
	options: string[];
	id?: string;
}

export type RowResult =
	| { ok: true; draft: Draft; warnings: RowIssue[] }
	| { ok: false; issues: RowIssue[]; warnings: RowIssue[]; probe: RowProbe };

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
 * Reads the 知识点 cell: tags separated by ；;，,| or line breaks, or by 、; each at most 20
 * characters, at most 10 tags.
 *
 * @example parseTags('建党；一大；南湖红船') // → { ok: true, value: ['建党', '一大', '南湖红船'] }
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

/**
 * Words after which a blank is part of the sentence (「这种说法是____。」): taking it out would
 * leave 「这种说法是。」, so it stays.
 */
const COMPLEMENT_BEFORE_BLANK = /(?:是|为|叫做|称为|属于|等于|于|：|:|“|「)$/;

/**
 * The stem as the bank stores it. Exam files end a judge stem with （ ） for the √/×, and a
 * choice stem that is already a full question with （ ） for the letter; neither is a gap in the
 * sentence and both are taken out. A judge blank that the sentence needs (「说法是____。」) stays,
 * with a warning.
 */
function cleanStem(
	raw: string,
	type: QuestionType | 'indefinite'
): { stem: string; warning?: string } {
	const stem = cleanText(normaliseBlanks(raw));
	if (type === 'judge') {
		const m = / ?____ ?([。．.!！]?)$/.exec(stem);
		if (!m) return { stem };
		const before = stem.slice(0, m.index);
		const after = before + (m[1] ?? '');
		if (m[1] && COMPLEMENT_BEFORE_BLANK.test(before)) {
			return {
				stem,
				warning: `判断题题干末尾的空是句子的一部分（去掉后成了「${short(after, -20)}」），已保留：作答时看「${short(stem, -20)}」选正确或错误；如果不妥，请把题干改写成完整的陈述句`
			};
		}
		return { stem: after };
	}
	if (type !== 'fill') return { stem: stem.replace(/([？?。！!])\s*____$/, '$1') };
	return { stem };
}

/** The first (or with a negative n, the last) |n| characters of a text, with … where cut. */
function short(text: string, n: number): string {
	if (text.length <= Math.abs(n)) return text;
	return n > 0 ? text.slice(0, n) + '…' : '…' + text.slice(n);
}

/** How exam systems mark a question nobody answered, copied along from a results page. */
const NOT_ANSWERED = /^(?:未作答|未做答|未答)$/;
const NOT_ANSWERED_SUFFIX = /(?:未作答|未做答|未答)[。.]?$/;

/**
 * A leading error rate or correct rate that exam systems print before the 解析
 * (「4.73% 中国共产党党史 …」): a number with % and then a space.
 */
const LEADING_RATE = /^(\d{1,3}(?:\.\d+)?\s?[%％])\s+/;

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
	const warnings: RowIssue[] = [...(raw.warnings ?? [])];
	const label = (field: Field) => raw.labels?.[field] ?? FIELD_LABELS[field];
	const optionColumn = (i: number) =>
		raw.labels?.options?.[i] ?? optionLabel(OPTION_KEYS[i] ?? String.fromCharCode(65 + i));
	const fail = (field: Field, message: string) =>
		issues.push({ at: raw.at, column: label(field), message });
	const warn = (field: Field, message: string) =>
		warnings.push({ at: raw.at, column: label(field), message });
	const take = <T>(field: Field, read: Read<T>): T | undefined => {
		if (read.ok) return read.value;
		fail(field, read.message);
		return undefined;
	};

	const type = take('type', parseQuestionType(raw.type));
	const cleaned = cleanStem(raw.stem, type ?? 'single');
	const stem = cleaned.stem;
	if (cleaned.warning) warn('stem', cleaned.warning);
	checkLength(stem, label('stem'), '题目', LIMITS.stem, raw.at, issues);
	const notAnswered = NOT_ANSWERED_SUFFIX.exec(stem);
	if (notAnswered) {
		fail(
			'stem',
			`题目末尾有「${notAnswered[0].replace(/[。.]$/, '')}」：这一行像是从答题记录里复制来的，不是题库原文；请删去「${notAnswered[0].replace(/[。.]$/, '')}」，并核对答案是不是标准答案`
		);
	}

	let explanation = cleanText(raw.explanation);
	const rate = LEADING_RATE.exec(explanation);
	if (rate) {
		explanation = explanation.slice(rate[0].length);
		warn(
			'explanation',
			`解析开头的「${rate[1]}」像是答题系统统计的正确率或错误率，不是解析的内容，已去掉；请核对：「${short(explanation, 20)}」`
		);
	}
	if (explanation) {
		checkLength(explanation, label('explanation'), '解析', LIMITS.explanation, raw.at, issues);
	}

	const source = cleanText(raw.source) || cleanText(options.defaultSource ?? '');
	if (source) checkLength(source, label('source'), '出处', LIMITS.source, raw.at, issues);
	// Most real banks have no 解析 (and many no 出处): such a row becomes a draft, never a release.
	const missing = missingForRelease({ explanation, source });

	const difficulty = take('difficulty', parseDifficulty(raw.difficulty));
	const tags = take('tags', parseTags(raw.tags));
	if (tags && typeof raw.tags === 'string' && raw.tags.includes('、') && tags.length > 1) {
		warn(
			'tags',
			`知识点「${cleanValue(raw.tags)}」按顿号（、）分成了 ${tags.length} 个：${tags.map((t) => `「${t}」`).join('')}；如果它原本是一个知识点，请改写成不带 、 的名字（几个知识点之间最好用 ；分隔）`
		);
	}
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
		const unanswered = answer?.filter((a) => NOT_ANSWERED.test(a));
		if (unanswered?.length) {
			fail(
				'answer',
				answer?.length === unanswered.length
					? `答案是「${unanswered[0]}」：这是答题记录里"没有作答"的标记，不是正确答案；请填上标准答案`
					: `答案里的「${unanswered[0]}」是答题记录里"没有作答"的标记，不是正确答案；请删去`
			);
		}
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

	const probe = (): RowProbe => ({
		stem,
		options: raw.options.map((o) => cleanText(o)).filter((o) => o !== ''),
		id: id ?? undefined
	});
	if (issues.length || !question) {
		if (!issues.length) issues.push({ at: raw.at, message: '这一行无法读成一道题' });
		return { ok: false, issues, warnings, probe: probe() };
	}
	const pending = missing.length ? draftNote(missing) : undefined;
	// The schema has the last word: whatever it still refuses is reported, never written.
	const sourceItem = toSourceQuestion({ ...question, id: 'draft-0' } as Question, pending);
	const checked = parseSourceItem(sourceItem);
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
			warnings,
			probe: probe(),
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
	return { ok: true, warnings, draft: { at: raw.at, question, id, audience, pending } };
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
		// Options are the same only when they read the same; case and spacing between Latin
		// words (pinyin) make different options.
		const folded = optionIdentity(o.text) || o.text;
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
 * empty; with `draft` (待补解析) a draft, which leaves out an empty 解析 or 出处.
 * parseSourceItem(toSourceQuestion(q, draft)) gives q (and the draft note) back.
 *
 * @example toSourceQuestion(single) // → { id, type: 'single', stem, options: { A: '…', B: '…' }, answer: 'B', … }
 */
export function toSourceQuestion(q: Question, draft?: string): SourceQuestion {
	const out: SourceQuestion = { id: q.id };
	if (draft) out[DRAFT_FIELD] = draft;
	out.type = q.type;
	out.stem = q.stem;
	if ('options' in q) out.options = Object.fromEntries(q.options.map((o) => [o.key, o.text]));
	out.answer = q.answer;
	// A draft leaves out what it still lacks (待补解析), so the file shows where to write it.
	if (q.explanation || !draft) out.explanation = q.explanation;
	if (q.source || !draft) out.source = q.source;
	if (q.tags.length) out.tags = q.tags;
	out.difficulty = q.difficulty;
	return out;
}
