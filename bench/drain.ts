/**
 * drain_1000_ms: a device in headless Chromium with 1,000 finished attempts queued in its outbox
 * empties it to the built server over loopback (the real uploader, batches of up to 100).
 */
import { builtBank, queuedAttempts } from '../tests/fixtures/queued-attempts';
import { round } from './bank-compile';
import { median, type BenchContext, type Metric } from './run';
import { postJson, startBenchServer } from './server';

const QUEUED = 1000;
const RUNS = 3;

export async function measureDrain(ctx: BenchContext): Promise<Metric[]> {
	const browser = await ctx.browser();
	// BENCH_DRAIN_PORT: another port when 4192 is taken (a shared machine).
	const server = await startBenchServer(Number(process.env.BENCH_DRAIN_PORT ?? 4192));
	try {
		const bank = builtBank('party-history-basics');
		const { group } = await postJson<{ group: { id: string; joinCode: string; name: string } }>(
			`${server.url}/api/admin/groups`,
			{ kind: 'branch', name: '上传测试支部' },
			{ cookie: server.adminCookie }
		);
		const times: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			const member = await postJson<{ memberId: string; token: string }>(`${server.url}/api/join`, {
				code: group.joinCode,
				displayName: `设备${run}`
			});
			const now = Date.now();
			// Distinct times: the server refuses a copy of an attempt under a new id.
			const rows = queuedAttempts(bank, member.memberId, {
				count: QUEUED,
				questions: 20,
				finishedAt: now
			});
			const context = await browser.newContext({ serviceWorkers: 'block' });
			const page = await context.newPage();
			await page.goto(`${server.url}/me`);
			await page.getByRole('heading', { name: '我的' }).waitFor();
			// A device with a thousand finished runs has its banks: let this first visit install
			// them before the rows are queued. (Measured during the drain, the first install's
			// downloads and writes took half of a 2-core machine from the uploads, issue #14.)
			await page.waitForFunction(
				() => performance.getEntriesByName('bank-update-done').length > 0,
				undefined,
				{ timeout: 60_000 }
			);
			await page.evaluate(
				async ({ rows, member, group }) => {
					const open = indexedDB.open('pocket-classroom');
					const db = await new Promise<IDBDatabase>((r) => (open.onsuccess = () => r(open.result)));
					const tx = db.transaction(['outbox', 'members', 'settings'], 'readwrite');
					for (const row of rows) tx.objectStore('outbox').put(row);
					tx.objectStore('members').put({
						id: member.memberId,
						displayName: '压测',
						groupId: group.id,
						groupName: group.name,
						groupKind: 'branch',
						token: member.token,
						needsRejoin: false,
						joinedAt: Date.now()
					});
					tx.objectStore('settings').put({ key: 'activeMemberId', value: member.memberId });
					await new Promise((r) => (tx.oncomplete = r));
					db.close();
				},
				{ rows, member, group }
			);
			// The server's answers are counted as they arrive, and the outbox is polled only once
			// it has answered for every row: polling IndexedDB from the start (every 20 ms a
			// connection, a transaction and a CDP round trip in the measured page) took time from
			// the drain it measured.
			let t0 = Date.now();
			let answered = 0;
			// BENCH_DRAIN_TRACE=1 prints each run's timeline (ms from reopening the app): when each
			// upload left and was answered, and when the outbox was empty.
			const timeline: string[] = [];
			const at = () => Date.now() - t0;
			page.on('request', (request) => {
				if (request.url().endsWith('/api/sync')) timeline.push(`req ${at()}`);
			});
			let allAnswered: () => void = () => {};
			const everyRowAnswered = new Promise<void>((r) => (allAnswered = r));
			page.on('response', (response) => {
				if (!response.url().endsWith('/api/sync') || !response.ok()) return;
				timeline.push(`res ${at()}`);
				response
					.json()
					.then((body: { results?: unknown[] }) => {
						answered += body.results?.length ?? 0;
						if (answered >= QUEUED) allAnswered();
					})
					.catch(() => undefined);
			});
			// The page loads its uploader only when it starts with a member or waiting results
			// (issue #14), and these rows were written behind its back: open it again, as a member
			// coming back to the app would, and time from there.
			t0 = Date.now();
			await page.reload();
			await page.evaluate(() => window.dispatchEvent(new Event('online')));
			let timer: ReturnType<typeof setTimeout> | undefined;
			await Promise.race([
				everyRowAnswered,
				new Promise((_, reject) => {
					timer = setTimeout(
						() => reject(new Error('drain: not every row answered within a minute')),
						60_000
					);
				})
			]).finally(() => clearTimeout(timer));
			// Poll from here (the last answers being written): waitForFunction would take the
			// async predicate's promise as truthy.
			const pending = () =>
				page.evaluate(async () => {
					const open = indexedDB.open('pocket-classroom');
					const db = await new Promise<IDBDatabase>((r) => (open.onsuccess = () => r(open.result)));
					const count = await new Promise<number>((r) => {
						const q = db
							.transaction('outbox')
							.objectStore('outbox')
							.index('status')
							.count('pending');
						q.onsuccess = () => r(q.result);
					});
					db.close();
					return count;
				});
			for (let waited = 0; (await pending()) > 0; waited += 20) {
				if (waited > 60_000) throw new Error('drain: the outbox did not empty within a minute');
				await new Promise((r) => setTimeout(r, 20));
			}
			times.push(Date.now() - t0);
			if (process.env.BENCH_DRAIN_TRACE)
				console.error(`drain run ${run}: ${timeline.join(', ')}, empty ${at()}`);
			const sent = await page.evaluate(async () => {
				const open = indexedDB.open('pocket-classroom');
				const db = await new Promise<IDBDatabase>((r) => (open.onsuccess = () => r(open.result)));
				return new Promise<{ sent: number; error?: string }>((r) => {
					const store = db.transaction('outbox').objectStore('outbox');
					const q = store.index('status').count('sent');
					q.onsuccess = () => {
						const any = store.openCursor();
						any.onsuccess = () => {
							const v = any.result?.value as { lastError?: string; status?: string } | undefined;
							r({
								sent: q.result,
								error: v ? `${v.status}: ${v.lastError ?? ''}` : 'outbox empty'
							});
						};
					};
				});
			});
			// A drain that was refused is no drain: every attempt must have reached the server.
			if (sent.sent !== QUEUED) {
				throw new Error(`drain: ${sent.sent} of ${QUEUED} attempts accepted (${sent.error ?? ''})`);
			}
			await context.close();
		}
		return [{ metric: 'drain_1000_ms', value: round(median(times)), unit: 'ms' }];
	} finally {
		await server.stop();
	}
}
