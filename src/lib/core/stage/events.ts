/**
 * Everything the host does in a contest is one event in an append-only log; the scores and the
 * screen are a fold of the log (fold.ts). Undo drops the last event. Every event carries the
 * device time it happened at, for the timers and the score sheet.
 */

/**
 * next: open the next question (or round); cue: 「请抢答」 opens buzzing; buzz: a team's key
 * (before the cue it is a foul); pick: a 风险 tier by index, or null to abstain; judge: the host
 * marks the answer right or wrong (`choice`: the option the class chose, in 全班闯关); reveal:
 * show the answer with nobody scoring; adjust: 评委调整 with a reason; timer: pause or resume
 * the countdown; finish: end the contest now.
 */
export type StageEvent =
	| { type: 'next'; at: number }
	| { type: 'cue'; at: number }
	| { type: 'buzz'; at: number; team: number }
	| { type: 'pick'; at: number; tier: number | null }
	| { type: 'judge'; at: number; right: boolean; choice?: string }
	| { type: 'reveal'; at: number }
	| { type: 'adjust'; at: number; team: number; delta: number; reason: string }
	| { type: 'timer'; at: number; running: boolean }
	| { type: 'finish'; at: number };

export type StageEventType = StageEvent['type'];

export const STAGE_EVENT_TYPES: readonly StageEventType[] = [
	'next',
	'cue',
	'buzz',
	'pick',
	'judge',
	'reveal',
	'adjust',
	'timer',
	'finish'
];

/** The longest log one contest may have (a long contest with 加赛 uses a few hundred). */
export const MAX_EVENTS = 2000;
