import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import adapter from '@sveltejs/adapter-node';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// What 我的 shows as the app's version: the release and when this build was made (UTC), unique
// per build as SvelteKit needs, and readable for a member reporting a problem. The time is taken
// once per build: this file is loaded again for the server build and in the prerender process (a
// child, which inherits the variable), and on a busy machine a minute can pass in between; two
// names would give the prerendered pages a different boot global than the client's chunks, and
// no page would start.
process.env.POCKET_BUILD_TIME ??= new Date().toISOString();
const buildName = `${pkg.version} · ${process.env.POCKET_BUILD_TIME.slice(0, 16).replace('T', ' ')}`;

// app.html's one inline script (large text on <html> before the first paint, see
// state/settings.svelte.ts), allowed by its hash wherever the policy is a header.
const appHtml = readFileSync(new URL('./src/app.html', import.meta.url), 'utf8');
const inlineScripts = [...appHtml.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
	([, body]) => `sha256-${createHash('sha256').update(body).digest('base64')}`
);

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our own code; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// @vite-pwa/sveltekit registers the Workbox service worker itself (prompt strategy);
		// letting SvelteKit register one too would give two.
		serviceWorker: { register: false },
		typescript: {
			// Scripts and benchmarks reuse core, so the type check covers them too.
			config: (tsconfig) => {
				tsconfig.include.push('../scripts/**/*.ts', '../bench/**/*.ts', '../playwright.config.ts');
			}
		},
		// Absolute asset paths: the offline fallback shell is served for every URL, and relative
		// paths would resolve against the deep link (/practice/_app/...).
		paths: { relative: false },
		// A page's style sheets (each under 4 KB) go inside its document: the installed app's
		// offline documents (今日's, the practice shell) then ask the service worker for six fewer
		// files before they can draw, each a request the main thread issues and waits on, about
		// 50 ms of a cheap phone's cold start (issue #14). style-src allows inline styles already.
		inlineStyleThreshold: 4096,
		// Prerendered pages get this as a <meta> tag with hashes of SvelteKit's own inline boot
		// script; server responses get it as a header. Our only inline script is app.html's.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', ...inlineScripts],
				// Svelte sets style attributes (transitions); no external styles are loaded.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		},
		prerender: {
			// 今日 is prerendered with its content (routes/today/+page.ts); its links to anchors in
			// other pages (/checkin#lecture) point into client-rendered pages, which have no ids to
			// check. Any other page's missing anchor still fails the build.
			handleMissingId: ({ referrers, message }) => {
				if (referrers.some((page) => page !== '/today')) throw new Error(message);
			}
		},
		version: {
			name: buildName,
			// A new deploy is noticed by the service worker's update check, not by polling.
			pollInterval: 0
		}
	}
};

export default config;
