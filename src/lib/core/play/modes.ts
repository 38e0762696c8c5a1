/**
 * Game modes as rules, so one quiz screen plays them all and the server scores them the same way
 * the device did. A mode decides how questions are drawn, whether a timer runs, when a run ends
 * and how many points a correct answer is worth. Adding a mode means adding rules here, not a
 * new screen.
 */
/** Every mode an attempt can be played in; the upload schema accepts exactly these. */
export const ATTEMPT_MODES = [
	'practice',
	'challenge',
	'timed',
	'topic',
	'review',
	'daily'
] as const;
export type AttemptMode = (typeof ATTEMPT_MODES)[number];

/** What an attempt carries about its rules: chosen at the start, uploaded with the result. */
export interface ModeSettings {
	/** Per-question time limit in ms; absent when no timer runs. */
	timeLimitMs?: number;
	/** Faster correct answers earn more (限时赛 only; off is fairer to slow readers and pupils). */
	speedScoring?: boolean;
}

export interface ModeRules {
	mode: AttemptMode;
	/** 挑战答题 ends at the first wrong answer. */
	stopOnWrong: boolean;
	/** How many questions a run draws; null draws the whole pool (the player chooses in practice). */
	drawCount: number | null;
	timeLimitMs: number | null;
	speedScoring: boolean;
}

/** Points for a correct answer at full speed (or any correct answer without speed scoring). */
export const FULL_POINTS = 1000;
/** Answers faster than this earn full points under speed scoring. */
export const FULL_SPEED_MS = 500;
export const TIMED_QUESTION_COUNT = 10;
/** 云学: the day's quiz is this many questions, the same ones for a whole group. */
export const DAILY_QUESTION_COUNT = 5;
export const DEFAULT_TIME_LIMIT_MS = 20_000;
/** Bounds on a timer, so an upload cannot claim a limit no screen offers. */
export const MIN_TIME_LIMIT_MS = 5_000;
export const MAX_TIME_LIMIT_MS = 120_000;

export const MODE_LABELS: Record<AttemptMode, string> = {
	practice: '练习',
	challenge: '挑战答题',
	timed: '限时赛',
	topic: '专项练习',
	review: '错题复习',
	daily: '每日答题'
};

/**
 * The rules of a mode with the settings it was started with. Settings a mode has no use for are
 * dropped, so practice stays untimed whatever is passed.
 *
 * @example modeRules('timed', { timeLimitMs: 15000, speedScoring: true })
 * // → { mode: 'timed', stopOnWrong: false, drawCount: 10, timeLimitMs: 15000, speedScoring: true }
 */
export function modeRules(mode: AttemptMode, settings: ModeSettings = {}): ModeRules {
	const limit = settings.timeLimitMs ?? null;
	switch (mode) {
		case 'practice':
		case 'topic':
		case 'review':
			return { mode, stopOnWrong: false, drawCount: null, timeLimitMs: null, speedScoring: false };
		case 'daily':
			return {
				mode,
				stopOnWrong: false,
				drawCount: DAILY_QUESTION_COUNT,
				timeLimitMs: null,
				speedScoring: false
			};
		case 'challenge':
			return { mode, stopOnWrong: true, drawCount: null, timeLimitMs: limit, speedScoring: false };
		case 'timed':
			return {
				mode,
				stopOnWrong: false,
				drawCount: TIMED_QUESTION_COUNT,
				timeLimitMs: limit ?? DEFAULT_TIME_LIMIT_MS,
				speedScoring: settings.speedScoring === true
			};
	}
}

/** The settings worth storing and uploading for these rules (nothing for untimed modes). */
export function settingsOf(rules: ModeRules): ModeSettings {
	if (rules.timeLimitMs === null) return {};
	return rules.mode === 'timed'
		? { timeLimitMs: rules.timeLimitMs, speedScoring: rules.speedScoring }
		: { timeLimitMs: rules.timeLimitMs };
}

/** Is a timer setting one the app could have offered? The server refuses anything else. */
export function isValidTimeLimit(ms: number): boolean {
	return Number.isInteger(ms) && ms >= MIN_TIME_LIMIT_MS && ms <= MAX_TIME_LIMIT_MS;
}

/**
 * Did the answer come too late? An answer at or past the limit counts as wrong whatever it says:
 * the screen records the timeout itself, and the server must agree with it.
 *
 * @example isOverTime({ timeLimitMs: 20000, ... }, 20000) // → true
 */
export function isOverTime(rules: ModeRules, elapsedMs: number): boolean {
	return rules.timeLimitMs !== null && elapsedMs >= rules.timeLimitMs;
}

/**
 * The speed factor of a correct answer (the well-known quiz-show rule): 1 for an answer within
 * `fullSpeedMs`, falling linearly to 0.5 at the time limit. `fullSpeedMs` is the question's
 * reading floor (reading.ts): nobody may answer faster than that, so the curve starts there and
 * the full 1000 points stay reachable; never less than half a second. Without speed scoring,
 * always 1.
 *
 * @example speedFactor(modeRules('timed', { timeLimitMs: 10500, speedScoring: true }), 5500) // → 0.75
 * @example speedFactor(modeRules('timed', { timeLimitMs: 10500, speedScoring: true }), 900, 900) // → 1
 */
export function speedFactor(
	rules: ModeRules,
	elapsedMs: number,
	fullSpeedMs: number = FULL_SPEED_MS
): number {
	if (!rules.speedScoring || rules.timeLimitMs === null) return 1;
	const start = Math.max(FULL_SPEED_MS, fullSpeedMs);
	const span = rules.timeLimitMs - start;
	if (span <= 0 || elapsedMs <= start) return 1;
	const late = Math.min(1, (elapsedMs - start) / span);
	return 1 - 0.5 * late;
}

/**
 * Points for one answer: 0 when wrong or too late, otherwise FULL_POINTS times the speed factor,
 * rounded to a whole point. An answer whose timer was paused (or that was resumed after a reload)
 * gets the lowest speed factor, 0.5: the question stays on screen while paused, so its time no
 * longer says how fast the player was (docs/decisions.md).
 *
 * @example answerPoints(modeRules('practice'), true, 8000) // → 1000
 */
export function answerPoints(
	rules: ModeRules,
	correct: boolean,
	elapsedMs: number,
	pauses = 0,
	fullSpeedMs: number = FULL_SPEED_MS
): number {
	if (!correct || isOverTime(rules, elapsedMs)) return 0;
	const factor =
		pauses > 0 && rules.speedScoring ? 0.5 : speedFactor(rules, elapsedMs, fullSpeedMs);
	return Math.round(FULL_POINTS * factor);
}

/** Scoring needs only these of an answer; stored answers and uploads both have them. */
export interface ScoredAnswer {
	correct: boolean;
	/** Time the question's timer ran: paused time is not in it. */
	elapsedMs: number;
	/** How often the timer was paused on this question (a reload counts as one); absent is 0. */
	pauses?: number;
	/** Full speed points up to this time: the question's reading floor (absent: half a second). */
	fullSpeedMs?: number;
}

/** Does the answer count as right under these rules (correct and in time)? */
export function countsAsCorrect(rules: ModeRules, answer: ScoredAnswer): boolean {
	return answer.correct && !isOverTime(rules, answer.elapsedMs);
}

/**
 * Is the run over after these answers (in play order)? Every mode ends when all questions are
 * answered; 挑战答题 also ends at the first answer that does not count as right.
 *
 * @example isRunOver(modeRules('challenge'), 50, [{ correct: false, elapsedMs: 900 }]) // → true
 */
export function isRunOver(
	rules: ModeRules,
	total: number,
	answers: readonly ScoredAnswer[]
): boolean {
	if (answers.length >= total) return true;
	return rules.stopOnWrong && answers.some((a) => !countsAsCorrect(rules, a));
}

/**
 * The length of a challenge run: right answers before the first miss. What 「最佳纪录」 keeps.
 *
 * @example runLength(modeRules('challenge'), [ok, ok, miss]) // → 2
 */
export function runLength(rules: ModeRules, answers: readonly ScoredAnswer[]): number {
	const miss = answers.findIndex((a) => !countsAsCorrect(rules, a));
	return miss === -1 ? answers.length : miss;
}

/** Total points of a run. */
export function totalPoints(rules: ModeRules, answers: readonly ScoredAnswer[]): number {
	return answers.reduce(
		(sum, a) => sum + answerPoints(rules, a.correct, a.elapsedMs, a.pauses ?? 0, a.fullSpeedMs),
		0
	);
}

/**
 * Questions of a topic: those carrying the tag, keeping the pool's order.
 *
 * @example withTag([{ id: 'a', tags: ['建党'] }, { id: 'b', tags: [] }], '建党') // → ['a']
 */
export function withTag(
	questions: readonly { id: string; tags: readonly string[] }[],
	tag: string
): string[] {
	return questions.filter((q) => q.tags.includes(tag)).map((q) => q.id);
}

/**
 * The tags of a pool with how many questions carry each, most used first (ties by name): what
 * 专项练习 offers to choose from.
 *
 * @example tagCounts([{ tags: ['建党'] }, { tags: ['建党', '长征'] }]) // → [['建党', 2], ['长征', 1]]
 */
export function tagCounts(questions: readonly { tags: readonly string[] }[]): [string, number][] {
	const counts = new Map<string, number>();
	for (const q of questions) for (const t of q.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
	return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'));
}
