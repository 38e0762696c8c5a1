import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'static/banks/',
			'reports/',
			'test-results/',
			'test-results-*/',
			'data/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// typescript-eslint recommends this off for TS: the compiler already checks names.
			'no-undef': 'off'
		}
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		ignores: ['eslint.config.js', 'svelte.config.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error'
		}
	},
	{
		// SvelteKit keeps the service worker out of the app's tsconfig (it has the webworker lib,
		// not the DOM one), so lint it without type information.
		files: ['src/service-worker.ts'],
		languageOptions: { parserOptions: { projectService: false, project: null } },
		rules: { '@typescript-eslint/no-floating-promises': 'off' }
	},
	{
		// The heart of the app runs unchanged in the page, the service worker, the server, the
		// compiler and Node tests: no framework, browser storage, DOM or Node imports in it.
		files: ['src/lib/core/**/*.ts'],
		languageOptions: { globals: {} },
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['svelte', 'svelte/*'], message: 'core must not depend on Svelte' },
						{ group: ['$app/*', '@sveltejs/*'], message: 'core must not depend on SvelteKit' },
						{ group: ['dexie', 'dexie/*'], message: 'core must not touch IndexedDB' },
						{ group: ['node:*'], message: 'core must not use Node APIs; pass them in' },
						{
							group: ['$lib/client/*', '$lib/server/*', '$lib/state/*', '$lib/components/*'],
							message: 'core is the bottom layer'
						}
					]
				}
			],
			'no-restricted-globals': [
				'error',
				{ name: 'window', message: 'core has no DOM' },
				{ name: 'document', message: 'core has no DOM' },
				{ name: 'localStorage', message: 'core has no storage' },
				{ name: 'indexedDB', message: 'core has no storage' },
				{ name: 'fetch', message: 'core does no I/O' }
			]
		}
	},
	{
		// Pages and components reach the device's data (IndexedDB, the outbox, the server's API)
		// only through the rune classes of src/lib/state (ARCHITECTURE.md, "Layers"). Types may
		// still be named from the client layer: they cost nothing at run time.
		files: ['src/routes/**/*.{ts,svelte}', 'src/lib/components/**/*.{ts,svelte}'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['$lib/client/*'],
							allowTypeImports: true,
							message: 'pages and components go through $lib/state for the device and the API'
						}
					]
				}
			]
		}
	},
	{
		files: ['src/lib/client/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['$lib/server/*'], message: 'client and server never import each other' }
					]
				}
			]
		}
	},
	{
		files: ['src/lib/server/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['$lib/client/*', '$lib/state/*'],
							message: 'client and server never import each other'
						}
					]
				}
			]
		}
	}
);
