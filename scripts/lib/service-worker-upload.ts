/**
 * Builds the service worker's Background Sync upload (src/service-worker-upload.ts) into a
 * classic script of its own, for the worker to `importScripts` only when it needs it (see
 * src/lib/client/background-upload.ts for why it is not in the worker's script).
 *
 * SvelteKit builds the worker itself, in a build of its own that takes none of our plugins but
 * does take the app's `define`. So this plugin builds the upload script first (when Vite reads
 * the config), names it by a hash of its content, tells the worker that name through `define`
 * (`__SERVICE_WORKER_UPLOAD__`), and adds the file to the client's output. The name changes with
 * the code, so no cache can hand a new worker an old upload script; the file lives under
 * `_app/immutable/` and is left out of the precache (vite.config.ts): the browser keeps it with
 * the worker's own script, and a second copy in the cache would only cost a download.
 */
import { createHash } from 'node:crypto';
import { build, type Plugin, type Rolldown } from 'vite';

/** Where the script goes in the client's output (its hash is added to the name). */
export const UPLOAD_SCRIPT_PREFIX = '_app/immutable/workers/service-worker-upload.';

interface Options {
	/** The script's entry module. */
	entry: string;
	/** What `$lib` stands for. */
	lib: string;
}

export function serviceWorkerUpload({ entry, lib }: Options): Plugin {
	let script: { fileName: string; code: string } | undefined;
	return {
		name: 'pocket-classroom:service-worker-upload',
		async config(_, env) {
			// `vite dev` and the tests have no built worker: no upload script either.
			if (env.command !== 'build') return { define: { __SERVICE_WORKER_UPLOAD__: 'null' } };
			const code = await buildClassicScript(entry, lib);
			const hash = createHash('sha256').update(code).digest('base64url').slice(0, 10);
			script = { fileName: `${UPLOAD_SCRIPT_PREFIX}${hash}.js`, code };
			// Relative to the worker's own address (/service-worker.js), as importScripts reads it.
			return { define: { __SERVICE_WORKER_UPLOAD__: JSON.stringify(script.fileName) } };
		},
		generateBundle() {
			if (!script || this.environment.name !== 'client') return;
			this.emitFile({ type: 'asset', fileName: script.fileName, source: script.code });
		}
	};
}

/** One self-contained IIFE (no import or export left): what `importScripts` can run. */
async function buildClassicScript(entry: string, lib: string): Promise<string> {
	const result = await build({
		configFile: false,
		logLevel: 'warn',
		publicDir: false,
		resolve: { alias: { $lib: lib } },
		build: {
			write: false,
			minify: true,
			modulePreload: false,
			rolldownOptions: { input: entry, output: { format: 'iife' } }
		}
	});
	const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
	const chunks = outputs.flatMap((o) => o.output).filter((c) => c.type === 'chunk');
	const [only] = chunks;
	if (!only || chunks.length !== 1)
		throw new Error(`the service worker's upload script built into ${chunks.length} files, not 1`);
	return only.code;
}
