/**
 * What a failed write says about the data, read the same way on SQLite (better-sqlite3's
 * `SQLITE_CONSTRAINT_*` codes) and PostgreSQL (SQLSTATE class 23, integrity constraint
 * violation). A violated constraint is a conflict with data already stored (two requests raced,
 * a row changed meanwhile), never a server fault: it becomes a 409, not a 500.
 */

function codeOf(e: unknown): string {
	const code = (e as { code?: unknown } | null)?.code;
	return typeof code === 'string' ? code : '';
}

/** Any violated constraint: unique, primary key, foreign key, not null, check. */
export function isConstraintViolation(e: unknown): boolean {
	const code = codeOf(e);
	return code.startsWith('SQLITE_CONSTRAINT') || /^23\d{3}$/.test(code);
}

/** A unique or primary-key constraint: the row (or its unique value) exists already. */
export function isUniqueViolation(e: unknown): boolean {
	const code = codeOf(e);
	return (
		code === 'SQLITE_CONSTRAINT_UNIQUE' ||
		code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
		code === '23505'
	);
}
