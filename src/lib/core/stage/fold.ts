/**
 * The contest as a fold of its event log: `stepStage` applies one event to a state (or refuses
 * it, returning null, when the rules do not allow it now), `foldStage` replays a whole log. The
 * same log always gives the same scores, on the host's laptop, after a reload, and on the server
 * that checks the uploaded record. States are never mutated, so undo is replaying one event less.
 */
import type { StageEvent } from './events';
import { LIMITS, slotsOf, type RoundRules, type StageRules, type TiebreakRules } from './rules';

/** What the fold needs to know of a contest besides its log. */
export interface StageSetup {
	rules: StageRules;
	teams: number;
	/** Difficulty (1–3) of each question in the contest's pool, in pool order. */
	difficulties: readonly number[];
}

/**
 * intro: a round's title card; pick: a 风险 team chooses its tier; question: the stem is shown
 * (抢答: the host reads it, buzzing not yet open); buzzing: 「请抢答」; answering: a team
 * answers; revealed: the answer and 解析 are shown; finished: the result.
 */
export type StagePhase =
	'intro' | 'pick' | 'question' | 'buzzing' | 'answering' | 'revealed' | 'finished';

export type SlotResult = 'right' | 'wrong' | 'none' | 'abstain';

export interface FoulMark {
	team: number;
	delta: number;
	/** This foul reached the round's limit: the team sits out the rest of the round. */
	out: boolean;
}

/** One question of the contest on the score sheet: who answered, what it earned, fouls on it. */
export interface QuestionEntry {
	kind: 'question';
	round: number;
	slot: number;
	question: number | null;
	team: number | null;
	/** 风险: the tier's points (null: not picked or abstained). */
	tier: number | null;
	result: SlotResult | null;
	delta: number;
	choice?: string;
	fouls: FoulMark[];
}

/** 评委调整: a judge's manual change of a team's score, with the reason given. */
export interface AdjustEntry {
	kind: 'adjust';
	round: number;
	team: number;
	delta: number;
	reason: string;
	at: number;
}

export type SheetEntry = QuestionEntry | AdjustEntry;

export interface StageState {
	phase: StagePhase;
	/** Index into rules.rounds; rules.rounds.length is the 加赛. */
	round: number;
	/** Question slot within the round; -1 on the round's title card. */
	slot: number;
	/** The team whose turn it is or who won the buzz. */
	team: number | null;
	/** Index into the contest's question pool. */
	question: number | null;
	/** 风险: index of the tier picked. */
	tier: number | null;
	result: SlotResult | null;
	scores: number[];
	/** Fouls of each team in this round. */
	fouls: number[];
	/** Teams sitting out this round (too many fouls). */
	out: boolean[];
	/** Questions used so far, in order: each question of the pool is used once. */
	used: number[];
	/** 风险: the turn order of this round. */
	order: number[];
	/** Teams that may buzz: all, or in the 加赛 those tied at the top. */
	contenders: number[];
	/** The countdown: running since `since` (device ms) plus `spentMs` before the last pause. */
	timer: { since: number | null; spentMs: number };
	entries: SheetEntry[];
	/** Index in `entries` of the question now open, or -1. */
	current: number;
}

export type ActiveRound = RoundRules | ({ kind: 'tiebreak' } & TiebreakRules);

/** The round a state is in: one of the rules' rounds, or the 加赛. */
export function activeRound(rules: StageRules, round: number): ActiveRound {
	return rules.rounds[round] ?? { kind: 'tiebreak', ...rules.tiebreak };
}

/** Seconds of the countdown in the state's phase (0: no timer). */
export function timerSeconds(rules: StageRules, state: StageState): number {
	if (state.phase !== 'buzzing' && state.phase !== 'answering') return 0;
	return activeRound(rules, state.round).seconds;
}

/**
 * Milliseconds left on the countdown at `now`, or null when the phase has no timer.
 *
 * @example remainingMs(rules, state, Date.now()) // → 12000 while 12 s are left
 */
export function remainingMs(rules: StageRules, state: StageState, now: number): number | null {
	const seconds = timerSeconds(rules, state);
	if (seconds <= 0) return null;
	const spent = state.timer.spentMs + (state.timer.since === null ? 0 : now - state.timer.since);
	return Math.max(0, Math.min(seconds * 1000, seconds * 1000 - spent));
}

/**
 * The state before any event: every team at the base score, on the first round's title card.
 *
 * @example initialStage({ rules: presetRules('stage'), teams: 3, difficulties: [] }).scores
 * // → [100, 100, 100]
 */
export function initialStage(setup: StageSetup): StageState {
	const n = teamCount(setup);
	const state: StageState = {
		phase: 'intro',
		round: 0,
		slot: -1,
		team: null,
		question: null,
		tier: null,
		result: null,
		scores: Array.from({ length: n }, () => setup.rules.baseScore),
		fouls: Array.from({ length: n }, () => 0),
		out: Array.from({ length: n }, () => false),
		used: [],
		order: [],
		contenders: range(n),
		timer: { since: null, spentMs: 0 },
		entries: [],
		current: -1
	};
	return skipEmptyRounds(setup, state, 0);
}

/**
 * Replay a log. Events the rules refuse at their point are skipped, exactly as `stepStage`
 * refuses them live, so any log (even a tampered one) folds to finite scores.
 *
 * @example foldStage(setup, [{ type: 'next', at: 0 }, { type: 'judge', at: 1, right: true }])
 * // → the first team has answered its first 必答 question right
 */
export function foldStage(setup: StageSetup, events: readonly StageEvent[]): StageState {
	let state = initialStage(setup);
	for (const event of events) state = stepStage(setup, state, event) ?? state;
	return state;
}

/**
 * Apply one event, or return null when the rules do not allow it now (a buzz while a team is
 * answering, a judgement with nobody answering, an adjustment without a reason). The host's
 * screen appends only events this accepts, so the log holds no no-ops.
 *
 * @example stepStage(setup, initialStage(setup), { type: 'cue', at: 0 }) // → null (no question)
 */
export function stepStage(
	setup: StageSetup,
	state: StageState,
	event: StageEvent
): StageState | null {
	if (!isTime(event.at)) return null;
	const round = activeRound(setup.rules, state.round);
	const at = event.at;
	switch (event.type) {
		case 'finish':
			return state.phase === 'finished' ? null : finish(state);
		case 'adjust':
			return adjust(setup, state, event);
		case 'next':
			if (state.phase === 'intro') return openSlot(setup, state, 0, at);
			if (state.phase !== 'revealed') return null;
			if (round.kind === 'tiebreak') {
				const top = tiedAtTop(state.scores);
				return top.length < 2 ? finish(state) : openSlot(setup, state, state.slot + 1, at);
			}
			if (state.slot + 1 < slotsOf(round, teamCount(setup)))
				return openSlot(setup, state, state.slot + 1, at);
			return afterRound(setup, state);
		case 'cue':
			if (state.phase !== 'question' || !isBuzzRound(round)) return null;
			return { ...state, phase: 'buzzing', timer: { since: at, spentMs: 0 } };
		case 'buzz':
			return buzz(setup, state, round, event.team, at);
		case 'pick':
			return pick(setup, state, round, event.tier, at);
		case 'judge':
			return judge(state, round, event.right, event.choice);
		case 'reveal':
			if (!['question', 'buzzing', 'answering'].includes(state.phase)) return null;
			return closeSlot(state, 'none', 0);
		case 'timer': {
			if (state.phase !== 'buzzing' && state.phase !== 'answering') return null;
			const running = state.timer.since !== null;
			if (event.running === running) return null;
			return {
				...state,
				timer: event.running
					? { since: at, spentMs: state.timer.spentMs }
					: {
							since: null,
							spentMs: state.timer.spentMs + Math.max(0, at - (state.timer.since ?? at))
						}
			};
		}
		default:
			return null;
	}
}

/**
 * Rank of each team by score, highest first; equal scores share a rank (1, 1, 3).
 *
 * @example ranksOf([120, 90, 120]) // → [1, 3, 1]
 */
export function ranksOf(scores: readonly number[]): number[] {
	return scores.map((s) => 1 + scores.filter((o) => o > s).length);
}

/** Teams sharing the highest score (one team: the top is not tied). */
export function tiedAtTop(scores: readonly number[]): number[] {
	if (scores.length === 0) return [];
	const top = Math.max(...scores);
	return range(scores.length).filter((t) => scores[t] === top);
}

/** Whether the contest's rounds are done and the 加赛 is on. */
export function inTiebreak(setup: StageSetup, state: StageState): boolean {
	return state.round >= setup.rules.rounds.length && state.phase !== 'finished';
}

function teamCount(setup: StageSetup): number {
	return Math.max(1, Math.min(8, Math.floor(setup.teams) || 1));
}

function range(n: number): number[] {
	return Array.from({ length: n }, (_, i) => i);
}

function isTime(at: unknown): at is number {
	return typeof at === 'number' && Number.isFinite(at) && at >= 0;
}

function isTeam(setup: StageSetup, team: unknown): team is number {
	return typeof team === 'number' && Number.isInteger(team) && team >= 0 && team < teamCount(setup);
}

function isBuzzRound(
	round: ActiveRound
): round is Extract<ActiveRound, { kind: 'buzz' | 'tiebreak' }> {
	return round.kind === 'buzz' || round.kind === 'tiebreak';
}

function add(score: number, delta: number): number {
	const sum = score + delta;
	return Number.isFinite(sum) ? sum : score;
}

function finish(state: StageState): StageState {
	return { ...state, phase: 'finished', timer: { since: null, spentMs: 0 }, current: -1 };
}

/** The title card of round `round`, skipping rounds with no questions; after the last, 加赛 or the end. */
function skipEmptyRounds(setup: StageSetup, state: StageState, round: number): StageState {
	const rounds = setup.rules.rounds;
	let r = round;
	while (r < rounds.length && slotsOf(rounds[r] as RoundRules, teamCount(setup)) === 0) r++;
	const n = teamCount(setup);
	const fresh = {
		...state,
		phase: 'intro' as const,
		round: r,
		slot: -1,
		team: null,
		question: null,
		tier: null,
		result: null,
		fouls: Array.from({ length: n }, () => 0),
		out: Array.from({ length: n }, () => false),
		order: [],
		contenders: range(n),
		timer: { since: null, spentMs: 0 },
		current: -1
	};
	if (r < rounds.length) return fresh;
	const tied = tiedAtTop(state.scores);
	if (!setup.rules.tiebreak.enabled || tied.length < 2) return finish(fresh);
	return { ...fresh, contenders: tied };
}

function afterRound(setup: StageSetup, state: StageState): StageState {
	return skipEmptyRounds(setup, state, state.round + 1);
}

/** The first unused question, preferring the given difficulty. */
function takeQuestion(
	setup: StageSetup,
	used: readonly number[],
	difficulty?: number
): number | null {
	const taken = new Set(used);
	let first: number | null = null;
	for (let i = 0; i < setup.difficulties.length; i++) {
		if (taken.has(i)) continue;
		if (difficulty === undefined || setup.difficulties[i] === difficulty) return i;
		first ??= i;
	}
	return first;
}

/** Harder questions for higher tiers: tier k of K maps onto difficulty 1–3. */
export function tierDifficulty(tier: number, tiers: number): number {
	if (tiers <= 1) return 2;
	return Math.round(1 + (tier * 2) / (tiers - 1));
}

function openSlot(setup: StageSetup, state: StageState, slot: number, at: number): StageState {
	const round = activeRound(setup.rules, state.round);
	const n = teamCount(setup);
	let order = state.order;
	let team: number | null = null;
	let question: number | null = null;
	let phase: StagePhase;
	if (round.kind === 'risk') {
		if (slot === 0) {
			order = range(n);
			if (round.order === 'lowest-first') {
				order.sort((a, b) => (state.scores[a] ?? 0) - (state.scores[b] ?? 0) || a - b);
			}
		}
		team = order[slot % n] ?? 0;
		phase = 'pick';
		// The question is drawn when the tier is picked; stop now if none is left for it.
		if (takeQuestion(setup, state.used) === null) return finish(state);
	} else {
		question = takeQuestion(setup, state.used);
		if (question === null) return finish(state);
		if (round.kind === 'required') {
			team = slot % n;
			phase = 'answering';
		} else {
			phase = 'question';
		}
	}
	if (round.kind === 'tiebreak' && slot > 0) {
		state = { ...state, contenders: tiedAtTop(state.scores) };
	}
	const entry: QuestionEntry = {
		kind: 'question',
		round: state.round,
		slot,
		question,
		team,
		tier: null,
		result: null,
		delta: 0,
		fouls: []
	};
	return {
		...state,
		phase,
		slot,
		team,
		question,
		tier: null,
		result: null,
		order,
		used: question === null ? state.used : [...state.used, question],
		timer: phase === 'answering' ? { since: at, spentMs: 0 } : { since: null, spentMs: 0 },
		entries: [...state.entries, entry],
		current: state.entries.length
	};
}

function updateCurrent(state: StageState, change: Partial<QuestionEntry>): SheetEntry[] {
	return state.entries.map((e, i) =>
		i === state.current && e.kind === 'question' ? { ...e, ...change } : e
	);
}

function closeSlot(
	state: StageState,
	result: SlotResult,
	delta: number,
	choice?: string
): StageState {
	const scores =
		state.team === null || delta === 0
			? state.scores
			: state.scores.map((s, t) => (t === state.team ? add(s, delta) : s));
	return {
		...state,
		phase: 'revealed',
		result,
		scores,
		timer: { since: null, spentMs: 0 },
		entries: updateCurrent(state, {
			result,
			delta,
			team: state.team,
			...(choice === undefined ? {} : { choice })
		})
	};
}

function buzz(
	setup: StageSetup,
	state: StageState,
	round: ActiveRound,
	team: number,
	at: number
): StageState | null {
	if (!isBuzzRound(round) || !isTeam(setup, team)) return null;
	if (state.out[team] || !state.contenders.includes(team)) return null;
	if (state.phase === 'buzzing') {
		return {
			...state,
			phase: 'answering',
			team,
			timer: { since: at, spentMs: 0 },
			entries: updateCurrent(state, { team })
		};
	}
	if (state.phase !== 'question') return null;
	// Before 「请抢答」: a foul.
	const fouls = state.fouls.map((f, t) => (t === team ? f + 1 : f));
	const limit = round.kind === 'buzz' ? round.foulLimit : 0;
	const sitsOut = limit > 0 && (fouls[team] ?? 0) >= limit;
	const entry = state.entries[state.current];
	const marks = entry?.kind === 'question' ? entry.fouls : [];
	return {
		...state,
		fouls,
		out: state.out.map((o, t) => (t === team ? o || sitsOut : o)),
		scores: state.scores.map((s, t) => (t === team ? add(s, -round.foul) : s)),
		entries: updateCurrent(state, {
			fouls: [...marks, { team, delta: -round.foul, out: sitsOut }]
		})
	};
}

function pick(
	setup: StageSetup,
	state: StageState,
	round: ActiveRound,
	tier: number | null,
	at: number
): StageState | null {
	if (state.phase !== 'pick' || round.kind !== 'risk') return null;
	if (tier === null) return closeSlot(state, 'abstain', 0);
	if (!Number.isInteger(tier) || tier < 0 || tier >= round.tiers.length) return null;
	const question = takeQuestion(setup, state.used, tierDifficulty(tier, round.tiers.length));
	if (question === null) return null;
	return {
		...state,
		phase: 'answering',
		tier,
		question,
		used: [...state.used, question],
		timer: { since: at, spentMs: 0 },
		entries: updateCurrent(state, { question, tier: round.tiers[tier] ?? null })
	};
}

function judge(
	state: StageState,
	round: ActiveRound,
	right: boolean,
	choice: string | undefined
): StageState | null {
	if (state.phase !== 'answering' || state.team === null || typeof right !== 'boolean') return null;
	let gain: number;
	let loss: number;
	if (round.kind === 'risk') {
		const points = round.tiers[state.tier ?? -1];
		if (points === undefined) return null;
		gain = points;
		loss = points;
	} else {
		gain = round.right;
		loss = round.wrong;
	}
	const cleanChoice = typeof choice === 'string' ? choice.slice(0, 8) : undefined;
	return closeSlot(state, right ? 'right' : 'wrong', right ? gain : -loss, cleanChoice);
}

function adjust(
	setup: StageSetup,
	state: StageState,
	event: Extract<StageEvent, { type: 'adjust' }>
): StageState | null {
	const { team, delta } = event;
	const reason = typeof event.reason === 'string' ? event.reason.trim() : '';
	if (!isTeam(setup, team) || reason.length === 0 || reason.length > LIMITS.reason) return null;
	if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > LIMITS.adjust) return null;
	return {
		...state,
		scores: state.scores.map((s, t) => (t === team ? add(s, delta) : s)),
		entries: [
			...state.entries,
			{ kind: 'adjust', round: state.round, team, delta, reason, at: event.at }
		]
	};
}
