import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	completeSetup,
	ensureOrg,
	issueSetupCode,
	login,
	type AdminIdentity
} from '../../src/lib/server/accounts';
import { loadBankRegistry } from '../../src/lib/server/bank-registry';
import type { Db } from '../../src/lib/server/database';
import { uuidv7 } from '../../src/lib/core/ids';
import type { AttemptUpload } from '../../src/lib/core/sync/attempt';
import type { SyncItemResult } from '../../src/lib/core/sync/envelope';
import type { BankRegistry } from '../../src/lib/server/bank-registry';
import type { MemberIdentity } from '../../src/lib/server/members';
import { syncBatch } from '../../src/lib/server/sync';
import { judge, meta, multiple, single } from '../fixtures/questions';
import { pool } from '../core/competition/pool';

/** The demo bank's registry (demoBanksDir). */
export async function demoRegistry() {
	return loadBankRegistry(demoBanksDir());
}

/** A banks folder with the demo bank in two versions, as the compiler writes it. */
export function demoBanksDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'pocket-banks-'));
	mkdirSync(join(dir, meta.id));
	for (const version of ['1.0.0', '1.1.0']) {
		const bank = { ...meta, version, changelog: [{ version, date: '2026-11-29', notes: '测试' }] };
		// v1.1.0 changed the single-choice answer to C: re-scoring must use the attempt's version.
		const q = version === '1.0.0' ? single : { ...single, answer: 'C' };
		const json = JSON.stringify({ format: 1, bank, questions: [q, multiple, judge], cards: [] });
		const hash = createHash('sha256').update(json).digest('hex').slice(0, 12);
		writeFileSync(join(dir, meta.id, `${version}.${hash}.json`), json);
	}
	writeFileSync(join(dir, 'index.json'), '{"format":1,"banks":[]}');
	return dir;
}

/** A fresh database's org and its first admin, created the way /admin does with the setup code. */
export async function orgAdmin(db: Db): Promise<AdminIdentity> {
	await ensureOrg(db);
	const code = (await issueSetupCode(db)) ?? '';
	await completeSetup(db, { code, username: 'admin', password: 'long-enough-1' });
	return (await login(db, 'admin', 'long-enough-1')).admin;
}

let clock = 1_764_000_000_000;

export function upload(overrides: Partial<AttemptUpload> = {}): AttemptUpload {
	clock += 1000;
	return {
		protocol: 1,
		id: uuidv7(clock, crypto.getRandomValues(new Uint8Array(10))),
		mode: 'practice',
		bankId: meta.id,
		bankVersion: '1.0.0',
		startedAt: clock - 60_000,
		finishedAt: clock,
		answers: [
			{
				questionId: single.id,
				response: 'B',
				elapsedMs: 4000,
				answeredAt: clock - 50_000
			},
			{
				questionId: judge.id,
				response: false,
				elapsedMs: 3000,
				answeredAt: clock - 20_000
			}
		],
		...overrides
	};
}

/** Upload attempts as an older device does (`items`), through the one sync entry point. */
export async function uploadAttempts(
	db: Db,
	registry: BankRegistry,
	member: MemberIdentity,
	items: unknown,
	now?: number
): Promise<SyncItemResult[]> {
	return (await syncBatch(db, registry, member, { items }, now)).results;
}

/** A larger bank for competitions and daily draws: 60 questions, 12 of each type, three tags. */
export const CONTEST_QUESTIONS = pool(12);
export const CONTEST_BANK = { ...meta, id: 'contest-bank', version: '1.0.0' };

export function contestRegistry(conflicts?: [string, string][]): Promise<BankRegistry> {
	const dir = mkdtempSync(join(tmpdir(), 'pocket-contest-'));
	mkdirSync(join(dir, CONTEST_BANK.id));
	const json = JSON.stringify({
		format: 1,
		bank: conflicts ? { ...CONTEST_BANK, conflicts } : CONTEST_BANK,
		questions: CONTEST_QUESTIONS,
		cards: []
	});
	const hash = createHash('sha256').update(json).digest('hex').slice(0, 12);
	writeFileSync(join(dir, CONTEST_BANK.id, `1.0.0.${hash}.json`), json);
	return loadBankRegistry(dir);
}
