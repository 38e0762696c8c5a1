/**
 * The admin's competition form as state: the fields as typed (kept through failed requests and
 * offline spells), turned into a `CompetitionInput` checked by the same schema the server uses,
 * so a mistake is named before anything is sent. The window is typed on the org's wall clock.
 */
import * as v from 'valibot';
import type { QuestionType } from '$lib/core/bank/schema';
import { addDays } from '$lib/core/calendar/study-day';
import { instantOf, wallTime } from '$lib/core/calendar/zoned-time';
import { checkInput, competitionInputSchema, DEFAULT_GRACE_MS } from '$lib/core/competition/schema';
import type {
	Competition,
	CompetitionInput,
	ReleaseRule,
	TryRule
} from '$lib/core/competition/types';

export interface PartField {
	type: QuestionType;
	count: number;
	tag: string;
}

const HOUR = 60 * 60 * 1000;

export class CompetitionForm {
	title = $state('');
	groupIds = $state<string[]>([]);
	bankId = $state('');
	bankVersion = $state('');
	paperKind = $state<'draw' | 'fixed'>('draw');
	parts = $state<PartField[]>([
		{ type: 'single', count: 10, tag: '' },
		{ type: 'judge', count: 5, tag: '' }
	]);
	fixedIds = $state<string[]>([]);
	openDay = $state('');
	openTime = $state('09:00');
	closeDay = $state('');
	closeTime = $state('21:00');
	graceHours = $state(DEFAULT_GRACE_MS / HOUR);
	limitKind = $state<'none' | 'question' | 'paper'>('paper');
	questionSeconds = $state(30);
	paperMinutes = $state(30);
	tries = $state(1);
	tryRule = $state<TryRule>('best');
	release = $state<ReleaseRule>('after-window');
	/** The org's zone: the window is typed and shown on its wall clock. */
	timeZone = $state('Asia/Shanghai');

	/** Tomorrow 09:00 to 21:00 on the org's clock, unless already set. */
	fillDefaults(now: number): void {
		const today = wallTime(now, this.timeZone).day;
		if (!this.openDay) this.openDay = addDays(today, 1);
		if (!this.closeDay) this.closeDay = addDays(today, 1);
	}

	/** Fill the form from a stored competition (editing a draft). */
	load(c: Competition): void {
		this.timeZone = c.timeZone;
		this.title = c.title;
		this.groupIds = [...c.groupIds];
		this.bankId = c.bankId;
		this.bankVersion = c.bankVersion;
		this.paperKind = c.paper.kind;
		if (c.paper.kind === 'draw') {
			this.parts = c.paper.parts.map((p) => ({ type: p.type, count: p.count, tag: p.tag ?? '' }));
		} else this.fixedIds = [...c.paper.questionIds];
		const open = wallTime(c.opensAt, c.timeZone);
		const close = wallTime(c.closesAt, c.timeZone);
		this.openDay = open.day;
		this.openTime = open.time;
		this.closeDay = close.day;
		this.closeTime = close.time;
		this.graceHours = c.graceMs / HOUR;
		this.limitKind = c.timeLimit?.per ?? 'none';
		if (c.timeLimit?.per === 'question') this.questionSeconds = c.timeLimit.ms / 1000;
		if (c.timeLimit?.per === 'paper') this.paperMinutes = c.timeLimit.ms / 60_000;
		this.tries = c.tries;
		this.tryRule = c.tryRule;
		this.release = c.release;
	}

	readonly opensAt = $derived(instantOf(this.openDay, this.openTime, this.timeZone));
	readonly closesAt = $derived(instantOf(this.closeDay, this.closeTime, this.timeZone));
	readonly questionCount = $derived(
		this.paperKind === 'fixed'
			? this.fixedIds.length
			: this.parts.reduce((sum, p) => sum + (Number(p.count) || 0), 0)
	);

	/** The input to send, or the first thing wrong with it in words. */
	readonly input:
		{ ok: true; value: Omit<CompetitionInput, 'awards'> } | { ok: false; message: string } =
		$derived.by(() => {
			if (this.opensAt === null || this.closesAt === null) {
				return { ok: false, message: '请填写完整的开始和结束日期、时间' };
			}
			const value = {
				title: this.title.trim(),
				groupIds: [...this.groupIds],
				bankId: this.bankId,
				bankVersion: this.bankVersion,
				paper:
					this.paperKind === 'fixed'
						? { kind: 'fixed' as const, questionIds: [...this.fixedIds] }
						: {
								kind: 'draw' as const,
								parts: this.parts.map((p) => ({
									type: p.type,
									count: Number(p.count),
									...(p.tag ? { tag: p.tag } : {})
								}))
							},
				opensAt: this.opensAt,
				closesAt: this.closesAt,
				graceMs: Math.round(Number(this.graceHours) * HOUR),
				timeLimit:
					this.limitKind === 'none'
						? null
						: this.limitKind === 'question'
							? { per: 'question' as const, ms: Math.round(Number(this.questionSeconds) * 1000) }
							: { per: 'paper' as const, ms: Math.round(Number(this.paperMinutes) * 60_000) },
				tries: Number(this.tries),
				tryRule: this.tryRule,
				release: this.release
			};
			if (!value.bankId || !value.bankVersion) return { ok: false, message: '请选择题库和版本' };
			const parsed = v.safeParse(competitionInputSchema, { ...value, awards: [] });
			if (!parsed.success) return { ok: false, message: parsed.issues[0]?.message ?? '表单有误' };
			const rule = checkInput(parsed.output);
			if (rule) return { ok: false, message: rule };
			return { ok: true, value };
		});
}
