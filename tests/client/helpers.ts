import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import type { DBCore, DBCoreMutateRequest, DBCoreTable } from 'dexie';
import type { BankIndex, BankIndexEntry } from '../../src/lib/core/bank/bundle';
import { makeBankDelta } from '../../src/lib/core/bank/delta';
import type { BankMeta, Card, Question } from '../../src/lib/core/bank/schema';
import { startAttempt } from '../../src/lib/client/attempt-store';
import { updateBanks } from '../../src/lib/client/bank-installer';
import { openPocketDb, type PocketDb } from '../../src/lib/client/db';
import { judge, meta, multiple, single } from '../fixtures/questions';

/** The fixed time the device tests run at (2023-11-14), unless a test moves it. */
export const T0 = 1_700_000_000_000;
export const testClock = { now: () => T0 };

let counter = 0;
/** A fresh database per test (fake-indexeddb keeps them in memory). */
export function freshDb() {
	return openPocketDb(`test-${++counter}-${Date.now()}`);
}

/**
 * A fresh database whose writes to a table can be made to fail, inside whatever transaction
 * makes them: a full disk (QuotaExceededError) or a crash at that step.
 */
export function faultyDb() {
	const db = freshDb();
	const faults = new Map<string, () => Error>();
	db.use({
		stack: 'dbcore',
		name: 'faults',
		create: (down: DBCore): DBCore => ({
			...down,
			table: (name: string): DBCoreTable => {
				const table = down.table(name);
				return {
					...table,
					mutate: (req: DBCoreMutateRequest) => {
						const fault = faults.get(name);
						return fault ? Promise.reject(fault()) : table.mutate(req);
					}
				};
			}
		})
	});
	return {
		db,
		failWrites(table: string, error: () => Error) {
			faults.set(table, error);
		},
		heal() {
			faults.clear();
		}
	};
}

export const quotaExceeded = () =>
	new DOMException('The quota has been exceeded.', 'QuotaExceededError');

export interface ServedBank {
	entry: BankIndexEntry;
	body: Uint8Array;
	/** Other files the site serves for this bank (older releases, deltas), by URL under /banks/. */
	files?: Record<string, Uint8Array>;
}

export interface BankVersion {
	meta: BankMeta;
	questions: Question[];
	cards?: Card[];
}

const sha256Hex = (body: Uint8Array) => createHash('sha256').update(body).digest('hex');
const bundleBody = (v: BankVersion) =>
	new TextEncoder().encode(
		JSON.stringify({ format: 1, bank: v.meta, questions: v.questions, cards: v.cards ?? [] })
	);

/** Compile a bank in memory the way `npm run banks` does, and describe it for an index. */
export function serveBank(meta: BankMeta, questions: Question[], cards: Card[] = []): ServedBank {
	const body = bundleBody({ meta, questions, cards });
	const sha256 = sha256Hex(body);
	return {
		body,
		entry: {
			id: meta.id,
			title: meta.title,
			description: meta.description,
			audience: meta.audience,
			version: meta.version,
			notes: meta.changelog[0]?.notes ?? '',
			questionCount: questions.length,
			cardCount: cards.length,
			url: `${meta.id}/${meta.version}.${sha256.slice(0, 12)}.json`,
			sha256,
			bytes: body.length,
			released: false,
			releases: [],
			deltas: []
		}
	};
}

/**
 * A bank with released versions, as the compiler publishes it: every version's bundle, the last
 * one current, and a delta from each earlier release to it.
 */
export function serveReleases(versions: BankVersion[]): ServedBank {
	const published = versions.map((v) => ({ v, served: serveBank(v.meta, v.questions, v.cards) }));
	const current = published.at(-1);
	if (!current) throw new Error('no versions');
	const files: Record<string, Uint8Array> = {};
	const entry: BankIndexEntry = { ...current.served.entry, released: true };
	for (const { v, served } of published) {
		files[served.entry.url] = served.body;
		entry.releases.push({
			version: v.meta.version,
			date: v.meta.changelog[0]?.date ?? '',
			notes: v.meta.changelog[0]?.notes ?? '',
			questionCount: v.questions.length,
			cardCount: v.cards?.length ?? 0,
			url: served.entry.url,
			sha256: served.entry.sha256,
			bytes: served.entry.bytes
		});
		if (served === current.served) continue;
		const delta = new TextEncoder().encode(
			JSON.stringify(
				makeBankDelta(
					{
						content: { bank: v.meta, questions: v.questions, cards: v.cards ?? [] },
						sha256: served.entry.sha256
					},
					{
						content: {
							bank: current.v.meta,
							questions: current.v.questions,
							cards: current.v.cards ?? []
						},
						sha256: current.served.entry.sha256
					}
				)
			)
		);
		const sha256 = sha256Hex(delta);
		const url = `${v.meta.id}/deltas/${v.meta.version}-${current.v.meta.version}.${sha256.slice(0, 12)}.json`;
		files[url] = delta;
		entry.deltas.push({
			from: v.meta.version,
			fromSha256: served.entry.sha256,
			url,
			sha256,
			bytes: delta.length
		});
	}
	return { entry, body: current.served.body, files };
}

export type Fault = 'offline' | 'interrupt' | 'corrupt' | { status: number };

/**
 * A fetch over an in-memory site holding an index and its bundles, recording each request, with
 * faults to inject per URL: what a real server and a flaky network do, minus the sockets.
 */
export function siteFetch(banks: ServedBank[], faults: Record<string, Fault> = {}) {
	const files = new Map<string, Uint8Array>();
	const index: BankIndex = { format: 1, banks: banks.map((b) => b.entry) };
	files.set('/banks/index.json', new TextEncoder().encode(JSON.stringify(index)));
	for (const b of banks) {
		files.set(`/banks/${b.entry.url}`, b.body);
		for (const [url, body] of Object.entries(b.files ?? {})) files.set(`/banks/${url}`, body);
	}
	const requests: string[] = [];
	const fetch = async (input: RequestInfo | URL): Promise<Response> => {
		const path = String(input);
		requests.push(path);
		const fault = faults[path];
		const body = files.get(path);
		if (fault === 'offline') throw new TypeError('Failed to fetch');
		if (typeof fault === 'object') return new Response('error', { status: fault.status });
		if (!body) return new Response('not found', { status: 404 });
		if (fault === 'corrupt') {
			const bad = body.slice();
			bad[10] = (bad[10] ?? 0) ^ 1;
			return new Response(bad);
		}
		if (fault === 'interrupt') {
			const half = body.slice(0, body.length >> 1);
			const stream = new ReadableStream<Uint8Array>({
				start(controller) {
					controller.enqueue(half);
					controller.error(new TypeError('network connection lost'));
				}
			});
			return new Response(stream);
		}
		return new Response(body.slice());
	};
	return { fetch: fetch as typeof globalThis.fetch, requests };
}

/**
 * A fresh database with the fixture bank (version 1.0.0) downloaded and active, as after the
 * first visit: the start of every test that plays. `questions` replaces the fixture questions,
 * for a test that needs tags or other variants.
 */
export async function installedBankDb(questions: Question[] = [single, multiple, judge]) {
	const db = freshDb();
	await updateBanks({
		db,
		fetch: siteFetch([serveBank(meta, questions)]).fetch,
		now: testClock.now,
		indexUrl: '/banks/index.json'
	});
	return db;
}

/** A practice attempt on the installed demo bank's three questions, started at testClock. */
export function startDemoAttempt(db: PocketDb, options: { seed?: string; memberId?: string } = {}) {
	return startAttempt(
		db,
		{
			mode: 'practice',
			bankId: meta.id,
			bankVersion: '1.0.0',
			questionIds: [single.id, multiple.id, judge.id],
			seed: options.seed ?? 'test',
			...(options.memberId ? { memberId: options.memberId } : {})
		},
		testClock
	);
}

/**
 * Rows of `table` handed to the code above (values, not keys), counted from now on. Register it
 * on a handle that has not opened yet (a second `openPocketDb` of the same name).
 */
export function countRowsRead(db: PocketDb, table: string) {
	const counter = { rows: 0 };
	db.use({
		stack: 'dbcore',
		name: `count-${table}`,
		create: (down: DBCore): DBCore => ({
			...down,
			table: (name: string): DBCoreTable => {
				const t = down.table(name);
				if (name !== table) return t;
				return {
					...t,
					get: async (req) => {
						const row = await t.get(req);
						if (row !== undefined) counter.rows++;
						return row;
					},
					getMany: async (req) => {
						const rows = await t.getMany(req);
						counter.rows += rows.filter((r) => r !== undefined).length;
						return rows;
					},
					query: async (req) => {
						const result = await t.query(req);
						if (req.values) counter.rows += result.result.length;
						return result;
					},
					openCursor: async (req) => {
						const cursor = await t.openCursor(req);
						if (cursor && req.values) counter.rows += 1;
						return cursor;
					}
				};
			}
		})
	});
	return counter;
}
