/**
 * `npm run banks`: validate and compile every bank in question-banks/ into static/banks/.
 * `npm run banks -- release <bank-id>`: cut a release of that bank (writes
 * question-banks/<bank-id>/releases/<version>.json, to be committed), then compile.
 * Exits non-zero with one line per problem (file:line field: what was expected).
 *
 * The exit code is set, never forced with process.exit(): output piped into another program
 * (`npm run banks -- import … | wc -l`) is written asynchronously, and exiting early cuts it off.
 */
import { resolve } from 'node:path';
import { unlistedLeaks } from '../src/lib/core/bank/leaks';
import {
	BankCompileError,
	buildBanks,
	compileAllBanks,
	formatProblem,
	releaseBank,
	type CompileReport
} from './lib/compile-banks';

const banksDir = resolve(process.env.BANKS_DIR ?? 'question-banks');
const outDir = resolve(process.env.BANKS_OUT ?? 'static/banks');

function usage(): number {
	console.error('usage: npm run banks                     compile every bank');
	console.error('       npm run banks -- release <bank-id> cut a release of one bank');
	console.error('       npm run banks -- leaks             list answers printed in other stems');
	return 2;
}

function printIndex({ index }: CompileReport) {
	for (const b of index.banks) {
		const state = b.released ? 'released' : 'draft';
		const older = b.releases.filter((r) => r.version !== b.version).length;
		console.log(
			`✓ ${b.id} v${b.version} (${state}): ${b.questionCount} questions, ${b.cardCount} cards, ${b.bytes} bytes → ${b.url}` +
				(older ? `; ${older} earlier release(s) kept, ${b.deltas.length} delta(s)` : '')
		);
	}
}

function printDrafts({ drafts }: CompileReport) {
	for (const d of drafts) {
		console.log(
			`  ${d.bankId}: ${d.count} draft question(s) kept out of the release (${d.notes.join(', ')}); list them: npm run banks -- drafts --bank ${d.bankId}`
		);
	}
}

async function main(): Promise<number> {
	// `npm run banks -- import|export|template|drafts …`: teachers' Excel and Moodle files.
	const subcommand = process.argv[2];
	if (['import', 'export', 'template', 'drafts'].includes(subcommand ?? '')) {
		const { runBankIoCli } = await import('./lib/bank-io/cli');
		return runBankIoCli(process.argv.slice(2), {
			banksDir,
			cwd: process.cwd(),
			today: new Date().toLocaleDateString('sv-SE'),
			log: (line) => console.log(line),
			error: (line) => console.error(line)
		});
	}
	const [command, bankId, ...extra] = process.argv.slice(2);
	try {
		if (command === undefined) {
			const report = await compileAllBanks(banksDir, outDir);
			printIndex(report);
			printDrafts(report);
		} else if (command === 'leaks' && bankId === undefined) {
			for (const bank of await buildBanks(banksDir, { allowUnlistedLeaks: true })) {
				const unlisted = unlistedLeaks(bank.leaks, bank.meta.conflicts ?? []);
				console.log(
					`${bank.meta.id}: ${bank.leaks.length} answer(s) printed in another stem, ${unlisted.length} not listed under conflicts`
				);
				for (const l of bank.leaks) {
					const mark = unlisted.includes(l) ? '✗' : '✓';
					console.log(`  ${mark} ${l.answerId} 「${l.text}」 is printed in ${l.stemId}`);
				}
				if (unlisted.length) {
					console.log('  to list them, add to bank.yaml:\n  conflicts:');
					for (const l of unlisted) console.log(`    - [${l.answerId}, ${l.stemId}]`);
				}
			}
		} else if (command === 'release' && bankId && !extra.length) {
			const report = await releaseBank(banksDir, bankId, outDir);
			console.log(`✓ released ${bankId} v${report.version} → ${report.file} (commit this file)`);
			printIndex(report);
			printDrafts(report);
		} else return usage();
	} catch (e) {
		if (e instanceof BankCompileError) {
			console.error(`✗ ${e.problems.length} problem(s) in the question banks:`);
			for (const p of e.problems) console.error('  ' + formatProblem(p));
			return 1;
		}
		throw e;
	}
	return 0;
}

process.exitCode = await main();
