/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (the manifest is injected at build time), answers
 * every navigation offline with its precached page or a client-routed shell, and uploads the
 * outbox on Background Sync with a script of its own, imported only then (the worker starts for
 * every page opened after a while; see client/background-upload.ts). A new version waits until
 * the page sends SKIP_WAITING (「立即更新」).
 */
import { clientsClaim } from 'workbox-core';
import {
	addRoute,
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precache
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { BACKGROUND_SYNC_TAG, BACKGROUND_UPLOAD_GLOBAL } from '$lib/core/sync/protocol';

declare const self: ServiceWorkerGlobalScope;
/**
 * The Background Sync upload's own script, content-hashed (scripts/lib/service-worker-upload.ts
 * builds it; null where there is none, as under `vite dev`).
 */
declare const __SERVICE_WORKER_UPLOAD__: string | null;

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
type UploadInBackground = (locks: LockManager) => Promise<void>;

/**
 * The upload function of the upload script (client/background-upload.ts), imported the first
 * time this worker's run needs it. Throws when the script cannot be had.
 */
function loadBackgroundUpload(): UploadInBackground {
	const scope = self as unknown as Record<string, UploadInBackground | undefined>;
	if (!scope[BACKGROUND_UPLOAD_GLOBAL]) {
		if (!__SERVICE_WORKER_UPLOAD__) throw new Error('no Background Sync upload in this build');
		importScripts(__SERVICE_WORKER_UPLOAD__);
	}
	const upload = scope[BACKGROUND_UPLOAD_GLOBAL];
	if (!upload) throw new Error('the upload script did not load');
	return upload;
}

// Imported while installing, the script is kept with the worker's own: a later `sync` imports
// it from there (offline too; after install a worker may only import what it imported then).
// Without it the page still uploads by itself, so a failure here must not stop the install.
self.addEventListener('install', () => {
	try {
		loadBackgroundUpload();
	} catch (error) {
		console.error('Background Sync upload unavailable', error);
	}
});

self.addEventListener('sync', (event) => {
	const e = event as SyncEvent;
	if (e.tag !== BACKGROUND_SYNC_TAG) return;
	// A rejection asks the browser to fire the sync again later with its own backoff.
	e.waitUntil(Promise.resolve().then(() => loadBackgroundUpload()(self.navigator.locks)));
});
