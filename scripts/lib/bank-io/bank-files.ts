/**
 * A bank's source folder as the importer and exporter see it: read bank.yaml and questions/*.yaml
 * with the core schema (without the compiler, which has its own, stricter job), and write new
 * question files and bank.yaml in the format the compiler reads.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document, isMap, isSeq, parse, parseDocument, YAMLSeq } from 'yaml';
import {
	parseBankMeta,
	parseSourceItem,
	type BankMeta,
	type Question
} from '../../../src/lib/core/bank/schema';
import { toSourceQuestion, type ExistingQuestion } from '../../../src/lib/core/bank/io';

export interface LoadedBank {
	dir: string;
	meta?: BankMeta;
	hasBankYaml: boolean;
	questions: ExistingQuestion[];
	/** Drafts (草稿, `draft: 待补解析`): kept out of releases, but their ids and texts are taken. */
	drafts: ExistingQuestion[];
	/** Every question id in the files (also of questions that do not parse) and every retired id. */
	ids: string[];
	/** The question files, sorted. */
	files: string[];
	/** What is wrong with the bank as it stands ("questions/02.yaml [3].answer: …"). */
	problems: string[];
}

const YAML_FILE = /\.ya?ml$/;

/** Reads a bank folder; null when the folder does not exist. */
export async function loadBank(banksDir: string, bankId: string): Promise<LoadedBank | null> {
	const dir = join(banksDir, bankId);
	const entries = await readdir(dir).catch(() => null);
	if (!entries) return null;
	const problems: string[] = [];
	const retired: string[] = [];
	let meta: BankMeta | undefined;
	const metaText = await readFile(join(dir, 'bank.yaml'), 'utf8').catch(() => null);
	if (metaText === null) problems.push('bank.yaml: 缺少这个文件');
	else {
		try {
			const raw = parse(metaText) as { retired?: unknown } | null;
			// Retired ids (questions taken out of the bank) are never given out again.
			if (Array.isArray(raw?.retired)) {
				retired.push(...raw.retired.filter((id): id is string => typeof id === 'string'));
			}
			const parsed = parseBankMeta(raw);
			if (parsed.ok) meta = parsed.value;
			else
				problems.push(...parsed.issues.map((i) => `bank.yaml ${i.path.join('.')}: ${i.message}`));
		} catch (e) {
			problems.push(`bank.yaml: ${(e as Error).message.split('\n')[0]}`);
		}
	}
	const files = ((await readdir(join(dir, 'questions')).catch(() => [])) as string[])
		.filter((f) => YAML_FILE.test(f))
		.sort();
	const questions: ExistingQuestion[] = [];
	const drafts: ExistingQuestion[] = [];
	const ids: string[] = [...retired];
	for (const f of files) {
		const where = `questions/${f}`;
		let items: unknown;
		try {
			items = parse(await readFile(join(dir, 'questions', f), 'utf8'));
		} catch (e) {
			problems.push(`${where}: ${(e as Error).message.split('\n')[0]}`);
			continue;
		}
		if (!Array.isArray(items)) {
			problems.push(`${where}: 应是题目列表`);
			continue;
		}
		for (const [i, item] of items.entries()) {
			const id = (item as { id?: unknown } | null)?.id;
			if (typeof id === 'string') ids.push(id);
			const parsed = parseSourceItem(item);
			if (parsed.ok) {
				const { question, draft } = parsed.value;
				if (draft) drafts.push({ question, where, draft });
				else questions.push({ question, where });
			} else {
				problems.push(
					...parsed.issues.map((p) => `${where} [${i}].${p.path.join('.')}: ${p.message}`)
				);
			}
		}
	}
	return { dir, meta, hasBankYaml: metaText !== null, questions, drafts, ids, files, problems };
}

/**
 * Questions as a questions/*.yaml file in the bank's house style: a comment on top, one block per
 * question separated by blank lines, tags and list answers in flow style, no line folding. A
 * draft gets its `draft: 待补解析` line right under the id.
 */
export function questionsYaml(
	questions: readonly (Question | { question: Question; draft?: string })[],
	comment: string
): string {
	const blocks = questions.map((item) => {
		const { question: q, draft } = 'question' in item ? item : { question: item, draft: undefined };
		const doc = new Document([toSourceQuestion(q, draft)]);
		for (const key of ['tags', 'answer']) {
			const node = doc.getIn([0, key], true);
			if (node instanceof YAMLSeq) node.flow = true;
		}
		return doc.toString({ lineWidth: 0, singleQuote: true, flowCollectionPadding: false });
	});
	const header = comment
		.split('\n')
		.map((l) => `# ${l}`)
		.join('\n');
	return `${header}\n${blocks.join('\n')}`;
}

/**
 * A questions/*.yaml file's text with some of its questions replaced, each in its place by id
 * (a filled-in draft), written as questionsYaml writes them; comments and the other questions stay
 * as they were.
 */
export function replaceQuestions(
	text: string,
	items: readonly { question: Question; draft?: string }[]
): string {
	const doc = parseDocument(text);
	const list = doc.contents;
	if (!isSeq(list)) return text;
	const byId = new Map(items.map((i) => [i.question.id, i]));
	for (const [index, node] of list.items.entries()) {
		const id = isMap(node) ? node.get('id') : undefined;
		const item = typeof id === 'string' ? byId.get(id) : undefined;
		if (!item) continue;
		const fresh = doc.createNode(toSourceQuestion(item.question, item.draft));
		for (const key of ['tags', 'answer']) {
			const child = fresh.get(key, true);
			if (child instanceof YAMLSeq) child.flow = true;
		}
		(list.items as unknown[])[index] = fresh;
	}
	return doc
		.toString({ lineWidth: 0, singleQuote: true, flowCollectionPadding: false })
		.replace(/\n(?=- )/g, '\n\n')
		.replace(/\n{3,}/g, '\n\n');
}

/** bank.yaml for a bank the import creates. */
export function bankYaml(meta: BankMeta): string {
	return new Document(meta).toString({ lineWidth: 0, singleQuote: true });
}

/**
 * The name for a new question file: the next number after the folder's numbered files, then
 * "import" and the source file's name where it is ASCII (09-import-branch-quiz.yaml), never an
 * existing name.
 */
export function nextQuestionFileName(existing: readonly string[], sourceName: string): string {
	const numbers = existing.map((f) => /^(\d+)-/.exec(f)).filter((m) => m !== null);
	const width = Math.max(2, ...numbers.map((m) => m[1]?.length ?? 2));
	const next = Math.max(0, ...numbers.map((m) => Number(m[1]))) + 1;
	const slug = sourceName
		.replace(/\.[^.]*$/, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40);
	const base = `${String(next).padStart(width, '0')}-import${slug ? '-' + slug : ''}`;
	let name = `${base}.yaml`;
	for (let n = 2; existing.includes(name); n++) name = `${base}-${n}.yaml`;
	return name;
}

export async function writeText(path: string, text: string | Buffer): Promise<void> {
	await mkdir(join(path, '..'), { recursive: true });
	await writeFile(path, text);
}
