import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import type { BankIndex, BankIndexEntry } from '../../src/lib/core/bank-bundle';
import type { BankMeta, Card, Question } from '../../src/lib/core/bank-schema';
import { openPocketDb } from '../../src/lib/client/db';

let counter = 0;
/** A fresh database per test (fake-indexeddb keeps them in memory). */
export function freshDb() {
	return openPocketDb(`test-${++counter}-${Date.now()}`);
}

export interface ServedBank {
	entry: BankIndexEntry;
	body: Uint8Array;
}

/** Compile a bank in memory the way `npm run banks` does, and describe it for an index. */
export function serveBank(meta: BankMeta, questions: Question[], cards: Card[] = []): ServedBank {
	const json = JSON.stringify({ format: 1, bank: meta, questions, cards });
	const body = new TextEncoder().encode(json);
	const sha256 = createHash('sha256').update(body).digest('hex');
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
			bytes: body.length
		}
	};
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
	for (const b of banks) files.set(`/banks/${b.entry.url}`, b.body);
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
