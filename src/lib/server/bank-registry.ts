/**
 * Every released bank version the server knows, so it can re-score any attempt against the
 * version it was played on. Bundles are read from the compiled banks folder (the same files the
 * devices download) and validated with the core schema.
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseBankBundle } from '$lib/core/bank/bundle';
import type { ConflictPair } from '$lib/core/bank/conflicts';
import type { Question } from '$lib/core/bank/schema';

export type BankRegistry = ReadonlyMap<string, ReadonlyMap<string, Question>>;

/** Each version's conflict pairs (bank.yaml `conflicts`), by its questions map. */
const conflictPairs = new WeakMap<ReadonlyMap<string, Question>, readonly ConflictPair[]>();

/**
 * The pairs a draw of this bank version never puts together, as the device's draw skipped them:
 * the day's 云学 must be checked against the same draw.
 */
export function conflictsOf(questions: ReadonlyMap<string, Question>): readonly ConflictPair[] {
	return conflictPairs.get(questions) ?? [];
}

const key = (bankId: string, version: string) => `${bankId}@${version}`;

/** Where the compiled bundles are: BANKS_DIR, else the production build, else static/. */
export function banksDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
	if (env.BANKS_DIR) return resolve(env.BANKS_DIR);
	const built = resolve('build/client/banks');
	return existsSync(built) ? built : resolve('static/banks');
}

/** Load every bundle under `dir` (one folder per bank, one JSON file per version). */
export async function loadBankRegistry(dir: string): Promise<BankRegistry> {
	const registry = new Map<string, ReadonlyMap<string, Question>>();
	const banks = await readdir(dir, { withFileTypes: true }).catch(() => []);
	for (const entry of banks) {
		if (!entry.isDirectory()) continue;
		for (const file of await readdir(join(dir, entry.name))) {
			if (!file.endsWith('.json')) continue;
			let json: unknown;
			try {
				json = JSON.parse(await readFile(join(dir, entry.name, file), 'utf8'));
			} catch {
				continue; // not a bundle (e.g. a delta file); the schema below would refuse it anyway
			}
			const parsed = parseBankBundle(json);
			if (!parsed.ok) continue;
			const { bank, questions } = parsed.value;
			const byId = new Map(questions.map((q) => [q.id, q]));
			if (bank.conflicts?.length) conflictPairs.set(byId, bank.conflicts);
			registry.set(key(bank.id, bank.version), byId);
		}
	}
	return registry;
}

export function questionsOf(
	registry: BankRegistry,
	bankId: string,
	version: string
): ReadonlyMap<string, Question> | undefined {
	return registry.get(key(bankId, version));
}

let loaded: Promise<BankRegistry> | undefined;

export function bankRegistry(): Promise<BankRegistry> {
	loaded ??= loadBankRegistry(banksDirFromEnv());
	return loaded;
}

/** Bank titles by id, from the compiled index (names for reports); empty when it is missing. */
export async function loadBankTitles(dir: string): Promise<ReadonlyMap<string, string>> {
	const titles = new Map<string, string>();
	try {
		const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
			banks?: { id?: unknown; title?: unknown }[];
		};
		for (const b of index.banks ?? []) {
			if (typeof b.id === 'string' && typeof b.title === 'string') titles.set(b.id, b.title);
		}
	} catch {
		// No index: reports show bank ids instead of titles.
	}
	return titles;
}

let titles: ReadonlyMap<string, string> | undefined;

/** Cached once found; while the index is missing (a build still being copied) it is read again. */
export async function bankTitles(): Promise<ReadonlyMap<string, string>> {
	if (titles?.size) return titles;
	titles = await loadBankTitles(banksDirFromEnv());
	return titles;
}
