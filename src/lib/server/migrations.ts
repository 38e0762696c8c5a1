/**
 * Schema migrations, in code so they ship inside the server bundle. Append new entries; never
 * edit one that has run. Written with Kysely's schema builder and only portable types (text,
 * integer, bigint as epoch milliseconds) so the same list runs on SQLite and PostgreSQL.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
	'2026-11-29-001-app-meta': {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('app_meta')
				.addColumn('key', 'text', (c) => c.primaryKey())
				.addColumn('value', 'text', (c) => c.notNull())
				.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
				.execute();
		}
	},
	'2026-11-29-002-orgs-groups-members-attempts': {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('org')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('time_zone', 'text', (c) => c.notNull())
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('admin')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('org_id', 'text', (c) => c.notNull().references('org.id'))
				.addColumn('username', 'text', (c) => c.notNull().unique())
				.addColumn('password_hash', 'text', (c) => c.notNull())
				// 'org': every group of the org; 'group': only the groups in admin_group.
				.addColumn('scope', 'text', (c) => c.notNull())
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('admin_session')
				.addColumn('token_hash', 'text', (c) => c.primaryKey())
				.addColumn('admin_id', 'text', (c) =>
					c.notNull().references('admin.id').onDelete('cascade')
				)
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('expires_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('study_group')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('org_id', 'text', (c) => c.notNull().references('org.id'))
				.addColumn('kind', 'text', (c) => c.notNull())
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('join_code', 'text', (c) => c.notNull().unique())
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('admin_group')
				.addColumn('admin_id', 'text', (c) =>
					c.notNull().references('admin.id').onDelete('cascade')
				)
				.addColumn('group_id', 'text', (c) =>
					c.notNull().references('study_group.id').onDelete('cascade')
				)
				.addPrimaryKeyConstraint('admin_group_pk', ['admin_id', 'group_id'])
				.execute();
			await db.schema
				.createTable('member')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('group_id', 'text', (c) => c.notNull().references('study_group.id'))
				.addColumn('display_name', 'text', (c) => c.notNull())
				// 1 for a name the teacher put on a class roster (claimed by tapping it).
				.addColumn('on_roster', 'integer', (c) => c.notNull())
				.addColumn('recovery_hash', 'text')
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('member_group').on('member').column('group_id').execute();
			await db.schema
				.createTable('member_token')
				.addColumn('token_hash', 'text', (c) => c.primaryKey())
				.addColumn('member_id', 'text', (c) =>
					c.notNull().references('member.id').onDelete('cascade')
				)
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('revoked_at', 'bigint')
				.execute();
			await db.schema
				.createTable('attempt')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
				.addColumn('group_id', 'text', (c) => c.notNull().references('study_group.id'))
				.addColumn('bank_id', 'text', (c) => c.notNull())
				.addColumn('bank_version', 'text', (c) => c.notNull())
				.addColumn('mode', 'text', (c) => c.notNull())
				.addColumn('competition_id', 'text')
				// Device clocks lie: keep what the device said and when the server received it.
				.addColumn('device_started_at', 'bigint', (c) => c.notNull())
				.addColumn('device_finished_at', 'bigint', (c) => c.notNull())
				.addColumn('received_at', 'bigint', (c) => c.notNull())
				.addColumn('correct', 'integer', (c) => c.notNull())
				.addColumn('total', 'integer', (c) => c.notNull())
				.addColumn('answering_ms', 'bigint', (c) => c.notNull())
				.addColumn('payload', 'text', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('attempt_group_member')
				.on('attempt')
				.columns(['group_id', 'member_id'])
				.execute();
		}
	},
	'2026-11-29-003-checkins-lectures': {
		async up(db: Kysely<unknown>) {
			// The hour a study day starts at, in the org's zone (core/streak.ts, DEFAULT_START_HOUR).
			await db.schema
				.alterTable('org')
				.addColumn('start_hour', 'integer', (c) => c.notNull().defaultTo(4))
				.execute();
			await db.schema
				.createTable('lecture_session')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('group_id', 'text', (c) => c.notNull().references('study_group.id'))
				.addColumn('title', 'text', (c) => c.notNull())
				// Short, in the join-code alphabet, read out at the session.
				.addColumn('code', 'text', (c) => c.notNull().unique())
				.addColumn('starts_at', 'bigint', (c) => c.notNull())
				.addColumn('ends_at', 'bigint', (c) => c.notNull())
				.addColumn('created_by', 'text', (c) => c.notNull().references('admin.id'))
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('lecture_session_group')
				.on('lecture_session')
				.columns(['group_id', 'starts_at'])
				.execute();
			// A set: one row per member, study day and kind, whichever device sent it first.
			await db.schema
				.createTable('checkin')
				.addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
				.addColumn('day', 'text', (c) => c.notNull())
				.addColumn('kind', 'text', (c) => c.notNull())
				.addColumn('group_id', 'text', (c) => c.notNull().references('study_group.id'))
				.addColumn('lecture_id', 'text', (c) => c.references('lecture_session.id'))
				// Device clocks lie: keep what the device said and when the server received it.
				.addColumn('device_at', 'bigint', (c) => c.notNull())
				.addColumn('received_at', 'bigint', (c) => c.notNull())
				.addPrimaryKeyConstraint('checkin_pk', ['member_id', 'day', 'kind'])
				.execute();
			await db.schema
				.createIndex('checkin_group_day')
				.on('checkin')
				.columns(['group_id', 'day'])
				.execute();
		}
	},
	'2026-11-29-004-attempt-points': {
		async up(db: Kysely<unknown>) {
			// Points as core/rescore.ts scores them (speed bonus in 限时赛). Null until scored:
			// ingest writes it for new attempts; fillAttemptPoints (at start) scores older ones,
			// because re-scoring needs the bank versions, which a migration does not have.
			await db.schema.alterTable('attempt').addColumn('points', 'integer').execute();
			await db.schema
				.createIndex('attempt_group_mode')
				.on('attempt')
				.columns(['group_id', 'mode'])
				.execute();
		}
	},
	'2026-11-29-005-attempt-received-index': {
		async up(db: Kysely<unknown>) {
			// The results export reads one group's attempts received in a range of days.
			await db.schema
				.createIndex('attempt_group_received')
				.on('attempt')
				.columns(['group_id', 'received_at'])
				.execute();
		}
	},
	'2026-12-04-006-hardening': {
		async up(db: Kysely<unknown>) {
			// Failed logins per typed username, known or not (so a name cannot be probed): a growing
			// delay, then a lock an org admin can clear (server/login-throttle.ts).
			await db.schema
				.createTable('login_throttle')
				.addColumn('username', 'text', (c) => c.primaryKey())
				.addColumn('failures', 'integer', (c) => c.notNull())
				.addColumn('next_at', 'bigint', (c) => c.notNull())
				.addColumn('locked_until', 'bigint', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.execute();
			// Wrong 讲坛 codes per member and study day (server/lectures.ts).
			await db.schema
				.createTable('lecture_code_tries')
				.addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
				.addColumn('day', 'text', (c) => c.notNull())
				.addColumn('tries', 'integer', (c) => c.notNull())
				.addPrimaryKeyConstraint('lecture_code_tries_pk', ['member_id', 'day'])
				.execute();
			// A member an admin removed (or merged into another): their results stay, marked.
			await db.schema.alterTable('member').addColumn('removed_at', 'bigint').execute();
			await db.schema.alterTable('member').addColumn('merged_into', 'text').execute();
			// When a device last uploaded with this token: a 讲坛 check-in it did not send then
			// cannot have been made before it (no back-dating past the last sync).
			await db.schema.alterTable('member_token').addColumn('last_sync_at', 'bigint').execute();
		}
	},
	'2026-12-04-007-competitions': {
		async up(db: Kysely<unknown>) {
			// A competition (知识竞赛). The paper spec, time limit and award tiers are one JSON
			// document (`rules`, core/competition/types.ts); what queries filter on are columns.
			await db.schema
				.createTable('competition')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('org_id', 'text', (c) => c.notNull().references('org.id'))
				.addColumn('title', 'text', (c) => c.notNull())
				.addColumn('bank_id', 'text', (c) => c.notNull())
				.addColumn('bank_version', 'text', (c) => c.notNull())
				.addColumn('opens_at', 'bigint', (c) => c.notNull())
				.addColumn('closes_at', 'bigint', (c) => c.notNull())
				.addColumn('grace_ms', 'bigint', (c) => c.notNull())
				.addColumn('tries', 'integer', (c) => c.notNull())
				.addColumn('try_rule', 'text', (c) => c.notNull())
				.addColumn('release', 'text', (c) => c.notNull())
				.addColumn('question_count', 'integer', (c) => c.notNull())
				.addColumn('rules', 'text', (c) => c.notNull())
				.addColumn('created_by', 'text', (c) => c.notNull().references('admin.id'))
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.addColumn('published_at', 'bigint')
				.execute();
			await db.schema
				.createTable('competition_group')
				.addColumn('competition_id', 'text', (c) =>
					c.notNull().references('competition.id').onDelete('cascade')
				)
				.addColumn('group_id', 'text', (c) => c.notNull().references('study_group.id'))
				.addPrimaryKeyConstraint('competition_group_pk', ['competition_id', 'group_id'])
				.execute();
			await db.schema
				.createIndex('competition_group_group')
				.on('competition_group')
				.column('group_id')
				.execute();
			// When the server first served a member their paper: no start is accepted before it.
			await db.schema
				.createTable('competition_paper')
				.addColumn('competition_id', 'text', (c) =>
					c.notNull().references('competition.id').onDelete('cascade')
				)
				.addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
				.addColumn('served_at', 'bigint', (c) => c.notNull())
				.addPrimaryKeyConstraint('competition_paper_pk', ['competition_id', 'member_id'])
				.execute();
			// One row per try, scored by the server against the pinned bank version.
			await db.schema
				.createTable('competition_entry')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('competition_id', 'text', (c) =>
					c.notNull().references('competition.id').onDelete('cascade')
				)
				.addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
				.addColumn('group_id', 'text', (c) => c.notNull().references('study_group.id'))
				// Device clocks lie: what the device said, the server's bounds, and the receive time.
				.addColumn('device_started_at', 'bigint', (c) => c.notNull())
				.addColumn('device_finished_at', 'bigint', (c) => c.notNull())
				.addColumn('started_at', 'bigint', (c) => c.notNull())
				.addColumn('finished_at', 'bigint', (c) => c.notNull())
				.addColumn('received_at', 'bigint', (c) => c.notNull())
				.addColumn('score', 'integer', (c) => c.notNull())
				.addColumn('total', 'integer', (c) => c.notNull())
				.addColumn('answering_ms', 'bigint', (c) => c.notNull())
				.addColumn('too_fast', 'integer', (c) => c.notNull())
				// SHA-256 of the answers and times: the same payload under a new id is refused.
				.addColumn('payload_hash', 'text', (c) => c.notNull())
				// What the item analysis needs of the answers, compactly (core encodeMarks), so the
				// analysis of thousands of entrants never parses the answers.
				.addColumn('marks', 'text', (c) => c.notNull())
				// 1, 2, … per member: two uploads racing for the last try cannot both get it.
				.addColumn('try_no', 'integer', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('competition_entry_try')
				.on('competition_entry')
				.columns(['competition_id', 'member_id', 'try_no'])
				.unique()
				.execute();
			// The scored answers (core ScoredAnswer[]) of a try, for the member's result and the
			// Excel file. A table of their own: a few KB a try in the entry row would spread a
			// competition's entries over thousands of pages, and every board would read them all.
			await db.schema
				.createTable('competition_answers')
				.addColumn('entry_id', 'text', (c) =>
					c.primaryKey().references('competition_entry.id').onDelete('cascade')
				)
				.addColumn('answers', 'text', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('competition_entry_hash')
				.on('competition_entry')
				.columns(['competition_id', 'payload_hash'])
				.unique()
				.execute();
			// Forgery guards for every mode: identical payloads under new ids, and the daily cap on
			// what the practice and 限时赛 boards count (ranked = 0: stored, not ranked).
			await db.schema.alterTable('attempt').addColumn('payload_hash', 'text').execute();
			await db.schema
				.alterTable('attempt')
				.addColumn('ranked', 'integer', (c) => c.notNull().defaultTo(1))
				.execute();
			await db.schema
				.createIndex('attempt_payload_hash')
				.on('attempt')
				.column('payload_hash')
				.unique()
				.execute();
			await db.schema
				.createIndex('attempt_member_received')
				.on('attempt')
				.columns(['member_id', 'received_at'])
				.execute();
		}
	},
	'2026-12-04-008-stage-records': {
		async up(db: Kysely<unknown>) {
			// 课堂与现场赛: finished contests, stored for the group of the member who uploaded them,
			// with the scores the server's own re-fold of the log gave (teams as JSON).
			await db.schema
				.createTable('stage_contest')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('group_id', 'text', (c) => c.notNull().references('study_group.id'))
				.addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
				.addColumn('kind', 'text', (c) => c.notNull())
				.addColumn('title', 'text', (c) => c.notNull())
				.addColumn('teams', 'text', (c) => c.notNull())
				.addColumn('question_count', 'integer', (c) => c.notNull())
				.addColumn('device_started_at', 'bigint', (c) => c.notNull())
				.addColumn('device_finished_at', 'bigint', (c) => c.notNull())
				.addColumn('received_at', 'bigint', (c) => c.notNull())
				.addColumn('payload', 'text', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('stage_contest_group_finished')
				.on('stage_contest')
				.columns(['group_id', 'device_finished_at'])
				.execute();
		}
	},
	'2026-12-04-010-question-reports': {
		async up(db: Kysely<unknown>) {
			// 纠错: one row per report, keyed by the id the device made (a resend is a no-op).
			await db.schema
				.createTable('question_report')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
				.addColumn('group_id', 'text', (c) => c.notNull().references('study_group.id'))
				.addColumn('bank_id', 'text', (c) => c.notNull())
				.addColumn('bank_version', 'text', (c) => c.notNull())
				.addColumn('question_id', 'text', (c) => c.notNull())
				.addColumn('reason', 'text', (c) => c.notNull())
				.addColumn('note', 'text', (c) => c.notNull())
				.addColumn('device_at', 'bigint', (c) => c.notNull())
				.addColumn('received_at', 'bigint', (c) => c.notNull())
				.execute();
			// Admins read reports per question; reporters read the count of their question.
			await db.schema
				.createIndex('question_report_question')
				.on('question_report')
				.columns(['bank_id', 'question_id', 'bank_version'])
				.execute();
			await db.schema
				.createIndex('question_report_group')
				.on('question_report')
				.columns(['group_id', 'received_at'])
				.execute();
		}
	},
	'2026-12-04-012-branch-banks': {
		async up(db: Kysely<unknown>) {
			// 支部题库: a branch's own bank, uploaded on the admin page. The working copy is its items
			// (questions and drafts 待补解析); what members install are its published versions.
			await db.schema
				.createTable('branch_bank')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('group_id', 'text', (c) =>
					c.notNull().references('study_group.id').onDelete('cascade')
				)
				.addColumn('title', 'text', (c) => c.notNull())
				.addColumn('audience', 'text', (c) => c.notNull())
				// The last upload's row report (JSON), shown again when the page is reopened.
				.addColumn('last_report', 'text')
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('branch_bank_group')
				.on('branch_bank')
				.column('group_id')
				.execute();
			await db.schema
				.createTable('branch_bank_item')
				.addColumn('bank_id', 'text', (c) =>
					c.notNull().references('branch_bank.id').onDelete('cascade')
				)
				.addColumn('id', 'text', (c) => c.notNull())
				// File order: where the row came in, so the bundle keeps the teacher's order.
				.addColumn('position', 'integer', (c) => c.notNull())
				// The question as core's Question (bundle form), JSON.
				.addColumn('question', 'text', (c) => c.notNull())
				// What a draft still needs (待补解析); null for a question ready to publish.
				.addColumn('draft', 'text')
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.addPrimaryKeyConstraint('branch_bank_item_pk', ['bank_id', 'id'])
				.execute();
			await db.schema
				.createTable('branch_bank_version')
				.addColumn('bank_id', 'text', (c) =>
					c.notNull().references('branch_bank.id').onDelete('cascade')
				)
				.addColumn('version', 'text', (c) => c.notNull())
				// The bundle exactly as served (its SHA-256 is what devices check).
				.addColumn('bundle', 'text', (c) => c.notNull())
				.addColumn('sha256', 'text', (c) => c.notNull())
				.addColumn('bytes', 'integer', (c) => c.notNull())
				.addColumn('question_count', 'integer', (c) => c.notNull())
				.addColumn('notes', 'text', (c) => c.notNull())
				.addColumn('published_at', 'bigint', (c) => c.notNull())
				.addColumn('published_by', 'text', (c) => c.notNull())
				.addPrimaryKeyConstraint('branch_bank_version_pk', ['bank_id', 'version'])
				.execute();
		}
	},
	'2026-12-04-013-class-grade-band': {
		async up(db: Kysely<unknown>) {
			// A class's grade band (低年级 / 高年级): its pupils' 云学 draws that band's questions.
			// Null for branches and for classes created before, which draw from the whole bank.
			await db.schema.alterTable('study_group').addColumn('grade_band', 'text').execute();
		}
	},
	'2026-12-04-014-attempt-ranked-index': {
		async up(db: Kysely<unknown>) {
			// Every upload counts the member's ranked attempts of the day (the daily cap). With
			// ranked in the index the count reads the index alone: from the table it read each
			// row's end, past its payload (the column was added last), about 80 µs an upload
			// (issue #14). The new index serves every query the old one did.
			await db.schema
				.createIndex('attempt_member_received_ranked')
				.on('attempt')
				.columns(['member_id', 'received_at', 'ranked'])
				.execute();
			await db.schema.dropIndex('attempt_member_received').execute();
		}
	}
};
