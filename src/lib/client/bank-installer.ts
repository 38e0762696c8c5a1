/**
 * Brings the device's banks up to date with the server's index. The order is what keeps a device
 * playable whatever goes wrong: download → check SHA-256 → parse every item → write the new
 * version's rows and manifest in one transaction → only then switch the active version in a
 * second, small transaction. A failure anywhere before the switch leaves the previous version in
 * use, and the next check starts again (or only switches, when the rows were already written).
 *
 * Rows are stored once per content (see db.ts), so when the device has the previous version the
 * installer downloads a delta and writes only what changed; a delta that is missing, corrupt or
 * does not fit the device falls back to the full bundle. After an update, versions nothing refers
 * to any more are garbage-collected.
 */
import {
	parseBankBundle,
	parseBankIndex,
	type BankDeltaRef,
	type BankIndexEntry
} from '$lib/core/bank/bundle';
import { countChanges, manifestOf, type ChangeCounts } from '$lib/core/bank/delta';
import { compareVersions } from '$lib/core/bank/diff';
import type { ChangelogEntry } from '$lib/core/bank/schema';
import {
	BankInstallError,
	download,
	fetchOk,
	sha256Hex,
	storageError,
	type InstallerDeps,
	type InstallSource,
	type Progress,
	type Written
} from './bank-download';
import type { CardRow, PocketDb, QuestionRow } from './db';

export {
	BankInstallError,
	type InstallerDeps,
	type InstallFailureReason,
	type InstallPhase,
	type InstallProgress,
	type InstallSource
} from './bank-download';

export interface InstalledVersion {
	bankId: string;
	title: string;
	version: string;
	previous: string | null;
	/** What was downloaded; 'resume' when the rows were written earlier and only the switch was left. */
	source: InstallSource | 'resume';
	/** Counted against the previous version; null on a first install. */
	changes: ChangeCounts | null;
	/** Changelog entries newer than the previous version, newest first. */
	notes: ChangelogEntry[];
}

export interface BankUpdateResult {
	installed: InstalledVersion[];
	failed: { bankId: string; title: string; error: BankInstallError }[];
	upToDate: string[];
	/** Old versions removed from the device after the update. */
	removed: { bankId: string; version: string }[];
}

/** Fetch and parse the index of banks the server offers. */
export async function fetchBankIndex(deps: InstallerDeps) {
	const response = await fetchOk(deps, deps.indexUrl, '题库目录');
	let json: unknown;
	try {
		json = await response.json();
	} catch {
		throw new BankInstallError('corrupt', '题库目录已损坏，请稍后重试');
	}
	const parsed = parseBankIndex(json);
	if (!parsed.ok) throw new BankInstallError('invalid', '题库目录格式不正确，请稍后重试');
	return parsed.value;
}

/**
 * The delta that fits the device: from the active version, whose installed bundle is the very
 * one the delta was made from (a draft installed under the same version number would not be).
 */
async function usableDelta(
	db: PocketDb,
	entry: BankIndexEntry,
	active: string | null
): Promise<BankDeltaRef | undefined> {
	if (active === null) return undefined;
	const ref = entry.deltas.find((d) => d.from === active);
	if (!ref) return undefined;
	const base = await db.bankVersions.get([entry.id, active]);
	return base?.sha256 === ref.fromSha256 ? ref : undefined;
}

/** Install from the full bundle; rows the previous version already has are not written again. */
async function installFull(
	deps: InstallerDeps,
	entry: BankIndexEntry,
	previous: string | null,
	progress: Progress
): Promise<Written> {
	const { db } = deps;
	const bytes = await download(deps, entry, entry.url, (n) =>
		progress('download', 'full', n, entry.bytes)
	);
	progress('verify', 'full', bytes.length, entry.bytes);
	if ((await sha256Hex(bytes)) !== entry.sha256) {
		throw new BankInstallError(
			'corrupt',
			`题库「${entry.title}」下载的文件已损坏（校验不符），已丢弃`,
			entry.id
		);
	}
	let json: unknown;
	try {
		json = JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		throw new BankInstallError('corrupt', `题库「${entry.title}」文件无法读取，已丢弃`, entry.id);
	}
	const bundle = parseBankBundle(json);
	if (
		!bundle.ok ||
		bundle.value.bank.id !== entry.id ||
		bundle.value.bank.version !== entry.version
	) {
		throw new BankInstallError('invalid', `题库「${entry.title}」内容不符合格式，已丢弃`, entry.id);
	}
	const { bank, questions, cards } = bundle.value;
	const manifest = manifestOf(bundle.value);
	const questionRows = questions.map((q): QuestionRow => ({
		...q,
		bankId: entry.id,
		rev: manifest.questions[q.id] ?? ''
	}));
	const cardRows = cards.map((c): CardRow => ({
		...c,
		bankId: entry.id,
		rev: manifest.cards[c.id] ?? ''
	}));
	progress('write', 'full', bytes.length, entry.bytes);
	try {
		return await db.transaction(
			'rw',
			[db.questions, db.cards, db.manifests, db.bankVersions],
			async () => {
				const before = previous ? await db.manifests.get([entry.id, previous]) : undefined;
				await db.questions.bulkPut(
					before ? questionRows.filter((r) => before.questions[r.id] !== r.rev) : questionRows
				);
				await db.cards.bulkPut(
					before ? cardRows.filter((r) => before.cards[r.id] !== r.rev) : cardRows
				);
				await db.manifests.put({ bankId: entry.id, version: entry.version, ...manifest });
				const changes = before ? countChanges(before, manifest) : null;
				await db.bankVersions.put({
					bankId: entry.id,
					version: entry.version,
					sha256: entry.sha256,
					questionCount: questions.length,
					cardCount: cards.length,
					changelog: bank.changelog,
					...(bank.conflicts?.length ? { conflicts: bank.conflicts } : {}),
					installedAt: deps.now(),
					...(changes && previous ? { changes: { ...changes, from: previous } } : {})
				});
				return { changes, changelog: bank.changelog };
			}
		);
	} catch (e) {
		throw storageError(entry, e);
	}
}

const markOnPage = (name: string) => void performance.mark(name);

/** Whether the device lacks this entry's version (or has it from a different bundle). */
async function needsInstall(db: PocketDb, entry: BankIndexEntry): Promise<boolean> {
	const bank = await db.banks.get(entry.id);
	if (bank?.activeVersion !== entry.version) return true;
	return (await db.bankVersions.get([entry.id, entry.version]))?.sha256 !== entry.sha256;
}

/**
 * Install one bank version from its index entry. Returns null (and downloads nothing) when that
 * version is already active; only activates it when it was written but never switched to.
 */
export async function installBankVersion(
	deps: InstallerDeps,
	entry: BankIndexEntry,
	position = 1,
	count = 1
): Promise<InstalledVersion | null> {
	const { db } = deps;
	const progress: Progress = (phase, source, loaded, total) =>
		deps.onProgress?.({
			bankId: entry.id,
			title: entry.title,
			version: entry.version,
			phase,
			source,
			loaded,
			total,
			position,
			count
		});
	const previous = (await db.banks.get(entry.id))?.activeVersion ?? null;
	const already = await db.bankVersions.get([entry.id, entry.version]);
	const written = already?.sha256 === entry.sha256;
	if (previous === entry.version && written) return null;

	let source: InstalledVersion['source'] = 'resume';
	let result: Written = {
		changes: already?.changes?.from === previous ? (already?.changes ?? null) : null,
		changelog: already?.changelog ?? []
	};
	if (!written) {
		(deps.mark ?? markOnPage)(`bank-install-start:${entry.id}@${entry.version}`);
		const ref = await usableDelta(db, entry, previous);
		// The delta path (its parser and patcher) loads only when a delta applies.
		const fromDelta = ref
			? await (await import('./bank-delta-install')).installFromDelta(deps, entry, ref, progress)
			: null;
		source = fromDelta ? 'delta' : 'full';
		result = fromDelta ?? (await installFull(deps, entry, previous, progress));
	}
	progress('activate', source === 'delta' ? 'delta' : 'full', entry.bytes, entry.bytes);
	try {
		await db.transaction('rw', db.banks, db.bankVersions, async () => {
			// Guard against another tab having collected the rows in the meantime.
			if (!(await db.bankVersions.get([entry.id, entry.version]))) {
				throw new BankInstallError('storage', `题库「${entry.title}」保存失败，稍后会重试`);
			}
			await db.banks.put({
				id: entry.id,
				title: entry.title,
				description: entry.description,
				audience: entry.audience,
				activeVersion: entry.version,
				updatedAt: deps.now()
			});
		});
	} catch (e) {
		throw storageError(entry, e);
	}
	(deps.mark ?? markOnPage)(`bank-install-done:${entry.id}@${entry.version}`);
	return {
		bankId: entry.id,
		title: entry.title,
		version: entry.version,
		previous,
		source,
		changes: result.changes,
		notes: result.changelog.filter(
			(c) => previous === null || compareVersions(c.version, previous) > 0
		)
	};
}

/**
 * Remove the versions of a bank that nothing needs any more: not the active one, none that an
 * unfinished attempt was started on, none that an upload still waiting in the outbox names
 * (pending or rejected: its result screen and a retry need it), and none newer than the active
 * one (an install in another tab may be about to switch to it). Rows shared with a kept version
 * stay.
 * One transaction, so an attempt cannot start on a version while it is being removed.
 */
export async function collectOldVersions(db: PocketDb, bankId: string): Promise<string[]> {
	return db.transaction(
		'rw',
		[db.banks, db.bankVersions, db.manifests, db.questions, db.cards, db.attempts, db.outbox],
		async () => {
			const bank = await db.banks.get(bankId);
			if (!bank) return [];
			const installed = await db.bankVersions.where('bankId').equals(bankId).toArray();
			// Only versions older than the active one may go. Usually there are none, and then
			// neither the attempts nor the outbox are read: with a backlog of results the outbox
			// scan read every waiting row, bank after bank, at every check, and held the outbox
			// from the uploads draining it (issue #14).
			if (!installed.some((v) => compareVersions(v.version, bank.activeVersion) < 0)) return [];
			const inUse = new Set([bank.activeVersion]);
			const active = await db.attempts
				.where('[bankId+status]')
				.equals([bankId, 'active'])
				.toArray();
			for (const a of active) inUse.add(a.bankVersion);
			// Only uploads still to make: a sent row stays as history, and the server keeps its
			// own copy of every released version to re-score it.
			await db.outbox
				.where('status')
				.anyOf('pending', 'rejected')
				.each((row) => {
					// Competition tries and stage contests keep their own copy of their questions:
					// only attempts pin versions.
					if (row.kind === 'attempt' && row.payload?.bankId === bankId)
						inUse.add(row.payload.bankVersion);
				});
			const drop = installed
				.map((v) => v.version)
				.filter((v) => !inUse.has(v) && compareVersions(v, bank.activeVersion) < 0);
			if (!drop.length) return [];
			const keys = drop.map((v): [string, string] => [bankId, v]);
			await db.bankVersions.bulkDelete(keys);
			await db.manifests.bulkDelete(keys);

			// [bankId] sorts before every key that starts with it and [bankId, []] after (an array
			// sorts after any string): the range of one bank in a compound key.
			const kept = await db.manifests
				.where('[bankId+version]')
				.between([bankId], [bankId, []])
				.toArray();
			const live = { questions: new Set<string>(), cards: new Set<string>() };
			for (const m of kept) {
				for (const [id, rev] of Object.entries(m.questions)) live.questions.add(`${id}\n${rev}`);
				for (const [id, rev] of Object.entries(m.cards)) live.cards.add(`${id}\n${rev}`);
			}
			const range = [[bankId], [bankId, []]] as const;
			const questionKeys = (await db.questions
				.where('[bankId+id+rev]')
				.between(...range)
				.primaryKeys()) as [string, string, string][];
			await db.questions.bulkDelete(
				questionKeys.filter(([, id, rev]) => !live.questions.has(`${id}\n${rev}`))
			);
			const cardKeys = (await db.cards
				.where('[bankId+id+rev]')
				.between(...range)
				.primaryKeys()) as [string, string, string][];
			await db.cards.bulkDelete(cardKeys.filter(([, id, rev]) => !live.cards.has(`${id}\n${rev}`)));
			return drop;
		}
	);
}

/**
 * Fetch the index and install every bank whose version (or bundle) differs from the device's,
 * then garbage-collect old versions of every bank that is now up to date. One bank's failure
 * does not stop the others; each failure is returned with its message.
 */
export async function updateBanks(deps: InstallerDeps): Promise<BankUpdateResult> {
	const index = await fetchBankIndex(deps);
	const result: BankUpdateResult = { installed: [], failed: [], upToDate: [], removed: [] };
	const todo: BankIndexEntry[] = [];
	for (const entry of index.banks) {
		if (await needsInstall(deps.db, entry)) todo.push(entry);
		else result.upToDate.push(entry.id);
	}
	for (const [i, entry] of todo.entries()) {
		try {
			const installed = await installBankVersion(deps, entry, i + 1, todo.length);
			if (installed) result.installed.push(installed);
			else result.upToDate.push(entry.id);
		} catch (e) {
			const error =
				e instanceof BankInstallError
					? e
					: new BankInstallError('storage', `题库「${entry.title}」更新失败`, entry.id);
			result.failed.push({ bankId: entry.id, title: entry.title, error });
		}
	}
	const failed = new Set(result.failed.map((f) => f.bankId));
	for (const entry of index.banks) {
		if (failed.has(entry.id)) continue;
		try {
			for (const version of await collectOldVersions(deps.db, entry.id)) {
				result.removed.push({ bankId: entry.id, version });
			}
		} catch (e) {
			// Collecting is housekeeping: the update itself succeeded, and the next one retries.
			console.warn('bank garbage collection failed', e);
		}
	}
	return result;
}
