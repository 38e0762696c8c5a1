/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (the manifest is injected at build time), answers
 * every navigation offline with its precached page or a client-routed shell, and uploads the
 * outbox on Background Sync. A new version waits until the page sends SKIP_WAITING (「立即更新」).
 */
import { clientsClaim } from 'workbox-core';
import {
	addRoute,
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precache
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { BACKGROUND_SYNC_TAG, UPLOAD_TIMEOUT_MS } from '$lib/core/sync/protocol';
import { openPocketDb } from '$lib/client/db';
import { flushOutbox } from '$lib/client/uploader';

declare const self: ServiceWorkerGlobalScope;

precache(self.__WB_MANIFEST);
// 今日 (the start page) is answered with its prerendered document, drawn before any script runs
// (routes/today/+page.ts); registered before the precache's route, so the precache's own `/` (a
// client-rendered shell, what the server gives a first visit) does not answer it.
registerRoute(
	new NavigationRoute(createHandlerBoundToURL('/today'), { allowlist: [/^\/(?:\?|$)/] })
);
addRoute();
cleanupOutdatedCaches();

// A practice deep link (云学 from 今日, a bookmarked bank) gets the practice page's own
// prerendered shell, which preloads that page's code; see routes/practice/[bankId]/+page.ts.
// (Workbox matches the path with its query: ?play=daily must match too.)
registerRoute(
	new NavigationRoute(createHandlerBoundToURL('/practice/_'), {
		allowlist: [/^\/practice\/[^/?]+\/?(?:\?|$)/]
	})
);
// The API must reach the server or fail honestly; bank bundles go to IndexedDB, not this cache.
registerRoute(
	new NavigationRoute(createHandlerBoundToURL('/'), { denylist: [/^\/api\//, /^\/banks\//] })
);

self.addEventListener('message', (event) => {
	if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first worker takes control at once, so the very first visit already works offline; later
// versions still wait for the member (no skipWaiting without the message above).
clientsClaim();

interface SyncEvent extends ExtendableEvent {
	tag: string;
}

self.addEventListener('sync', (event) => {
	const e = event as SyncEvent;
	if (e.tag !== BACKGROUND_SYNC_TAG) return;
	e.waitUntil(
		(async () => {
			const db = openPocketDb();
			db.on('versionchange', () => {
				db.close();
				return false;
			});
			try {
				const report = await flushOutbox({
					db,
					fetch: (input, init) => fetch(input, init),
					now: () => Date.now(),
					timeoutMs: UPLOAD_TIMEOUT_MS,
					locks: self.navigator.locks
				});
				// Throwing asks the browser to fire the sync again later with its own backoff.
				if (report.outcome === 'retry') throw new Error(report.error ?? 'upload failed');
			} finally {
				db.close();
			}
		})()
	);
});
