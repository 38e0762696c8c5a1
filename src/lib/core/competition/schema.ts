/**
 * The valibot schemas every end checks competition data with: the admin's input (server on
 * POST/PATCH, the admin form before sending) and the `competition` submission record that rides
 * POST /api/sync. Rules between fields (the window's order, tier order) are in `checkInput`, so
 * their messages say exactly what is wrong, in Chinese.
 */
import * as v from 'valibot';
import { QUESTION_TYPES } from '../bank/schema';
import { UUID_PATTERN } from '../ids';
import { deviceTime, duration, MAX_ANSWER_MS } from '../sync/bounds';
import type { CompetitionInput, CompetitionSubmission } from './types';

export const TITLE_MAX = 60;
export const MAX_GROUPS = 200;
export const MAX_PAPER_QUESTIONS = 200;
export const MAX_DRAW_PARTS = 10;
export const MAX_TRIES = 10;
export const MAX_AWARD_TIERS = 6;
export const DEFAULT_GRACE_MS = 24 * 60 * 60 * 1000;
export const MAX_GRACE_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_WINDOW_MS = 92 * 24 * 60 * 60 * 1000;
export const QUESTION_LIMIT_MS = { min: 5_000, max: 300_000 } as const;
export const PAPER_LIMIT_MS = { min: 60_000, max: 4 * 60 * 60 * 1000 } as const;
/** Epoch ms bounds for any time in a record: 2020-01-01 to 2100-01-01. */
export const TIME_MIN = 1_577_836_800_000;
export const TIME_MAX = 4_102_444_800_000;

const epochMs = (label: string) =>
	v.pipe(
		v.number(`「${label}」应为时间（毫秒）`),
		v.integer(`「${label}」应为整数毫秒`),
		v.minValue(TIME_MIN, `「${label}」不在合理的时间范围内`),
		v.maxValue(TIME_MAX, `「${label}」不在合理的时间范围内`)
	);

const id64 = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const drawPartSchema = v.strictObject({
	type: v.picklist(QUESTION_TYPES, '题型应为 single、multiple、judge、fill 或 order'),
	count: v.pipe(
		v.number(),
		v.integer(),
		v.minValue(1, '每类至少 1 题'),
		v.maxValue(MAX_PAPER_QUESTIONS)
	),
	tag: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(30)))
});

export const paperSpecSchema = v.variant('kind', [
	v.strictObject({
		kind: v.literal('fixed'),
		questionIds: v.pipe(
			v.array(id64),
			v.minLength(1, '试卷至少 1 题'),
			v.maxLength(MAX_PAPER_QUESTIONS, `试卷最多 ${MAX_PAPER_QUESTIONS} 题`),
			v.check((ids) => new Set(ids).size === ids.length, '试卷中有重复的题目')
		)
	}),
	v.strictObject({
		kind: v.literal('draw'),
		parts: v.pipe(
			v.array(drawPartSchema),
			v.minLength(1, '抽题规则至少一条'),
			v.maxLength(MAX_DRAW_PARTS, `抽题规则最多 ${MAX_DRAW_PARTS} 条`),
			v.check(
				(parts) => parts.reduce((s, p) => s + p.count, 0) <= MAX_PAPER_QUESTIONS,
				`试卷最多 ${MAX_PAPER_QUESTIONS} 题`
			)
		)
	})
]);

export const timeLimitSchema = v.pipe(
	v.strictObject({
		per: v.picklist(['question', 'paper'] as const),
		ms: v.pipe(v.number(), v.integer())
	}),
	v.check((t) => {
		const b = t.per === 'question' ? QUESTION_LIMIT_MS : PAPER_LIMIT_MS;
		return t.ms >= b.min && t.ms <= b.max;
	}, '限时应为每题 5–300 秒，或整卷 1 分钟至 4 小时')
);

export const awardTierSchema = v.strictObject({
	name: v.pipe(
		v.string(),
		v.trim(),
		v.minLength(1, '奖项名称不能为空'),
		v.maxLength(12, '奖项名称最多 12 个字')
	),
	by: v.picklist(['rank', 'share'] as const),
	value: v.pipe(v.number(), v.minValue(0), v.maxValue(100_000))
});

/** Every field of a competition; POST needs all but graceMs, awards (defaults). */
export const competitionInputSchema = v.strictObject({
	title: v.pipe(
		v.string('缺少「竞赛名称」'),
		v.trim(),
		v.minLength(1, '「竞赛名称」不能为空'),
		v.maxLength(TITLE_MAX, `「竞赛名称」最多 ${TITLE_MAX} 个字`)
	),
	groupIds: v.pipe(
		v.array(id64),
		v.minLength(1, '至少选择一个参赛的支部或班级'),
		v.maxLength(MAX_GROUPS)
	),
	bankId: id64,
	bankVersion: v.pipe(v.string(), v.regex(/^\d+\.\d+\.\d+$/, '题库版本应形如 1.2.0')),
	paper: paperSpecSchema,
	opensAt: epochMs('开始时间'),
	closesAt: epochMs('结束时间'),
	graceMs: v.optional(
		v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_GRACE_MS, '补交期最长 7 天')),
		DEFAULT_GRACE_MS
	),
	timeLimit: v.nullable(timeLimitSchema),
	tries: v.pipe(
		v.number(),
		v.integer(),
		v.minValue(1, '答题次数至少 1 次'),
		v.maxValue(MAX_TRIES, `答题次数最多 ${MAX_TRIES} 次`)
	),
	tryRule: v.picklist(['best', 'first'] as const),
	release: v.picklist(['after-submit', 'after-window'] as const),
	awards: v.optional(
		v.pipe(
			v.array(awardTierSchema),
			v.maxLength(MAX_AWARD_TIERS, `奖项最多 ${MAX_AWARD_TIERS} 个`)
		),
		[]
	)
}) satisfies v.GenericSchema<unknown, CompetitionInput>;

/** PATCH: any subset of the fields. */
export const competitionPatchSchema = v.partial(competitionInputSchema);

/**
 * Rules between fields. Null when the input is consistent, otherwise the reason in Chinese.
 *
 * @example checkInput({ ...input, opensAt: 2, closesAt: 1 }) // → '结束时间应晚于开始时间'
 */
export function checkInput(input: CompetitionInput): string | null {
	if (input.closesAt <= input.opensAt) return '结束时间应晚于开始时间';
	if (input.closesAt - input.opensAt > MAX_WINDOW_MS) return '竞赛时间最长 92 天';
	if (new Set(input.groupIds).size !== input.groupIds.length) return '参赛的支部或班级有重复';
	let lastRank = 0;
	let lastShare = 0;
	const names = new Set<string>();
	for (const t of input.awards) {
		if (names.has(t.name)) return `奖项「${t.name}」重复`;
		names.add(t.name);
		if (t.by === 'rank') {
			if (!Number.isInteger(t.value) || t.value < 1) return `「${t.name}」的名次应为正整数`;
			if (t.value <= lastRank) return `「${t.name}」的名次应大于上一个奖项`;
			lastRank = t.value;
		} else {
			if (t.value <= 0 || t.value > 1) return `「${t.name}」的比例应在 0 到 1 之间`;
			if (t.value <= lastShare) return `「${t.name}」的比例应大于上一个奖项`;
			lastShare = t.value;
		}
	}
	return null;
}

const responseSchema = v.union([
	v.pipe(v.string(), v.maxLength(200)),
	v.boolean(),
	v.pipe(v.array(v.pipe(v.string(), v.maxLength(2))), v.maxLength(6))
]);

/**
 * The `competition` sync record (core/sync/records.ts). Every number finite and bounded with the
 * contract's bounds (core/sync/bounds.ts); a finish before the start is refused here.
 */
export const submissionSchema = v.pipe(
	v.strictObject({
		protocol: v.literal(1),
		id: v.pipe(v.string(), v.regex(UUID_PATTERN, 'expected a UUID submission id')),
		competitionId: id64,
		startedAt: deviceTime,
		finishedAt: deviceTime,
		answers: v.pipe(
			v.array(
				v.strictObject({
					questionId: id64,
					response: v.nullable(responseSchema),
					elapsedMs: v.pipe(duration(MAX_ANSWER_MS), v.integer('expected whole milliseconds')),
					answeredAt: deviceTime
				})
			),
			v.maxLength(MAX_PAPER_QUESTIONS)
		)
	}),
	v.check((s) => s.finishedAt >= s.startedAt, 'expected finishedAt not before startedAt')
) satisfies v.GenericSchema<unknown, CompetitionSubmission>;

/**
 * Validate a submission record, as the server does on upload.
 *
 * @example parseSubmission(JSON.parse(body)).success // → true for a well-formed record
 */
export function parseSubmission(input: unknown) {
	return v.safeParse(submissionSchema, input);
}
