/**
 * A finished contest as an upload record (record kind `stage` of the sync contract): its setup,
 * references to its questions and its whole event log. The server trusts none of the scores a
 * device could claim: it re-folds the log with the same rules engine (`checkStageRecord`) and
 * stores the scores that fold gives.
 */
import * as v from 'valibot';
import { UUID_PATTERN } from '../ids';
import { deviceTime } from '../sync/bounds';
import { SYNC_PROTOCOL_VERSION } from '../sync/protocol';
import { MAX_QUESTIONS, MAX_TEAM_NAME, TEAM_COLOURS, type StageContest } from './contest';
import { MAX_EVENTS, type StageEvent } from './events';
import { initialStage, stepStage, type StageSetup } from './fold';
import { summarize, type TeamSummary } from './sheet';
import { CONTEST_KINDS, LIMITS, teamRange } from './rules';

const int = (min: number, max: number) =>
	v.pipe(
		v.number(),
		v.integer('expected a whole number'),
		v.minValue(min, `expected at least ${min}`),
		v.maxValue(max, `expected at most ${max}`)
	);
const points = int(0, LIMITS.points);
const count = int(0, LIMITS.count);
const seconds = int(0, LIMITS.seconds);
const teamIndex = int(0, TEAM_COLOURS.length - 1);

const roundSchema = v.variant('kind', [
	v.strictObject({
		kind: v.literal('required'),
		perTeam: count,
		right: points,
		wrong: points,
		seconds
	}),
	v.strictObject({
		kind: v.literal('buzz'),
		questions: count,
		right: points,
		wrong: points,
		foul: points,
		foulLimit: int(0, LIMITS.foulLimit),
		seconds
	}),
	v.strictObject({
		kind: v.literal('risk'),
		perTeam: count,
		tiers: v.pipe(v.array(int(1, LIMITS.points)), v.minLength(1), v.maxLength(LIMITS.tiers)),
		order: v.picklist(['lowest-first', 'seat']),
		seconds
	})
]);

const rulesSchema = v.strictObject({
	baseScore: int(0, LIMITS.score),
	rounds: v.pipe(v.array(roundSchema), v.minLength(1), v.maxLength(LIMITS.rounds)),
	tiebreak: v.strictObject({
		enabled: v.boolean(),
		right: points,
		wrong: points,
		foul: points,
		seconds
	})
});

const eventSchema = v.variant('type', [
	v.strictObject({ type: v.literal('next'), at: deviceTime }),
	v.strictObject({ type: v.literal('cue'), at: deviceTime }),
	v.strictObject({ type: v.literal('buzz'), at: deviceTime, team: teamIndex }),
	v.strictObject({
		type: v.literal('pick'),
		at: deviceTime,
		tier: v.nullable(int(0, LIMITS.tiers - 1))
	}),
	v.strictObject({
		type: v.literal('judge'),
		at: deviceTime,
		right: v.boolean(),
		choice: v.optional(v.pipe(v.string(), v.maxLength(8)))
	}),
	v.strictObject({ type: v.literal('reveal'), at: deviceTime }),
	v.strictObject({
		type: v.literal('adjust'),
		at: deviceTime,
		team: teamIndex,
		delta: int(-LIMITS.adjust, LIMITS.adjust),
		reason: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.reason))
	}),
	v.strictObject({ type: v.literal('timer'), at: deviceTime, running: v.boolean() }),
	v.strictObject({ type: v.literal('finish'), at: deviceTime })
]);

export const stageRecordSchema = v.pipe(
	v.strictObject({
		protocol: v.literal(SYNC_PROTOCOL_VERSION),
		id: v.pipe(v.string(), v.regex(UUID_PATTERN, 'expected a UUID contest id')),
		kind: v.picklist(CONTEST_KINDS),
		title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(30)),
		teams: v.pipe(
			v.array(
				v.strictObject({
					name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_TEAM_NAME)),
					colour: teamIndex
				})
			),
			v.minLength(1),
			v.maxLength(TEAM_COLOURS.length)
		),
		rules: rulesSchema,
		/** The questions by reference (the server has the banks); difficulty drives 风险 draws. */
		questions: v.pipe(
			v.array(
				v.strictObject({
					bankId: v.pipe(v.string(), v.maxLength(64)),
					version: v.pipe(v.string(), v.regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}$/)),
					id: v.pipe(v.string(), v.maxLength(64)),
					difficulty: int(1, 3)
				})
			),
			v.minLength(1),
			v.maxLength(MAX_QUESTIONS)
		),
		events: v.pipe(v.array(eventSchema), v.minLength(1), v.maxLength(MAX_EVENTS)),
		startedAt: deviceTime,
		finishedAt: deviceTime
	}),
	v.check((r) => r.finishedAt >= r.startedAt, 'expected finishedAt not before startedAt')
);

export type StageRecord = v.InferOutput<typeof stageRecordSchema>;

/**
 * The record of a finished contest, as the device uploads it.
 *
 * @example buildStageRecord(contest, events, Date.now()).events.length // → the whole log
 */
export function buildStageRecord(
	contest: StageContest,
	events: readonly StageEvent[],
	finishedAt: number
): StageRecord {
	return {
		protocol: SYNC_PROTOCOL_VERSION,
		id: contest.id,
		kind: contest.kind,
		title: contest.title,
		teams: contest.teams.map((t) => ({ name: t.name, colour: t.colour })),
		rules: contest.rules,
		questions: contest.questions.map((q) => ({
			bankId: q.bankId,
			version: q.version,
			id: q.id,
			difficulty: q.difficulty
		})),
		events: [...events],
		startedAt: contest.createdAt,
		finishedAt: Math.max(finishedAt, contest.createdAt)
	};
}

export type StageCheck = { ok: true; teams: TeamSummary[] } | { ok: false; reason: string };

/**
 * Re-fold an uploaded contest with the rules engine: the teams fit the kind, every event was
 * allowed where it stands in the log, and the log ends with the contest finished. Returns each
 * team's final score and rank as the fold gives them, whatever the device showed.
 *
 * @example checkStageRecord(record) // → { ok: true, teams: [{ team: 0, score: 115, rank: 1, … }, …] }
 */
export function checkStageRecord(record: StageRecord): StageCheck {
	const range = teamRange(record.kind);
	if (record.teams.length < range.min || record.teams.length > range.max) {
		return { ok: false, reason: `这种比赛需要 ${range.min}–${range.max} 支队伍` };
	}
	if (new Set(record.teams.map((t) => t.name)).size !== record.teams.length) {
		return { ok: false, reason: '队名重复' };
	}
	const setup: StageSetup = {
		rules: record.rules,
		teams: record.teams.length,
		difficulties: record.questions.map((q) => q.difficulty)
	};
	let state = initialStage(setup);
	for (const [i, event] of record.events.entries()) {
		const next = stepStage(setup, state, event);
		if (!next) return { ok: false, reason: `记录的第 ${i + 1} 步不符合比赛规则` };
		state = next;
	}
	if (state.phase !== 'finished') return { ok: false, reason: '比赛还没有结束' };
	return { ok: true, teams: summarize(state) };
}
