/**
 * drain_1000_ms: a device in headless Chromium with 1,000 finished attempts queued in its outbox
 * empties it to the built server over loopback (the real uploader, batches of up to 100), from
 * reopening the app to its status chip showing nothing waiting.
 *
 * The device is a member's phone as it is after a first visit: the service worker installed and
 * controlling (the app's code comes from its cache, as on every later start), the banks
 * installed. The browser is driven over a bare DevTools pipe (bench/cdp-pipe.ts), not
 * Playwright, whose Network domain made each upload's `fetch` cost three times what it costs a
 * phone (issue #14).
 */
import { builtBank, queuedAttempts } from '../tests/fixtures/queued-attempts';
import { round } from './bank-compile';
import { CdpBrowser } from './cdp-pipe';
import { median, type Metric } from './run';
import { postJson, startBenchServer } from './server';

const QUEUED = 1000;
// Five, as the other browser figures: three left one slow run of a busy machine half the say.
const RUNS = 5;

/**
 * Runs in every document of the measured page, before the app: notes (window.__drainedAt, the
 * device's clock) the moment the header's status chip, having said that results wait
 * (「N 条待上传」), no longer does. A MutationObserver, so nothing polls the measured page.
 */
const WATCH_THE_CHIP = `(() => {
	let seenWaiting = false;
	const observer = new MutationObserver(() => {
		const text = document.querySelector('header.top [role="status"]')?.textContent ?? '';
		if (text.includes('待上传')) seenWaiting = true;
		else if (seenWaiting) {
			window.__drainedAt = Date.now();
			observer.disconnect();
		}
	});
	observer.observe(document, { subtree: true, childList: true, characterData: true });
})();`;

export async function measureDrain(): Promise<Metric[]> {
	const browser = CdpBrowser.launch();
	// BENCH_DRAIN_PORT: another port when 4192 is taken (a shared machine).
	const server = await startBenchServer(Number(process.env.BENCH_DRAIN_PORT ?? 4192));
	try {
		const bank = builtBank('party-history-basics');
		const { group } = await postJson<{
			group: { id: string; joinCode: string; name: string };
		}>(
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
			// Distinct times: the server refuses a copy of an attempt under a new id.
			const rows = queuedAttempts(bank, member.memberId, {
				count: QUEUED,
				questions: 20,
				finishedAt: Date.now()
			});
			const page = await browser.newPage();
			await page.send('Page.navigate', { url: `${server.url}/me` });
			// A device with a thousand finished runs has its banks and its service worker: let this
			// first visit install both before the rows are queued. (Measured during the drain, the
			// first install's downloads and writes took half of a 2-core machine from the uploads.)
			await page.waitFor(
				() =>
					performance.getEntriesByName('bank-update-done').length > 0 &&
					navigator.serviceWorker.controller !== null,
				'the first visit installing the banks and the service worker'
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
					tx.objectStore('settings').put({
						key: 'activeMemberId',
						value: member.memberId
					});
					await new Promise((r) => (tx.oncomplete = r));
					db.close();
				},
				{ rows, member, group }
			);
			// (The Page domain on: without it Chromium ignores scripts added for new documents.)
			await page.send('Page.enable');
			await page.send('Page.addScriptToEvaluateOnNewDocument', {
				source: WATCH_THE_CHIP
			});
			// The page loads its uploader only when it starts with a member or waiting results, and
			// these rows were written behind its back: open it again, as a member coming back to
			// the app would, and time from there.
			const t0 = Date.now();
			await page.send('Page.reload');
			const drainedAt = await page.waitFor(
				() => (window as unknown as { __drainedAt?: number }).__drainedAt,
				'the status chip saying nothing waits'
			);
			times.push(drainedAt - t0);
			// BENCH_DRAIN_TRACE=1 prints each run's timeline (ms from reopening the app): when each
			// upload left and was answered (the page's resource timing), and when the chip said done.
			if (process.env.BENCH_DRAIN_TRACE) {
				const uploads = await page.evaluate(
					(t0) =>
						(performance.getEntriesByType('resource') as PerformanceResourceTiming[])
							.filter((e) => e.name.endsWith('/api/sync'))
							.map((e) => {
								const at = (ms: number) => Math.round(performance.timeOrigin + ms - t0);
								return `${at(e.startTime)}–${at(e.responseEnd)}`;
							}),
					t0
				);
				console.error(`drain run ${run}: uploads ${uploads.join(', ')}; done ${drainedAt - t0}`);
			}
			const outbox = await page.evaluate(async () => {
				const open = indexedDB.open('pocket-classroom');
				const db = await new Promise<IDBDatabase>((r) => (open.onsuccess = () => r(open.result)));
				const count = (status: string) =>
					new Promise<number>((r) => {
						const q = db.transaction('outbox').objectStore('outbox').index('status').count(status);
						q.onsuccess = () => r(q.result);
					});
				const [sent, pending] = [await count('sent'), await count('pending')];
				db.close();
				return { sent, pending };
			});
			// A drain that was refused is no drain: every attempt must have reached the server.
			if (outbox.sent !== QUEUED || outbox.pending !== 0) {
				throw new Error(
					`drain: ${outbox.sent} of ${QUEUED} attempts accepted, ${outbox.pending} still waiting`
				);
			}
			await page.close();
		}
		return [{ metric: 'drain_1000_ms', value: round(median(times)), unit: 'ms' }];
	} finally {
		await server.stop();
		await browser.close();
	}
}
