/**
 * The few queries every POST /api/sync runs (the token, the day's ranked count, the attempt
 * insert, the sync time), as fixed SQL text handed straight to the driver. Built with Kysely's
 * query builder they cost more to build and compile than SQLite takes to run them (issue #14:
 * 12 % of an upload's CPU time); as text they go through the same connection, transaction and
 * prepared-statement cache as every other query, on SQLite and on PostgreSQL alike. Each is
 * covered by the ingest tests on both databases.
 */
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Database, Db } from './database';

/** SQL written with `?` placeholders, as PostgreSQL wants it: `$1`, `$2`, … */
function numbered(sql: string): string {
	let n = 0;
	return sql.replace(/\?/g, () => `$${++n}`);
}

/** The text of one statement in both dialects, each spelled out once. */
function statement(sql: string): { sqlite: string; postgres: string } {
	return { sqlite: sql, postgres: numbered(sql) };
}

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

async function run<R>(
	db: Db,
	text: { sqlite: string; postgres: string },
	parameters: readonly unknown[]
): Promise<R[]> {
	const sql = isPostgres(db) ? text.postgres : text.sqlite;
	const result = await db.executeQuery<R>(CompiledQuery.raw(sql, [...parameters]));
	return result.rows;
}

export interface TokenRow {
	id: string;
	group_id: string;
	removed_at: number | null;
	group_name: string;
	revoked_at: number | null;
	last_sync_at: number | null;
	time_zone: string;
	start_hour: number;
}

const TOKEN = statement(
	`select member.id, member.group_id, member.removed_at, study_group.name as group_name,
	member_token.revoked_at, member_token.last_sync_at, org.time_zone, org.start_hour
	from member_token
	inner join member on member.id = member_token.member_id
	inner join study_group on study_group.id = member.group_id
	inner join org on org.id = study_group.org_id
	where member_token.token_hash = ?`
);

/** The member, group and org clock behind a token hash (one row), if the token exists. */
export async function tokenRow(db: Db, tokenHash: string): Promise<TokenRow | undefined> {
	return (await run<TokenRow>(db, TOKEN, [tokenHash]))[0];
}

const BRANCH_VERSIONS = statement(
	`select branch_bank_version.bank_id, branch_bank_version.version
	from branch_bank_version
	inner join branch_bank on branch_bank.id = branch_bank_version.bank_id
	where branch_bank.group_id = ?`
);

/** Every published version of a group's branch banks (usually none). */
export function branchBankVersions(
	db: Db,
	groupId: string
): Promise<{ bank_id: string; version: string }[]> {
	return run(db, BRANCH_VERSIONS, [groupId]);
}

// Counting stops at the cap: only whether the member is under it matters, and a member who
// plays all day would otherwise make every later upload count a longer range.
const RANKED_SINCE = statement(
	`select count(*) as n from (select 1 from attempt
	where member_id = ? and received_at >= ? and ranked = 1 limit ?) as capped`
);

/**
 * How many of a member's attempts received since `since` count on the boards, counted up to
 * `cap` (a larger number answers `cap`).
 */
export async function rankedSince(
	db: Db,
	memberId: string,
	since: number,
	cap: number
): Promise<number> {
	const rows = await run<{ n: number | string }>(db, RANKED_SINCE, [memberId, since, cap]);
	return Number(rows[0]?.n ?? 0);
}

/** The columns of an attempt row, in the order the insert below binds them. */
export const ATTEMPT_COLUMNS = [
	'id',
	'member_id',
	'group_id',
	'bank_id',
	'bank_version',
	'mode',
	'competition_id',
	'device_started_at',
	'device_finished_at',
	'received_at',
	'correct',
	'total',
	'answering_ms',
	'points',
	'payload',
	'payload_hash',
	'ranked'
] as const satisfies readonly (keyof Database['attempt'] & keyof AttemptRow)[];

/** An attempt row as stored (every column the insert writes): the table's own type, `ranked` given. */
export type AttemptRow = Omit<Database['attempt'], 'ranked'> & { ranked: number };

/** The insert's text for each row count seen (at most SYNC_MAX_ITEMS of them). */
const inserts = new Map<number, { sqlite: string; postgres: string }>();

function insertText(rows: number): { sqlite: string; postgres: string } {
	let text = inserts.get(rows);
	if (!text) {
		const tuple = `(${ATTEMPT_COLUMNS.map(() => '?').join(', ')})`;
		text = statement(
			`insert into attempt (${ATTEMPT_COLUMNS.join(', ')}) values ${Array(rows).fill(tuple).join(', ')}
			on conflict do nothing returning id`
		);
		inserts.set(rows, text);
	}
	return text;
}

/**
 * Insert attempt rows in one statement; a row whose id or payload hash is stored already is
 * skipped (ON CONFLICT DO NOTHING). Answers the ids it inserted.
 */
export async function insertAttempts(db: Db, rows: readonly AttemptRow[]): Promise<Set<string>> {
	if (!rows.length) return new Set();
	const parameters: unknown[] = [];
	for (const row of rows) for (const column of ATTEMPT_COLUMNS) parameters.push(row[column]);
	const inserted = await run<{ id: string }>(db, insertText(rows.length), parameters);
	return new Set(inserted.map((r) => r.id));
}

const MARK_SYNCED = statement(`update member_token set last_sync_at = ? where token_hash = ?`);

/** Note the time of a token's last complete upload (see syncBatch). */
export async function markTokenSynced(db: Db, tokenHash: string, now: number): Promise<void> {
	await run(db, MARK_SYNCED, [now, tokenHash]);
}

/** A namespace of our own for PostgreSQL advisory locks (the first of the two keys). */
const MEMBER_UPLOAD_LOCK_SPACE = 14;
const MEMBER_UPLOAD_LOCK = `select pg_advisory_xact_lock(${MEMBER_UPLOAD_LOCK_SPACE}, hashtext($1))`;

/**
 * Hold one member's uploads to one transaction at a time until this one ends, so the day's
 * ranked count it reads next is not missing another upload of the member still being stored (a
 * device keeps two requests in flight; on PostgreSQL they run side by side and both counted
 * under the daily cap). SQLite needs nothing: its one connection runs one transaction at a time.
 */
export async function lockMemberUploads(db: Db, memberId: string): Promise<void> {
	if (!isPostgres(db)) return;
	await db.executeQuery(CompiledQuery.raw(MEMBER_UPLOAD_LOCK, [memberId]));
}
