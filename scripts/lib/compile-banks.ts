/**
 * The bank compiler: reads question-banks/<id>/ (YAML), validates with the core schema and writes
 * content-hashed bundles plus an index. Every problem is reported with file, line, field and what
 * was expected; nothing is written unless every bank is clean.
 *
 * Released versions live in question-banks/<id>/releases/<version>.json: the exact bundle bytes
 * published at release time, committed and never edited. The sources are checked against the
 * last of them (core/bank-diff.ts), and the output holds every release, the current version and
 * a delta from each release to the current version.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import {
	findDuplicateIds,
	parseBankMeta,
	parseCard,
	parseSourceItem,
	type BankMeta,
	type Card,
	type Question
} from '../../src/lib/core/bank/schema';
import {
	BUNDLE_FORMAT,
	formatIssuePath,
	parseBankBundle,
	type BankBundle,
	type BankDeltaRef,
	type BankIndex,
	type BankIndexEntry,
	type BankReleaseRef
} from '../../src/lib/core/bank/bundle';
import { makeBankDelta } from '../../src/lib/core/bank/delta';
import { datedCardIssue } from '../../src/lib/core/bank/card-dates';
import { findAnswerLeaks, unlistedLeaks, type AnswerLeak } from '../../src/lib/core/bank/leaks';
import {
	checkVersionStep,
	compareVersions,
	retiredInUse,
	type VersionIssue
} from '../../src/lib/core/bank/diff';

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

interface LocatedCard {
	card: Card;
	y: LoadedYaml;
	index: number;
}

/** Knowledge cards are optional: a bank may have a cards/ folder of YAML lists. */
async function compileCards(
	cardDir: string,
	root: string,
	problems: CompileProblem[]
): Promise<LocatedCard[]> {
	const files = (await readdir(cardDir).catch(() => [])).filter((f) => /\.ya?ml$/.test(f)).sort();
	const located: LocatedCard[] = [];
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
	return located;
}

/** A released version as committed under releases/: its bytes are published unchanged. */
export interface ReleaseFile {
	version: string;
	/** The file as shown in messages, relative to the repository. */
	file: string;
	json: string;
	sha256: string;
	bundle: BankBundle;
}

export interface CompiledBank {
	meta: BankMeta;
	questions: Question[];
	cards: Card[];
	/** The current version's bundle: the release file's bytes when it is released. */
	json: string;
	sha256: string;
	/** Every released version, oldest first. */
	releases: ReleaseFile[];
	/** True when the sources are exactly the last release (same version, same content). */
	released: boolean;
	/** Where bank.yaml is and the line of its version, for messages about the version. */
	metaFile: string;
	versionLine: number;
	/** Draft questions (`draft: 待补解析`): checked, kept out of every bundle. */
	drafts: DraftRef[];
	/** Every answer printed in another stem, listed under `conflicts` or not (see bank/leaks.ts). */
	leaks: AnswerLeak[];
}

/** A draft question of a bank's sources, for the listing after a compile. */
export interface DraftRef {
	id: string;
	file: string;
	line: number;
	/** What it still needs, as its draft: field says. */
	note: string;
}

export interface CompileOptions {
	/**
	 * Report leaks that bank.yaml does not list instead of refusing them: for
	 * `npm run banks -- leaks`, which prints them for an author to reword or list.
	 */
	allowUnlistedLeaks?: boolean;
}

const RELEASE_FILE = /^(\d+\.\d+\.\d+)\.json$/;

const sha256Of = (text: string) => createHash('sha256').update(text).digest('hex');

/** Read releases/<version>.json, each checked with the schema a device uses. */
async function loadReleases(
	dir: string,
	root: string,
	bankId: string,
	problems: CompileProblem[]
): Promise<ReleaseFile[]> {
	const releaseDir = join(dir, 'releases');
	const releases: ReleaseFile[] = [];
	for (const name of (await readdir(releaseDir).catch(() => [])).sort()) {
		const file = relative(root, join(releaseDir, name));
		const problem = (message: string) => problems.push({ file, line: 1, path: '(file)', message });
		const version = RELEASE_FILE.exec(name)?.[1];
		if (!version) {
			problem(
				'unexpected file: releases/ holds only <version>.json files written by the release command'
			);
			continue;
		}
		const json = await readFile(join(releaseDir, name), 'utf8');
		let raw: unknown;
		try {
			raw = JSON.parse(json);
		} catch {
			problem('not valid JSON: a release file is never edited by hand; restore it from git');
			continue;
		}
		const parsed = parseBankBundle(raw);
		if (!parsed.ok) {
			const first = parsed.issues[0];
			problem(
				`not a valid bundle (${first ? `${formatIssuePath(first.path)}: ${first.message}` : 'unknown problem'}); restore it from git`
			);
			continue;
		}
		if (parsed.value.bank.id !== bankId || parsed.value.bank.version !== version) {
			problem(
				`holds ${parsed.value.bank.id} v${parsed.value.bank.version}, expected ${bankId} v${version}`
			);
			continue;
		}
		releases.push({ version, file, json, sha256: sha256Of(json), bundle: parsed.value });
	}
	return releases.sort((a, b) => compareVersions(a.version, b.version));
}

/** Read and validate one bank folder. Throws BankCompileError with every problem found. */
export async function compileBank(
	dir: string,
	root: string,
	options: CompileOptions = {}
): Promise<CompiledBank> {
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
	const locatedDrafts: { q: Question; y: LoadedYaml; index: number; note: string }[] = [];
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
			const parsed = parseSourceItem(item);
			if (!parsed.ok) {
				problems.push(...parsed.issues.map((i) => problemAt(y, [index, ...i.path], i.message)));
			} else if (parsed.value.draft) {
				// A draft (待补解析) is checked like a question but never released.
				locatedDrafts.push({ q: parsed.value.question, y, index, note: parsed.value.draft });
			} else located.push({ q: parsed.value.question, y, index });
		}
	}
	const everyQuestion = [...located, ...locatedDrafts].sort(
		(a, b) => a.y.file.localeCompare(b.y.file) || a.index - b.index
	);
	for (const { first, duplicate } of findDuplicateIds(
		everyQuestion.map((l) => ({ ...l, id: l.q.id }))
	)) {
		problems.push(
			problemAt(
				duplicate.y,
				[duplicate.index, 'id'],
				`id "${duplicate.id}" is already used at ${first.y.file}:${lineOf(first.y, [first.index, 'id'])}`
			)
		);
	}
	const locatedCards = await compileCards(join(dir, 'cards'), root, problems);
	const releases = await loadReleases(dir, root, folderId, problems);
	const released = new Set(releases.at(-1)?.bundle.questions.map((q) => q.id) ?? []);
	for (const d of locatedDrafts) {
		if (meta?.retired?.includes(d.q.id)) {
			problems.push(
				problemAt(d.y, [d.index, 'id'], `id "${d.q.id}" is retired and is never used again`)
			);
		}
		if (released.has(d.q.id)) {
			problems.push(
				problemAt(
					d.y,
					[d.index, 'draft'],
					`"${d.q.id}" is in the released version ${releases.at(-1)?.version}: a released question cannot become a draft again; fix it in place`
				)
			);
		}
	}
	if (problems.length || !meta || Array.isArray(metaYaml)) throw new BankCompileError(problems);

	const questions = located.map((l) => l.q);
	const cards = locatedCards.map((l) => l.card);
	for (const { card, y, index } of locatedCards) {
		const issue = datedCardIssue(card);
		if (issue)
			problems.push(problemAt(y, [index, card.year === undefined ? 'date' : 'year'], issue));
	}
	const leaks = checkConflicts(meta, metaYaml, located, problems, options);
	if (problems.length) throw new BankCompileError(problems);
	const bundle: BankBundle = { format: BUNDLE_FORMAT, bank: meta, questions, cards };
	const last = releases.at(-1);
	const issues = last ? checkVersionStep(last.bundle, bundle) : retiredInUse(bundle);
	for (const issue of issues) problems.push(locateIssue(issue, metaYaml, located, locatedCards));
	if (problems.length) throw new BankCompileError(problems);

	const versionLine = lineOf(metaYaml, ['version']);
	if (last && last.version === meta.version) {
		// Unchanged since its release: publish the committed bytes, not a recompilation.
		const { bank, questions: q, cards: c } = last.bundle;
		return {
			meta: bank,
			questions: q,
			cards: c,
			json: last.json,
			sha256: last.sha256,
			releases,
			released: true,
			metaFile: metaYaml.file,
			versionLine,
			drafts: draftRefs(locatedDrafts),
			leaks
		};
	}
	const json = JSON.stringify(bundle);
	return {
		meta,
		questions,
		cards,
		json,
		sha256: sha256Of(json),
		releases,
		released: false,
		metaFile: metaYaml.file,
		versionLine,
		drafts: draftRefs(locatedDrafts),
		leaks
	};
}

function draftRefs(
	drafts: { q: Question; y: LoadedYaml; index: number; note: string }[]
): DraftRef[] {
	return drafts.map((d) => ({
		id: d.q.id,
		file: d.y.file,
		line: lineOf(d.y, [d.index, 'id']),
		note: d.note
	}));
}

/**
 * The `conflicts` of bank.yaml name questions of the bank, and every answer printed in another
 * stem is either listed there or refused, pointing at the stem that prints it. Returns every leak.
 */
function checkConflicts(
	meta: BankMeta,
	metaYaml: LoadedYaml,
	located: { q: Question; y: LoadedYaml; index: number }[],
	problems: CompileProblem[],
	options: CompileOptions
): AnswerLeak[] {
	const ids = new Set(located.map((l) => l.q.id));
	for (const [i, pair] of (meta.conflicts ?? []).entries()) {
		for (const [j, id] of pair.entries()) {
			if (!ids.has(id)) {
				problems.push(problemAt(metaYaml, ['conflicts', i, j], `no question "${id}" in this bank`));
			}
		}
		if (pair[0] === pair[1]) {
			problems.push(problemAt(metaYaml, ['conflicts', i], 'a pair needs two different ids'));
		}
	}
	const leaks = findAnswerLeaks(located.map((l) => l.q));
	if (options.allowUnlistedLeaks) return leaks;
	for (const leak of unlistedLeaks(leaks, meta.conflicts ?? [])) {
		const at = located.find((l) => l.q.id === leak.stemId);
		if (!at) continue;
		problems.push(
			problemAt(
				at.y,
				[at.index, 'stem'],
				`prints 「${leak.text}」, the answer of ${leak.answerId}, so one gives the other away in a session: reword one of them, or add [${leak.answerId}, ${leak.stemId}] under conflicts: in bank.yaml (draws never put a listed pair together)`
			)
		);
	}
	return leaks;
}

/** Point a versioning issue at the item it is about, else at bank.yaml. */
function locateIssue(
	issue: VersionIssue,
	metaYaml: LoadedYaml,
	questions: { q: Question; y: LoadedYaml; index: number }[],
	cards: LocatedCard[]
): CompileProblem {
	if (issue.at) {
		const { item, id } = issue.at;
		const place =
			item === 'question'
				? questions.find((l) => l.q.id === id)
				: cards.find((l) => l.card.id === id);
		if (place) return problemAt(place.y, [place.index, 'id'], issue.message);
	}
	if (issue.kind === 'retired-dropped' && !metaYaml.doc.has('retired')) {
		// The whole list was deleted: point near where it belongs.
		return { ...problemAt(metaYaml, ['version'], issue.message), path: 'retired' };
	}
	const field = issue.kind === 'retired-dropped' ? 'retired' : 'version';
	return problemAt(metaYaml, [field], issue.message);
}

export interface CompileReport {
	index: BankIndex;
	files: string[];
	/** Per bank with drafts: how many are kept out of the bundles, and what they still need. */
	drafts: { bankId: string; count: number; notes: string[] }[];
}

/** Compile every bank under `banksDir` in memory. Throws BankCompileError listing every problem. */
export async function buildBanks(
	banksDir: string,
	options: CompileOptions = {}
): Promise<CompiledBank[]> {
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
			compiled.push(await compileBank(dir, root, options));
		} catch (e) {
			if (e instanceof BankCompileError) problems.push(...e.problems);
			else throw e;
		}
	}
	if (problems.length) throw new BankCompileError(problems);
	return compiled;
}

const bundleUrl = (id: string, version: string, sha256: string) =>
	`${id}/${version}.${sha256.slice(0, 12)}.json`;

/**
 * Write compiled banks into `outDir` (replacing what was there): per bank every released
 * bundle, the current bundle, a delta from each earlier release to the current version, and
 * the index. The output is deterministic: the same sources give byte-identical files.
 */
export async function writeBanks(compiled: CompiledBank[], outDir: string): Promise<CompileReport> {
	await rm(outDir, { recursive: true, force: true });
	const files: string[] = [];
	const banks: BankIndexEntry[] = [];
	const write = async (url: string, text: string) => {
		await mkdir(join(outDir, url, '..'), { recursive: true });
		await writeFile(join(outDir, url), text);
		files.push(url);
	};
	for (const c of compiled) {
		const releases: BankReleaseRef[] = [];
		for (const r of c.releases) {
			const url = bundleUrl(c.meta.id, r.version, r.sha256);
			await write(url, r.json);
			releases.push({
				version: r.version,
				date: r.bundle.bank.changelog[0]?.date ?? '',
				notes: r.bundle.bank.changelog[0]?.notes ?? '',
				questionCount: r.bundle.questions.length,
				cardCount: r.bundle.cards.length,
				url,
				sha256: r.sha256,
				bytes: Buffer.byteLength(r.json)
			});
		}
		const url = bundleUrl(c.meta.id, c.meta.version, c.sha256);
		if (!c.released) await write(url, c.json);

		const current = { bank: c.meta, questions: c.questions, cards: c.cards };
		const deltas: BankDeltaRef[] = [];
		for (const r of c.releases) {
			if (r.version === c.meta.version) continue;
			const delta = makeBankDelta(
				{ content: r.bundle, sha256: r.sha256 },
				{ content: current, sha256: c.sha256 }
			);
			const json = JSON.stringify(delta);
			const sha256 = sha256Of(json);
			const deltaUrl = `${c.meta.id}/deltas/${r.version}-${c.meta.version}.${sha256.slice(0, 12)}.json`;
			await write(deltaUrl, json);
			deltas.push({
				from: r.version,
				fromSha256: r.sha256,
				url: deltaUrl,
				sha256,
				bytes: Buffer.byteLength(json)
			});
		}
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
			bytes: Buffer.byteLength(c.json),
			released: c.released,
			releases,
			deltas
		});
	}
	const index: BankIndex = { format: BUNDLE_FORMAT, banks };
	await writeFile(join(outDir, 'index.json'), JSON.stringify(index, null, '\t') + '\n');
	files.push('index.json');
	const drafts = compiled
		.filter((c) => c.drafts.length)
		.map((c) => {
			const counts = new Map<string, number>();
			for (const d of c.drafts) counts.set(d.note, (counts.get(d.note) ?? 0) + 1);
			return {
				bankId: c.meta.id,
				count: c.drafts.length,
				notes: [...counts].map(([note, n]) => `${note} ${n}`)
			};
		});
	return { index, files, drafts };
}

/** Compile every bank under `banksDir` into `outDir`; nothing is written if any bank is broken. */
export async function compileAllBanks(banksDir: string, outDir: string): Promise<CompileReport> {
	return writeBanks(await buildBanks(banksDir), outDir);
}

export interface ReleaseReport extends CompileReport {
	/** The release file written, relative to the repository. */
	file: string;
	version: string;
}

/**
 * Cut a release of one bank: check every bank (a too-small version step is refused like any
 * other problem), write question-banks/<id>/releases/<version>.json with the exact bundle
 * bytes, then compile the output again. Refuses a version that is already released.
 */
export async function releaseBank(
	banksDir: string,
	bankId: string,
	outDir: string
): Promise<ReleaseReport> {
	const compiled = await buildBanks(banksDir);
	const bank = compiled.find((c) => c.meta.id === bankId);
	if (!bank) {
		throw new BankCompileError([
			{
				file: relative(join(banksDir, '..'), join(banksDir, bankId)),
				line: 1,
				path: '(folder)',
				message: `no bank "${bankId}"; the banks are ${compiled.map((c) => c.meta.id).join(', ')}`
			}
		]);
	}
	if (bank.released) {
		throw new BankCompileError([
			{
				file: bank.metaFile,
				line: bank.versionLine,
				path: 'version',
				message: `version ${bank.meta.version} is already released and unchanged; for the next release raise version in bank.yaml and add a changelog entry first`
			}
		]);
	}
	const releaseDir = join(banksDir, bankId, 'releases');
	await mkdir(releaseDir, { recursive: true });
	const path = join(releaseDir, `${bank.meta.version}.json`);
	await writeFile(path, bank.json);
	const report = await compileAllBanks(banksDir, outDir);
	return { ...report, file: relative(join(banksDir, '..'), path), version: bank.meta.version };
}
