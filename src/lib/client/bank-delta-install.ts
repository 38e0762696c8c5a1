/**
 * The delta path of the bank installer: download only what changed since the version on the
 * device, check it, and build the new version's rows from the old ones plus the changes. Kept
 * apart and loaded on demand, since a first install never needs it. Returns null whenever the
 * delta cannot be used, and the installer falls back to the full bundle.
 */
import type { BankDeltaRef, BankIndexEntry } from '$lib/core/bank/bundle';
import { applyBankDelta, countChanges, parseBankDelta, type BankDelta } from '$lib/core/bank/delta';
import {
	BankInstallError,
	download,
	sha256Hex,
	storageError,
	type InstallerDeps,
	type Progress,
	type Written
} from './bank-download';
import type { CardRow, QuestionRow } from './db';

/** A delta that cannot be used on this device; the installer falls back to the full bundle. */
class DeltaUnusable extends Error {}

/** Install from a delta; null when it cannot be used and the full bundle should be fetched. */
export async function installFromDelta(
	deps: InstallerDeps,
	entry: BankIndexEntry,
	ref: BankDeltaRef,
	progress: Progress
): Promise<Written | null> {
	const { db } = deps;
	let bytes: Uint8Array;
	try {
		bytes = await download(deps, entry, ref.url, (n) =>
			progress('download', 'delta', n, ref.bytes)
		);
	} catch (e) {
		// A server without this delta (404, 5xx) still has the full bundle; a lost network does not.
		if (e instanceof BankInstallError && e.reason === 'http') return null;
		throw e;
	}
	progress('verify', 'delta', bytes.length, ref.bytes);
	if ((await sha256Hex(bytes)) !== ref.sha256) return null;
	let delta: BankDelta;
	try {
		const parsed = parseBankDelta(JSON.parse(new TextDecoder().decode(bytes)));
		if (!parsed.ok) return null;
		delta = parsed.value;
	} catch {
		return null;
	}
	if (
		delta.bankId !== entry.id ||
		delta.from.version !== ref.from ||
		delta.from.sha256 !== ref.fromSha256 ||
		delta.to.version !== entry.version ||
		delta.to.sha256 !== entry.sha256
	) {
		return null;
	}
	progress('write', 'delta', bytes.length, ref.bytes);
	try {
		return await db.transaction(
			'rw',
			[db.questions, db.cards, db.manifests, db.bankVersions],
			async () => {
				// Read the base inside the write: another tab's garbage collection cannot remove
				// rows this version is about to share between the read and the write.
				const base = await db.manifests.get([entry.id, ref.from]);
				if (!base) throw new DeltaUnusable('base version is gone');
				const applied = applyBankDelta(base, delta);
				if (!applied.ok) throw new DeltaUnusable(applied.reason);
				await db.questions.bulkPut(
					applied.questions.map(({ item, rev }): QuestionRow => ({
						...item,
						bankId: entry.id,
						rev
					}))
				);
				await db.cards.bulkPut(
					applied.cards.map(({ item, rev }): CardRow => ({ ...item, bankId: entry.id, rev }))
				);
				await db.manifests.put({ bankId: entry.id, version: entry.version, ...applied.manifest });
				const changes = countChanges(base, applied.manifest);
				await db.bankVersions.put({
					bankId: entry.id,
					version: entry.version,
					sha256: entry.sha256,
					questionCount: delta.to.questionCount,
					cardCount: delta.to.cardCount,
					changelog: delta.bank.changelog,
					...(delta.bank.conflicts?.length ? { conflicts: delta.bank.conflicts } : {}),
					installedAt: deps.now(),
					changes: { ...changes, from: ref.from }
				});
				return { changes, changelog: delta.bank.changelog };
			}
		);
	} catch (e) {
		if (e instanceof DeltaUnusable) return null;
		throw storageError(entry, e);
	}
}
