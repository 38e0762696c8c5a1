import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StageEvent } from '../../../src/lib/core/stage/events';
import {
	foldStage,
	initialStage,
	ranksOf,
	remainingMs,
	stepStage,
	tierDifficulty,
	type StageSetup,
	type StageState
} from '../../../src/lib/core/stage/fold';
import {
	normalizeRules,
	presetRules,
	type ContestKind,
	type StageRules
} from '../../../src/lib/core/stage/rules';
import { summarize } from '../../../src/lib/core/stage/sheet';

const difficulties = (n: number) => Array.from({ length: n }, (_, i) => (i % 3) + 1);
const stageSetup = (teams = 3, rules: StageRules = presetRules('stage')): StageSetup => ({
	rules,
	teams,
	difficulties: difficulties(40)
});

/** Apply events one by one through the live path, insisting each is accepted. */
function play(setup: StageSetup, events: StageEvent[]): StageState {
	let state = initialStage(setup);
	for (const event of events) {
		const next = stepStage(setup, state, event);
		if (!next) throw new Error(`refused ${JSON.stringify(event)} in ${state.phase}`);
		state = next;
	}
	return state;
}

let clock = 0;
const at = () => (clock += 1000);
const next = (): StageEvent => ({ type: 'next', at: at() });
const judge = (right: boolean): StageEvent => ({ type: 'judge', at: at(), right });
const buzz = (team: number): StageEvent => ({ type: 'buzz', at: at(), team });
const cue = (): StageEvent => ({ type: 'cue', at: at() });
const pick = (tier: number | null): StageEvent => ({ type: 'pick', at: at(), tier });

// Any event at all, including nonsense a tampered record could hold.
const anyNumber = fc.oneof(
	fc.integer({ min: -3, max: 10 }),
	fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -0, 0.5)
);
const anyEvent: fc.Arbitrary<StageEvent> = fc.oneof(
	{ arbitrary: fc.constant(null).map(() => ({ type: 'next', at: 1 }) as StageEvent), weight: 5 },
	fc.constant({ type: 'cue', at: 2 } as StageEvent),
	fc.record({
		type: fc.constant('buzz'),
		at: fc.nat(),
		team: anyNumber
	}) as fc.Arbitrary<StageEvent>,
	fc.record({
		type: fc.constant('pick'),
		at: fc.nat(),
		tier: fc.option(anyNumber)
	}) as fc.Arbitrary<StageEvent>,
	{
		arbitrary: fc.record({
			type: fc.constant('judge'),
			at: fc.nat(),
			right: fc.boolean()
		}) as fc.Arbitrary<StageEvent>,
		weight: 3
	},
	fc.constant({ type: 'reveal', at: 3 } as StageEvent),
	fc.record({
		type: fc.constant('adjust'),
		at: anyNumber,
		team: anyNumber,
		delta: fc.oneof(anyNumber, fc.integer({ min: -2000, max: 2000 })),
		reason: fc.string({ maxLength: 70 })
	}) as fc.Arbitrary<StageEvent>,
	fc.record({
		type: fc.constant('timer'),
		at: fc.nat(),
		running: fc.boolean()
	}) as fc.Arbitrary<StageEvent>,
	fc.constant({ type: 'finish', at: 4 } as StageEvent)
);
const anyKind = fc.constantFrom<ContestKind>('stage', 'groups', 'class');
const anySetup = fc
	.record({ kind: anyKind, teams: fc.integer({ min: 1, max: 8 }), pool: fc.nat({ max: 30 }) })
	.map(({ kind, teams, pool }) => ({
		rules: presetRules(kind),
		teams: kind === 'class' ? 1 : Math.max(2, teams),
		difficulties: difficulties(pool)
	}));

describe('stage fold: properties', () => {
	it('replaying the same log gives the same state; the live path agrees with the replay', () => {
		fc.assert(
			fc.property(anySetup, fc.array(anyEvent, { maxLength: 80 }), (setup, events) => {
				const a = foldStage(setup, events);
				const b = foldStage(setup, structuredClone(events));
				expect(b).toEqual(a);
				let live = initialStage(setup);
				for (const e of events) live = stepStage(setup, live, e) ?? live;
				expect(live).toEqual(a);
			})
		);
	});

	it('no event sequence makes a score NaN or non-integer', () => {
		fc.assert(
			fc.property(anySetup, fc.array(anyEvent, { maxLength: 120 }), (setup, events) => {
				const state = foldStage(setup, events);
				for (const s of state.scores) expect(Number.isSafeInteger(s)).toBe(true);
				for (const row of summarize(state)) {
					for (const v of Object.values(row)) expect(Number.isFinite(v)).toBe(true);
				}
			})
		);
	});

	it('undo (dropping the last accepted event) restores the previous state exactly', () => {
		fc.assert(
			fc.property(anySetup, fc.array(anyEvent, { maxLength: 60 }), (setup, events) => {
				// The host's log: only events the rules accepted.
				const log: StageEvent[] = [];
				const states: StageState[] = [initialStage(setup)];
				for (const e of events) {
					const next = stepStage(setup, states.at(-1) as StageState, e);
					if (!next) continue;
					log.push(e);
					states.push(next);
				}
				for (let k = log.length; k > 0; k--) {
					expect(foldStage(setup, log.slice(0, k - 1))).toEqual(states[k - 1]);
				}
			})
		);
	});

	it('states are never mutated: an earlier state stays as it was after more events', () => {
		fc.assert(
			fc.property(anySetup, fc.array(anyEvent, { maxLength: 40 }), (setup, events) => {
				const first = foldStage(setup, events.slice(0, events.length >> 1));
				const copy = structuredClone(first);
				let state = first;
				for (const e of events.slice(events.length >> 1))
					state = stepStage(setup, state, e) ?? state;
				expect(first).toEqual(copy);
			})
		);
	});

	it('each question of the pool is used at most once', () => {
		fc.assert(
			fc.property(anySetup, fc.array(anyEvent, { maxLength: 150 }), (setup, events) => {
				const { used } = foldStage(setup, events);
				expect(new Set(used).size).toBe(used.length);
				for (const q of used) expect(q).toBeLessThan(setup.difficulties.length);
			})
		);
	});

	it('scores equal the base plus every delta on the sheet (right, wrong, fouls, adjustments)', () => {
		fc.assert(
			fc.property(anySetup, fc.array(anyEvent, { maxLength: 120 }), (setup, events) => {
				const state = foldStage(setup, events);
				const expected = state.scores.map(() => setup.rules.baseScore);
				for (const e of state.entries) {
					if (e.kind === 'adjust') expected[e.team] = (expected[e.team] ?? 0) + e.delta;
					else {
						if (e.team !== null) expected[e.team] = (expected[e.team] ?? 0) + e.delta;
						for (const f of e.fouls) expected[f.team] = (expected[f.team] ?? 0) + f.delta;
					}
				}
				expect(state.scores).toEqual(expected);
			})
		);
	});

	it('fouls follow the preset: each costs the round foul, and the limit sits a team out', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 12 }), (buzzers) => {
				const setup = stageSetup(3);
				const rules = setup.rules.rounds[1];
				if (rules?.kind !== 'buzz') throw new Error('preset changed');
				// To the first 抢答 question: 6 必答 answered right.
				const events = [next()];
				for (let i = 0; i < 6; i++) events.push(judge(true), next());
				events.push(next());
				let state = play(setup, events);
				expect(state.phase).toBe('question');
				const before = [...state.scores];
				const counted = [0, 0, 0];
				for (const t of buzzers) {
					const after = stepStage(setup, state, buzz(t));
					if (counted[t] === rules.foulLimit) {
						expect(after).toBeNull();
						continue;
					}
					counted[t] = (counted[t] ?? 0) + 1;
					state = after as StageState;
					expect(state.out[t]).toBe(counted[t] === rules.foulLimit);
				}
				expect(state.scores).toEqual(before.map((s, t) => s - (counted[t] ?? 0) * rules.foul));
				// A team sitting out cannot answer after the cue; the others can.
				const open = stepStage(setup, state, cue()) as StageState;
				for (let t = 0; t < 3; t++) {
					expect(stepStage(setup, open, buzz(t)) === null).toBe(state.out[t]);
				}
			})
		);
	});
});

describe('stage fold: a 支部 contest step by step', () => {
	it('必答 in seat order, 抢答 with a foul, 风险 lowest first with an abstain, then 加赛', () => {
		const setup = stageSetup(2);
		const events: StageEvent[] = [next()];
		// 必答: 2 each; A right, B right, A wrong, B right → A 110, B 120.
		const seats: number[] = [];
		for (const right of [true, true, false, true]) {
			const s = play(setup, events);
			seats.push(s.team ?? -1);
			events.push(judge(right), next());
		}
		expect(seats).toEqual([0, 1, 0, 1]);
		let s = play(setup, events);
		expect(s.scores).toEqual([110, 120]);
		expect(s.phase).toBe('intro');
		expect(s.round).toBe(1);

		// 抢答 question 1: A buzzes early (foul −5), then after the cue B wins and is wrong (−10).
		events.push(next(), buzz(0));
		s = play(setup, events);
		expect(s.scores).toEqual([105, 120]);
		expect(stepStage(setup, s, judge(true))).toBeNull(); // nobody answering yet
		events.push(cue(), buzz(1));
		s = play(setup, events);
		expect(stepStage(setup, s, buzz(0))).toBeNull(); // too late: B answers
		events.push(judge(false));
		s = play(setup, events);
		expect(s.scores).toEqual([105, 110]);
		// Five more 抢答 questions nobody buzzes on.
		for (let i = 0; i < 5; i++) events.push(next(), cue(), { type: 'reveal', at: at() });
		events.push(next());
		s = play(setup, events);
		expect(s.phase).toBe('intro');
		expect(s.round).toBe(2);
		expect(s.fouls).toEqual([0, 0]); // fouls count per round

		// 风险: lowest first (A 105), A abstains; B picks 30 (tier 2, a hard question), right.
		events.push(next());
		s = play(setup, events);
		expect(s.phase).toBe('pick');
		expect(s.team).toBe(0);
		events.push(pick(null), next());
		s = play(setup, events);
		expect(s.scores).toEqual([105, 110]);
		expect(s.team).toBe(1);
		events.push(pick(2));
		s = play(setup, events);
		expect(setup.difficulties[s.question ?? -1]).toBe(tierDifficulty(2, 3));
		events.push(judge(false));
		s = play(setup, events);
		expect(s.scores).toEqual([105, 80]);
		// An adjustment ties the top: 评委调整 +25 for B, with a reason.
		events.push({ type: 'adjust', at: at(), team: 1, delta: 25, reason: '复核后认可答案' });
		events.push(next());
		s = play(setup, events);
		expect(s.scores).toEqual([105, 105]);
		expect(s.phase).toBe('intro');
		expect(s.round).toBe(3); // 加赛
		expect(s.contenders).toEqual([0, 1]);
		// 加赛: A buzzes, right → A alone at the top → finished.
		events.push(next(), cue(), buzz(0), judge(true), next());
		s = play(setup, events);
		expect(s.phase).toBe('finished');
		expect(s.scores).toEqual([115, 105]);
		expect(ranksOf(s.scores)).toEqual([1, 2]);
		const rows = summarize(s);
		expect(rows[0]).toMatchObject({ right: 2, wrong: 1, fouls: 1, adjusted: 0 });
		expect(rows[1]).toMatchObject({ right: 2, wrong: 2, fouls: 0, adjusted: 25 });
	});

	it('a team with two fouls sits out the rest of the 抢答 round, then plays again', () => {
		const setup = stageSetup(2);
		const events: StageEvent[] = [next()];
		for (let i = 0; i < 4; i++) events.push(judge(true), next());
		events.push(next(), buzz(0), buzz(0));
		let s = play(setup, events);
		expect(s.out).toEqual([true, false]);
		events.push(cue());
		s = play(setup, events);
		expect(stepStage(setup, s, buzz(0))).toBeNull();
		events.push(buzz(1), judge(true));
		s = play(setup, events);
		expect(s.scores).toEqual([120 - 10, 130]);
	});

	it('the 全班闯关 preset gives one star per right answer and never a 加赛', () => {
		const setup: StageSetup = {
			rules: presetRules('class'),
			teams: 1,
			difficulties: difficulties(10)
		};
		const events: StageEvent[] = [next()];
		for (let i = 0; i < 10; i++) events.push(judge(i % 2 === 0), next());
		const s = play(setup, events);
		expect(s.phase).toBe('finished');
		expect(s.scores).toEqual([5]);
	});

	it('小组赛 is gentle: a wrong answer and a foul cost nothing', () => {
		const setup = stageSetup(2, presetRules('groups'));
		const events: StageEvent[] = [next()];
		for (let i = 0; i < 4; i++) events.push(judge(false), next());
		events.push(next(), buzz(1), cue(), buzz(1), judge(false));
		const s = play(setup, events);
		expect(s.scores).toEqual([0, 0]);
		expect(s.out).toEqual([false, false]);
	});

	it('runs out of questions gracefully: the contest ends instead of showing nothing', () => {
		const setup: StageSetup = { rules: presetRules('stage'), teams: 2, difficulties: [1, 2] };
		const s = play(setup, [next(), judge(true), next(), judge(true), next()]);
		expect(s.phase).toBe('finished');
		expect(s.used).toEqual([0, 1]);
	});

	it('the countdown pauses and resumes from the log times', () => {
		const setup = stageSetup(2);
		const s0 = play(setup, [{ type: 'next', at: 10_000 }]);
		expect(remainingMs(setup.rules, s0, 15_000)).toBe(25_000);
		const paused = stepStage(setup, s0, {
			type: 'timer',
			at: 20_000,
			running: false
		}) as StageState;
		expect(remainingMs(setup.rules, paused, 90_000)).toBe(20_000);
		const resumed = stepStage(setup, paused, {
			type: 'timer',
			at: 90_000,
			running: true
		}) as StageState;
		expect(remainingMs(setup.rules, resumed, 95_000)).toBe(15_000);
		expect(remainingMs(setup.rules, resumed, 999_000)).toBe(0);
	});

	it('normalizeRules bounds every number', () => {
		const wild = normalizeRules({
			baseScore: NaN,
			rounds: [
				{ kind: 'required', perTeam: 1e9, right: -5, wrong: Infinity, seconds: 3.7 },
				{ kind: 'risk', perTeam: 1, tiers: [NaN, -1], order: 'seat', seconds: 0 }
			],
			tiebreak: { enabled: true, right: 1e12, wrong: 0, foul: 0, seconds: -1 }
		});
		expect(wild.baseScore).toBe(0);
		expect(wild.rounds[0]).toEqual({
			kind: 'required',
			perTeam: 50,
			right: 0,
			wrong: 0,
			seconds: 4
		});
		expect(wild.rounds[1]).toMatchObject({ tiers: [10] });
		expect(wild.tiebreak).toMatchObject({ right: 1000, seconds: 0 });
	});
});
