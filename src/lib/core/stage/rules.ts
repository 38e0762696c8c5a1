/**
 * The rules of a stage or classroom contest (课堂与现场赛): rounds of 必答, 抢答 and 风险 with
 * their points, fouls and timers, then sudden-death 加赛 while the top is tied. Presets give a
 * typical 支部 contest and the two classroom variants; every number is bounded, so no edited or
 * uploaded rule can make a score NaN or run away.
 */

/** 必答: each team in seat order answers `perTeam` questions; right adds, wrong deducts. */
export interface RequiredRound {
	kind: 'required';
	perTeam: number;
	right: number;
	wrong: number;
	/** Answer time; 0 = no timer. */
	seconds: number;
}

/**
 * 抢答: the host reads, cues 「请抢答」, and the first team key after the cue answers. A buzz
 * before the cue is a foul: `foul` is deducted, and after `foulLimit` fouls (0 = never) the team
 * sits out the rest of the round.
 */
export interface BuzzRound {
	kind: 'buzz';
	questions: number;
	right: number;
	wrong: number;
	foul: number;
	foulLimit: number;
	seconds: number;
}

/**
 * 风险: each team in turn picks a tier (its points; a harder question for a higher tier) or
 * abstains; right adds the tier, wrong deducts it. Turns go lowest score first, or seat order.
 */
export interface RiskRound {
	kind: 'risk';
	perTeam: number;
	tiers: number[];
	order: 'lowest-first' | 'seat';
	seconds: number;
}

export type RoundRules = RequiredRound | BuzzRound | RiskRound;
export type RoundKind = RoundRules['kind'];

/** 加赛: sudden-death 抢答 among the teams tied at the top, until one leads alone. */
export interface TiebreakRules {
	enabled: boolean;
	right: number;
	wrong: number;
	foul: number;
	seconds: number;
}

export interface StageRules {
	baseScore: number;
	rounds: RoundRules[];
	tiebreak: TiebreakRules;
}

/**
 * stage: a 支部 knowledge contest; groups: 小组赛 in a class (gentle: no deductions);
 * class: 全班闯关, the whole class as one team earning stars, nobody ranked.
 */
export const CONTEST_KINDS = ['stage', 'groups', 'class'] as const;
export type ContestKind = (typeof CONTEST_KINDS)[number];

/** A contest kind in the words of screens, sheets and the export. */
export const CONTEST_KIND_LABELS: Record<ContestKind, string> = {
	stage: '现场赛',
	groups: '小组赛',
	class: '全班闯关'
};

export const ROUND_NAMES: Record<RoundKind, string> = {
	required: '必答题',
	buzz: '抢答题',
	risk: '风险题'
};

export const LIMITS = {
	score: 10_000,
	points: 1000,
	count: 50,
	seconds: 600,
	foulLimit: 10,
	tiers: 5,
	rounds: 6,
	adjust: 1000,
	reason: 60
} as const;

/** An integer within [min, max]; anything else (NaN, Infinity, text) becomes `fallback`. */
export function boundedInt(value: unknown, min: number, max: number, fallback = min): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
	return Math.min(max, Math.max(min, Math.round(value)));
}

const points = (v: unknown, fallback = 0) => boundedInt(v, 0, LIMITS.points, fallback);
const seconds = (v: unknown) => boundedInt(v, 0, LIMITS.seconds, 0);
const count = (v: unknown) => boundedInt(v, 0, LIMITS.count, 0);

function normalizeRound(round: RoundRules): RoundRules {
	switch (round.kind) {
		case 'required':
			return {
				kind: 'required',
				perTeam: count(round.perTeam),
				right: points(round.right),
				wrong: points(round.wrong),
				seconds: seconds(round.seconds)
			};
		case 'buzz':
			return {
				kind: 'buzz',
				questions: count(round.questions),
				right: points(round.right),
				wrong: points(round.wrong),
				foul: points(round.foul),
				foulLimit: boundedInt(round.foulLimit, 0, LIMITS.foulLimit, 0),
				seconds: seconds(round.seconds)
			};
		case 'risk': {
			const tiers = (Array.isArray(round.tiers) ? round.tiers : [])
				.slice(0, LIMITS.tiers)
				.map((t) => points(t, 10))
				.filter((t) => t > 0);
			return {
				kind: 'risk',
				perTeam: count(round.perTeam),
				tiers: tiers.length > 0 ? tiers : [10, 20, 30],
				order: round.order === 'seat' ? 'seat' : 'lowest-first',
				seconds: seconds(round.seconds)
			};
		}
	}
}

/**
 * Rules with every number bounded and rounded (and unknown round kinds dropped), so an edited
 * form or an uploaded record always folds to finite scores.
 *
 * @example normalizeRules({ ...presetRules('stage'), baseScore: NaN }).baseScore // → 0
 */
export function normalizeRules(rules: StageRules): StageRules {
	const rounds = (Array.isArray(rules.rounds) ? rules.rounds : [])
		.filter((r): r is RoundRules => ['required', 'buzz', 'risk'].includes(r?.kind))
		.slice(0, LIMITS.rounds)
		.map(normalizeRound);
	const tb = rules.tiebreak ?? { enabled: false, right: 0, wrong: 0, foul: 0, seconds: 0 };
	return {
		baseScore: boundedInt(rules.baseScore, 0, LIMITS.score, 0),
		rounds,
		tiebreak: {
			enabled: tb.enabled === true,
			right: points(tb.right),
			wrong: points(tb.wrong),
			foul: points(tb.foul),
			seconds: seconds(tb.seconds)
		}
	};
}

/**
 * The preset rules of a contest kind: a typical 支部 contest (base 100, 必答 ±, 抢答 with fouls,
 * 风险 10/20/30, 加赛), gentle 小组赛 for a class (no deductions, no timers), and 全班闯关 (one
 * star per right answer).
 *
 * @example presetRules('stage').rounds.map((r) => r.kind) // → ['required', 'buzz', 'risk']
 */
export function presetRules(kind: ContestKind): StageRules {
	switch (kind) {
		case 'stage':
			return {
				baseScore: 100,
				rounds: [
					{ kind: 'required', perTeam: 2, right: 10, wrong: 0, seconds: 30 },
					{
						kind: 'buzz',
						questions: 6,
						right: 10,
						wrong: 10,
						foul: 5,
						foulLimit: 2,
						seconds: 20
					},
					{ kind: 'risk', perTeam: 1, tiers: [10, 20, 30], order: 'lowest-first', seconds: 45 }
				],
				tiebreak: { enabled: true, right: 10, wrong: 10, foul: 5, seconds: 20 }
			};
		case 'groups':
			return {
				baseScore: 0,
				rounds: [
					{ kind: 'required', perTeam: 2, right: 10, wrong: 0, seconds: 0 },
					{ kind: 'buzz', questions: 6, right: 10, wrong: 0, foul: 0, foulLimit: 0, seconds: 0 }
				],
				tiebreak: { enabled: true, right: 10, wrong: 0, foul: 0, seconds: 0 }
			};
		case 'class':
			return {
				baseScore: 0,
				rounds: [{ kind: 'required', perTeam: 10, right: 1, wrong: 0, seconds: 0 }],
				tiebreak: { enabled: false, right: 0, wrong: 0, foul: 0, seconds: 0 }
			};
	}
}

/** How many teams a contest kind takes: 2–8 on a stage, 2–6 groups in a class, one whole class. */
export function teamRange(kind: ContestKind): { min: number; max: number } {
	if (kind === 'class') return { min: 1, max: 1 };
	if (kind === 'groups') return { min: 2, max: 6 };
	return { min: 2, max: 8 };
}

/**
 * Question slots a round has for `teams` teams (必答 and 风险: per team; 抢答: a fixed number).
 *
 * @example slotsOf({ kind: 'required', perTeam: 2, right: 10, wrong: 0, seconds: 30 }, 3) // → 6
 */
export function slotsOf(round: RoundRules, teams: number): number {
	return round.kind === 'buzz' ? round.questions : round.perTeam * teams;
}

/** Questions the rounds need at most (加赛 needs more, one at a time, while ties last). */
export function questionsNeeded(rules: StageRules, teams: number): number {
	return rules.rounds.reduce((sum, r) => sum + slotsOf(r, teams), 0);
}
