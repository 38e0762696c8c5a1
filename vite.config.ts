import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { chunkGroups } from './scripts/lib/chunk-groups.ts';
import { serviceWorkerUpload, UPLOAD_SCRIPT_PREFIX } from './scripts/lib/service-worker-upload.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The client's chunks: the shell every page loads, and the first screens' code grouped by which
 * of them need it (scripts/lib/chunk-groups.ts). The first screens are what is opened cold: 今日
 * (the installed app's start page), a practice page and the quiz its 「10 题」 loads (and its
 * pupils' mode), 打卡, and 课堂's host and projector windows (a classroom's one screen, on weak
 * school internet). A page that starts loading another screen's chunks is a candidate to name.
 */
const chunking = chunkGroups({
	layout: here('./src/routes/+layout.svelte'),
	appLib: here('./src/lib/'),
	clientEntry: here('./.svelte-kit/generated/client-optimized/app.js'),
	// About 400 bytes minified: three such groups in the shell cost a page less than one file.
	smallGroupChars: 1000,
	screens: [
		{ name: 'today', roots: [here('./src/routes/+page.svelte')] },
		{ name: 'practice', roots: [here('./src/routes/practice/[bankId]/+page.svelte')] },
		{ name: 'checkin', roots: [here('./src/routes/checkin/+page.svelte')] },
		{
			name: 'stage',
			roots: [
				here('./src/routes/stage/[id]/+page.svelte'),
				here('./src/routes/stage/[id]/screen/+page.svelte')
			]
		},
		{
			// Pupils' mode on the quiz (a classroom's projector): pinyin and read-aloud load with it.
			name: 'pupil',
			roots: [
				here('./src/lib/components/PinyinText.svelte'),
				here('./src/lib/components/ReadAloud.svelte')
			]
		},
		{
			name: 'quiz',
			roots: [
				here('./src/lib/state/quiz-session.svelte.ts'),
				here('./src/lib/components/quiz/QuestionView.svelte')
			]
		}
	]
});

export default defineConfig({
	resolve: {
		alias: {
			// Dexie's modern ES build: the package's default entry wraps its ES5 UMD build, which is
			// 1.6 KiB more gzip on every first visit (npm run bench -- practice_js_gz_kb).
			dexie: fileURLToPath(new URL('./node_modules/dexie/dist/modern/dexie.mjs', import.meta.url))
		}
	},
	build: {
		rolldownOptions: {
			output: {
				codeSplitting: {
					groups: chunking
				}
			}
		}
	},
	plugins: [
		sveltekit(),
		serviceWorkerUpload({
			entry: here('./src/service-worker-upload.ts'),
			lib: here('./src/lib')
		}),
		SvelteKitPWA({
			// A new version is announced and applied only when the member accepts it
			// (never in the middle of a quiz): see src/lib/state/app-update.svelte.ts.
			registerType: 'prompt',
			injectRegister: false,
			manifest: {
				name: '口袋课堂',
				short_name: '口袋课堂',
				description: '金河镇党史学习教育：离线答题、每日学习、成绩上传',
				lang: 'zh-CN',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				orientation: 'any',
				theme_color: '#b71c1c',
				background_color: '#fff8f0',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
					{
						src: '/icons/icon-maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			// Our own service worker (src/service-worker.ts, built by SvelteKit): it precaches like generateSW would, and also
			// uploads the outbox on Background Sync with the same code the page uses.
			strategies: 'injectManifest',
			srcDir: 'src',
			filename: 'service-worker.ts',
			injectManifest: {
				// Bank bundles go to IndexedDB through the installer, not into the precache; the
				// worker's upload script is kept by the browser with the worker itself.
				globIgnores: ['client/banks/**', `client/${UPLOAD_SCRIPT_PREFIX}*`]
			}
		})
	],
	test: {
		environment: 'node',
		testTimeout: 20_000,
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/{core,client,server,scripts}/**/*.test.ts'] }
			},
			{
				// The state classes are rune classes: Svelte's client runtime (effects, subscribers)
				// runs them, so compile and resolve for the browser here (and only here: the server
				// tests need Node's builds of their packages).
				extends: true,
				resolve: { conditions: ['browser'] },
				test: {
					name: 'state',
					include: ['tests/state/**/*.test.ts'],
					environment: './tests/state/environment.ts',
					// Before Dexie loads: it takes the IndexedDB it finds when it is imported.
					setupFiles: ['fake-indexeddb/auto']
				}
			}
		]
	}
});
