/**
 * `npm run banks`: validate and compile every bank in question-banks/ into static/banks/.
 * Exits non-zero with one line per problem (file:line field: what was expected).
 */
import { resolve } from 'node:path';
import { BankCompileError, compileAllBanks, formatProblem } from './lib/compile-banks';

const banksDir = resolve(process.env.BANKS_DIR ?? 'question-banks');
const outDir = resolve(process.env.BANKS_OUT ?? 'static/banks');

try {
	const { index } = await compileAllBanks(banksDir, outDir);
	for (const b of index.banks) {
		console.log(
			`✓ ${b.id} v${b.version}: ${b.questionCount} questions, ${b.cardCount} cards, ${b.bytes} bytes → ${b.url}`
		);
	}
} catch (e) {
	if (e instanceof BankCompileError) {
		console.error(`✗ ${e.problems.length} problem(s) in the question banks:`);
		for (const p of e.problems) console.error('  ' + formatProblem(p));
		process.exit(1);
	}
	throw e;
}
