/**
 * The bank compiler: reads question-banks/<id>/ (YAML), validates with the core schema and writes
 * content-hashed bundles plus an index. Every problem is reported with file, line, field and what
 * was expected; nothing is written unless every bank is clean.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import {
	findDuplicateIds,
	parseBankMeta,
	parseCard,
	parseSourceQuestion,
	type BankMeta,
	type Card,
	type Question
} from '../../src/lib/core/bank-schema';
import {
	BUNDLE_FORMAT,
	formatIssuePath,
	type BankBundle,
	type BankIndex,
	type BankIndexEntry
} from '../../src/lib/core/bank-bundle';

export interface CompileProblem {
	file: string;
	line: number;
	path: string;
	message: string;
}

export class BankCompileError extends Error {
	constructor(readonly problems: CompileProblem[]) {
		super(problems.map(formatProblem).join('\n'));
	}
}

export function formatProblem(p: CompileProblem): string {
	return `${p.file}:${p.line} ${p.path}: ${p.message}`;
}

interface LoadedYaml {
	file: string;
	doc: Document;
	lines: LineCounter;
}

async function loadYaml(file: string, root: string): Promise<LoadedYaml | CompileProblem[]> {
	const lines = new LineCounter();
	const doc = parseDocument(await readFile(file, 'utf8'), { lineCounter: lines, uniqueKeys: true });
	const shown = relative(root, file);
	if (doc.errors.length) {
		return doc.errors.map((e) => ({
			file: shown,
			line: e.linePos?.[0].line ?? 1,
			path: '(yaml)',
			message: e.message.split('\n')[0] ?? 'invalid YAML'
		}));
	}
	return { file: shown, doc, lines };
}

/** The line of the deepest node that exists along `path` (a missing field points at its parent). */
function lineOf(y: LoadedYaml, path: readonly (string | number)[]): number {
	for (let depth = path.length; depth >= 0; depth--) {
		const node = y.doc.getIn(path.slice(0, depth), true) as
			{ range?: [number, number] } | undefined;
		if (node && typeof node === 'object' && node.range) {
			return y.lines.linePos(node.range[0]).line;
		}
		// A key that exists with a null value, or an unknown key: point at the key itself.
		const parent = depth > 0 ? y.doc.getIn(path.slice(0, depth - 1), true) : y.doc.contents;
		const key = path[depth - 1];
		if (isMap(parent) && key !== undefined) {
			const pair = parent.items.find((p) => (p.key as { value?: unknown })?.value === key);
			const range = (pair?.key as { range?: [number, number] } | undefined)?.range;
			if (range) return y.lines.linePos(range[0]).line;
		}
	}
	return 1;
}

function problemAt(
	y: LoadedYaml,
	path: readonly (string | number)[],
	message: string
): CompileProblem {
	return { file: y.file, line: lineOf(y, path), path: formatIssuePath(path), message };
}

/** Knowledge cards are optional: a bank may have a cards/ folder of YAML lists. */
async function compileCards(
	cardDir: string,
	root: string,
	problems: CompileProblem[]
): Promise<Card[]> {
	const files = (await readdir(cardDir).catch(() => [])).filter((f) => /\.ya?ml$/.test(f)).sort();
	const located: { card: Card; y: LoadedYaml; index: number }[] = [];
	for (const f of files) {
		const y = await loadYaml(join(cardDir, f), root);
		if (Array.isArray(y)) {
			problems.push(...y);
			continue;
		}
		if (!isSeq(y.doc.contents)) {
			problems.push(problemAt(y, [], 'expected a list of cards (each item starting with "- id:")'));
			continue;
		}
		for (const [index, item] of (y.doc.toJS() as unknown[]).entries()) {
			const parsed = parseCard(item);
			if (parsed.ok) located.push({ card: parsed.value, y, index });
			else problems.push(...parsed.issues.map((i) => problemAt(y, [index, ...i.path], i.message)));
		}
	}
	for (const { first, duplicate } of findDuplicateIds(
		located.map((l) => ({ ...l, id: l.card.id }))
	)) {
		problems.push(
			problemAt(
				duplicate.y,
				[duplicate.index, 'id'],
				`card id "${duplicate.id}" is already used at ${first.y.file}:${lineOf(first.y, [first.index, 'id'])}`
			)
		);
	}
	return located.map((l) => l.card);
}

export interface CompiledBank {
	meta: BankMeta;
	questions: Question[];
	cards: Card[];
	json: string;
	sha256: string;
}

/** Read and validate one bank folder. Throws BankCompileError with every problem found. */
export async function compileBank(dir: string, root: string): Promise<CompiledBank> {
	const problems: CompileProblem[] = [];
	const folderId = dir.split(/[/\\]/).at(-1) ?? '';
	const metaYaml = await loadYaml(join(dir, 'bank.yaml'), root).catch(() => [
		{
			file: relative(root, join(dir, 'bank.yaml')),
			line: 1,
			path: '(file)',
			message: 'missing bank.yaml'
		}
	]);
	let meta: BankMeta | undefined;
	if (Array.isArray(metaYaml)) problems.push(...metaYaml);
	else {
		const parsed = parseBankMeta(metaYaml.doc.toJS());
		if (!parsed.ok)
			problems.push(...parsed.issues.map((i) => problemAt(metaYaml, i.path, i.message)));
		else if (parsed.value.id !== folderId) {
			problems.push(problemAt(metaYaml, ['id'], `expected the folder name "${folderId}"`));
		} else meta = parsed.value;
	}

	const questionDir = join(dir, 'questions');
	const files = (await readdir(questionDir).catch(() => []))
		.filter((f) => /\.ya?ml$/.test(f))
		.sort();
	if (!files.length) {
		problems.push({
			file: relative(root, questionDir),
			line: 1,
			path: '(folder)',
			message: 'expected at least one questions/*.yaml file'
		});
	}
	const located: { q: Question; y: LoadedYaml; index: number }[] = [];
	for (const f of files) {
		const y = await loadYaml(join(questionDir, f), root);
		if (Array.isArray(y)) {
			problems.push(...y);
			continue;
		}
		if (!isSeq(y.doc.contents)) {
			problems.push(
				problemAt(y, [], 'expected a list of questions (each item starting with "- id:")')
			);
			continue;
		}
		const items = y.doc.toJS() as unknown[];
		for (const [index, item] of items.entries()) {
			const parsed = parseSourceQuestion(item);
			if (parsed.ok) located.push({ q: parsed.value, y, index });
			else problems.push(...parsed.issues.map((i) => problemAt(y, [index, ...i.path], i.message)));
		}
	}
	for (const { first, duplicate } of findDuplicateIds(located.map((l) => ({ ...l, id: l.q.id })))) {
		problems.push(
			problemAt(
				duplicate.y,
				[duplicate.index, 'id'],
				`id "${duplicate.id}" is already used at ${first.y.file}:${lineOf(first.y, [first.index, 'id'])}`
			)
		);
	}
	const cards = await compileCards(join(dir, 'cards'), root, problems);
	if (problems.length || !meta) throw new BankCompileError(problems);

	const questions = located.map((l) => l.q);
	const bundle: BankBundle = { format: BUNDLE_FORMAT, bank: meta, questions, cards };
	const json = JSON.stringify(bundle);
	return { meta, questions, cards, json, sha256: createHash('sha256').update(json).digest('hex') };
}

export interface CompileReport {
	index: BankIndex;
	files: string[];
}

/**
 * Compile every bank under `banksDir` into `outDir` (replacing what was there). The output is
 * deterministic: the same sources give byte-identical files.
 */
export async function compileAllBanks(banksDir: string, outDir: string): Promise<CompileReport> {
	const root = join(banksDir, '..');
	const entries = await readdir(banksDir, { withFileTypes: true });
	const bankDirs = entries
		.filter((e) => e.isDirectory() && e.name !== 'templates' && !e.name.startsWith('.'))
		.map((e) => join(banksDir, e.name))
		.sort();
	const problems: CompileProblem[] = [];
	const compiled: CompiledBank[] = [];
	for (const dir of bankDirs) {
		try {
			compiled.push(await compileBank(dir, root));
		} catch (e) {
			if (e instanceof BankCompileError) problems.push(...e.problems);
			else throw e;
		}
	}
	if (problems.length) throw new BankCompileError(problems);

	await rm(outDir, { recursive: true, force: true });
	const files: string[] = [];
	const banks: BankIndexEntry[] = [];
	for (const c of compiled) {
		const url = `${c.meta.id}/${c.meta.version}.${c.sha256.slice(0, 12)}.json`;
		await mkdir(join(outDir, c.meta.id), { recursive: true });
		await writeFile(join(outDir, url), c.json);
		files.push(url);
		banks.push({
			id: c.meta.id,
			title: c.meta.title,
			description: c.meta.description,
			audience: c.meta.audience,
			version: c.meta.version,
			notes: c.meta.changelog[0]?.notes ?? '',
			questionCount: c.questions.length,
			cardCount: c.cards.length,
			url,
			sha256: c.sha256,
			bytes: Buffer.byteLength(c.json)
		});
	}
	const index: BankIndex = { format: BUNDLE_FORMAT, banks };
	await writeFile(join(outDir, 'index.json'), JSON.stringify(index, null, '\t') + '\n');
	files.push('index.json');
	return { index, files };
}
