/**
 * Empties the outbox to POST /api/sync, following the sync contract: one upload at a time per
 * device (a Web Lock shared by tabs and the service worker), per-item results applied one by
 * one, nothing deleted because an upload failed. Runs in the page and in the service worker.
 * It loads on demand, so the response schema it validates with costs no page a first visit.
 */
import { parseSyncResponse } from '$lib/core/sync/envelope';
import { CHECKIN_MAX_ITEMS, classifyStatus, UPLOAD_LOCK } from '$lib/core/sync/protocol';
import { applyCheckinResults, pendingCheckins } from './checkin-store';
import type { OutboxRow, PocketDb } from './db';
import { applyResults, markRejected, readUploadHistory, writeUploadHistory } from './outbox';
import { requestSource, type RequestRows } from './upload-batches';

// The other direction of check-in sync loads with the uploader (see upload-service).
export { pullServerStreaks } from './streak-sync';

export interface UploaderDeps {
	db: PocketDb;
	fetch: typeof fetch;
	now: () => number;
	/** A request that takes longer is abandoned and retried later. */
	timeoutMs: number;
	/** navigator.locks where the browser has it; without it uploads are still idempotent. */
	locks?: LockManager;
	endpoint?: string;
	/** Records per request (default and most: SYNC_MAX_ITEMS); tests make it small. */
	batchSize?: number;
	/** Requests of one member in flight at once (default IN_FLIGHT). */
	inFlight?: number;
}

/**
 * Requests in flight at once: the next batch travels while the answers to the last are written
 * to IndexedDB. Every record's id is its key on the server, so overlapping requests cannot
 * store anything twice (the property test in tests/client/uploader.test.ts drives them).
 */
export const IN_FLIGHT = 2;

export type FlushOutcome =
	| 'done' // everything that could be sent was answered
	| 'nothing' // nothing waiting
	| 'busy' // another tab or the service worker is uploading right now
	| 'retry' // network, timeout, 408/429/5xx: try again after a backoff
	| 'unauthorized'; // some member's token was refused: they need to join again

export interface FlushReport {
	outcome: FlushOutcome;
	accepted: number;
	duplicate: number;
	rejected: number;
	/** Check-ins the server now has, and check-ins it refused (a wrong lecture code). */
	checkinsSent: number;
	checkinsRejected: number;
	/** Why the last request failed, in words for the member. */
	error?: string;
}

const emptyReport = (outcome: FlushOutcome): FlushReport => ({
	outcome,
	accepted: 0,
	duplicate: 0,
	rejected: 0,
	checkinsSent: 0,
	checkinsRejected: 0
});

async function withUploadLock(
	deps: UploaderDeps,
	run: () => Promise<FlushReport>
): Promise<FlushReport> {
	if (!deps.locks) return run();
	const result = await deps.locks.request(UPLOAD_LOCK, { ifAvailable: true }, async (lock) =>
		lock ? run() : null
	);
	return result ?? emptyReport('busy');
}

/**
 * Send everything waiting, member by member, batch by batch. Stops at the first failure that a
 * retry may fix; a refused token only stops that member's uploads.
 */
export function flushOutbox(deps: UploaderDeps): Promise<FlushReport> {
	return withUploadLock(deps, () => flushLocked(deps));
}

async function flushLocked(deps: UploaderDeps): Promise<FlushReport> {
	const { db } = deps;
	const report = emptyReport('nothing');
	let anything = false;
	// Member by member (a shared tablet holds several); rows of a member whose token the server
	// refused, and rows no member has claimed, wait.
	for (const member of await db.members.toArray()) {
		if (member.needsRejoin) continue;
		const memberId = member.id;
		const checkins = await pendingCheckins(db, memberId);
		const source = requestSource(db, memberId, checkins, deps.batchSize);
		// Two requests in flight: the next one travels while this one's answers are written.
		// Not when check-ins fill more than one request: the server takes a short list of
		// check-ins as the device's last, so the full lists must arrive before it.
		const window = checkins.length > CHECKIN_MAX_ITEMS ? 1 : (deps.inFlight ?? IN_FLIGHT);
		const sent: InFlight[] = [];
		let exhausted = false;
		let stop: 'retry' | 'unauthorized' | null = null;
		// One fill at a time (the loop below awaits each): the source hands out each row once.
		const fill = async () => {
			while (!stop && !exhausted && sent.length < window) {
				const request = await source.next();
				if (!request) exhausted = true;
				else {
					anything = true;
					sent.push(inFlight(send(deps, member.token, request)));
				}
			}
		};
		for (;;) {
			await fill();
			const first = sent.shift();
			if (!first) break;
			const got = await first.answer;
			// After a stop, the requests still in flight are awaited (nothing writes after the
			// lock is gone) and their answers dropped: their rows stay pending and are sent again,
			// which the server answers as duplicates.
			if (stop) continue;
			const answers = [got];
			if (accepted(got)) {
				// The 2xx answers that arrived while the last ones were written go into the same
				// IndexedDB transaction: a drain's time is these writes, and each transaction's
				// fixed cost (its reads, its commit, every live query reading the outbox again after
				// it) is paid once for them. In order, up to the first that is not a 2xx.
				for (let next = sent[0]?.arrived; next && accepted(next); next = sent[0]?.arrived) {
					sent.shift();
					answers.push(next);
				}
				// The next requests leave now and travel while these answers are written to
				// IndexedDB (the slow part of a drain), instead of after it. They carry other rows,
				// so sending them before these answers are applied cannot store anything twice.
				await fill();
			}
			const outcome =
				answers.length > 1
					? await applyAccepted(deps, report, memberId, answers as Accepted[])
					: await applyAnswer(deps, report, memberId, got);
			if (outcome === 'unauthorized') {
				report.outcome = 'unauthorized';
				report.error = `「${member.displayName}」的身份已失效，请重新加入`;
				stop = 'unauthorized';
			} else if (outcome !== 'ok') {
				report.error = outcome.error;
				stop = 'retry';
			}
		}
		if (stop === 'retry') return fail(deps, report, report.error ?? '上传失败');
	}
	if (!anything) return report;
	if (report.outcome === 'nothing') report.outcome = 'done';
	await writeUploadHistory(db, {
		lastSuccessAt: deps.now(),
		failures: 0,
		lastError: report.error ?? null
	});
	return report;
}

const UNREADABLE = '服务器的回答无法识别，稍后自动重试';

/** A request on its way: the server's response, or why there is none. */
type Sent = { request: RequestRows; response: Response } | { request: RequestRows; error: string };
type Accepted = { request: RequestRows; response: Response };

/** A request in flight, and its answer once it has arrived (to write it with the one before). */
interface InFlight {
	answer: Promise<Sent>;
	arrived?: Sent;
}

function inFlight(answer: Promise<Sent>): InFlight {
	const entry: InFlight = { answer };
	void answer.then((a) => (entry.arrived = a));
	return entry;
}

/** A 2xx answer: the server's per-record results are in its body. */
const accepted = (answer: Sent): answer is Accepted => 'response' in answer && answer.response.ok;

/** POST one request; never rejects (a network failure or a timeout is an answer too). */
async function send(deps: UploaderDeps, token: string, request: RequestRows): Promise<Sent> {
	// A timer rather than AbortSignal.timeout(): the same clock as everything else, so a test can
	// move it, and cleared as soon as the answer arrives.
	const controller = new AbortController();
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		controller.abort();
	}, deps.timeoutMs);
	try {
		const response = await deps.fetch(deps.endpoint ?? '/api/sync', {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
			body: request.body,
			signal: controller.signal
		});
		return { request, response };
	} catch {
		return { request, error: timedOut ? '服务器响应超时' : '网络未连接' };
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Apply one answer to the outbox and the report: 'ok' when the device may go on with this
 * member, 'unauthorized' when the token was refused, else the error to retry after.
 */
async function applyAnswer(
	deps: UploaderDeps,
	report: FlushReport,
	memberId: string,
	answer: Sent
): Promise<'ok' | 'unauthorized' | { error: string }> {
	const { db } = deps;
	if ('error' in answer) return { error: answer.error };
	const { request, response } = answer;
	const batch = request.rows;
	const kind = classifyStatus(response.status);
	if (kind === 'retry') return { error: `服务器暂时无法处理（${response.status}）` };
	if (kind === 'unauthorized') {
		await db.members.update(memberId, { needsRejoin: true });
		return 'unauthorized';
	}
	if (kind === 'bad-request') {
		const message = await errorMessage(response);
		// Kept, with the reason on screen; not retried on its own, so no request storm.
		await markRejected(
			db,
			batch.map((r) => r.id),
			message
		);
		await db.checkins.bulkUpdate(
			request.checkins.map((c) => ({
				key: [c.memberKey, c.day, c.kind] as [string, string, string],
				changes: { status: 'rejected' as const, reason: message }
			}))
		);
		report.rejected += batch.length;
		report.checkinsRejected += request.checkins.length;
		return 'ok';
	}
	const body = parseSyncResponse(await response.json().catch(() => null));
	// A 200 that is not our answer (a Wi-Fi login page, a proxy's error page) says nothing about
	// the items: they stay pending and the upload is tried again after a backoff.
	if (!body) return { error: UNREADABLE };
	const counts = await applyResults(db, body.results, deps.now(), batch);
	report.accepted += counts.accepted;
	report.duplicate += counts.duplicate;
	report.rejected += counts.rejected;
	if (body.checkins) {
		const counts = await applyCheckinResults(db, memberId, body.checkins);
		report.checkinsSent += counts.sent;
		report.checkinsRejected += counts.rejected;
	}
	return 'ok';
}

/**
 * Apply several 2xx answers in one IndexedDB transaction (each answer's records are other rows,
 * so this writes what applying them one by one would). An answer that is not the server's stops
 * there: the ones before it are applied, its rows and the later ones' stay pending.
 */
async function applyAccepted(
	deps: UploaderDeps,
	report: FlushReport,
	memberId: string,
	answers: readonly Accepted[]
): Promise<'ok' | { error: string }> {
	const bodies: NonNullable<ReturnType<typeof parseSyncResponse>>[] = [];
	const rows: OutboxRow[] = [];
	let error: { error: string } | null = null;
	for (const { request, response } of answers) {
		const body = parseSyncResponse(await response.json().catch(() => null));
		if (!body) {
			error = { error: UNREADABLE };
			break;
		}
		bodies.push(body);
		rows.push(...request.rows);
	}
	const counts = await applyResults(
		deps.db,
		bodies.flatMap((b) => b.results),
		deps.now(),
		rows
	);
	report.accepted += counts.accepted;
	report.duplicate += counts.duplicate;
	report.rejected += counts.rejected;
	for (const body of bodies) {
		if (!body.checkins) continue;
		const checkins = await applyCheckinResults(deps.db, memberId, body.checkins);
		report.checkinsSent += checkins.sent;
		report.checkinsRejected += checkins.rejected;
	}
	return error ?? 'ok';
}

async function fail(deps: UploaderDeps, report: FlushReport, error: string): Promise<FlushReport> {
	const history = await readUploadHistory(deps.db);
	await writeUploadHistory(deps.db, { failures: history.failures + 1, lastError: error });
	return { ...report, outcome: 'retry', error };
}

async function errorMessage(response: Response): Promise<string> {
	try {
		const body = (await response.clone().json()) as { error?: { message?: unknown } };
		if (typeof body.error?.message === 'string') return body.error.message.slice(0, 200);
	} catch {
		// not JSON
	}
	return `服务器拒收（${response.status}）`;
}

/**
 * After a flush on the page: when the server took results, bring the active member's 错题本
 * history (review-sync.ts, loaded only then; it carries the FSRS scheduler). Here rather than in
 * the upload service, which every first visit loads; the service worker does not use it.
 */
export async function pullReviewsAfter(
	report: FlushReport,
	db: PocketDb,
	fetch: typeof globalThis.fetch
): Promise<void> {
	if (report.accepted + report.duplicate === 0) return;
	const { syncActiveMember } = await import('./review-sync');
	await syncActiveMember(db, fetch);
}
