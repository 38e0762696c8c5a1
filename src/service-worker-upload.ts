/// <reference lib="webworker" />
/**
 * The service worker's Background Sync upload, built as a classic script of its own
 * (scripts/lib/service-worker-upload.ts) and imported by src/service-worker.ts only when it
 * installs and when a `sync` event comes, so that starting the worker for a navigation does
 * not parse it (see client/background-upload.ts).
 */
import { uploadInBackground } from '$lib/client/background-upload';
import { BACKGROUND_UPLOAD_GLOBAL } from '$lib/core/sync/protocol';

(self as unknown as Record<string, unknown>)[BACKGROUND_UPLOAD_GLOBAL] = uploadInBackground;
