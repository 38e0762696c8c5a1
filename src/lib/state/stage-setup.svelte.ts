/**
 * The setup of a new stage or classroom contest: kind and rules (from a preset, then edited),
 * teams, the questions (a bank's questions by tag, or hand-picked), and the class or branch the
 * record goes to. `start()` saves the contest and returns its id.
 */
import { appDb } from '$lib/client/app-db';
import { activeBankQuestions, saveContest, snapshotQuestions } from '$lib/client/stage-store';
import type { Question } from '$lib/core/bank/schema';
import { uuidv7 } from '$lib/core/ids';
import { tagCounts } from '$lib/core/play/modes';
import { hashSeed, seededRandom, shuffled } from '$lib/core/play/random';
import {
	defaultTeams,
	MAX_QUESTIONS,
	setupProblems,
	TEAM_COLOURS,
	type StageContest,
	type StageTeam
} from '$lib/core/stage/contest';
import {
	normalizeRules,
	presetRules,
	questionsNeeded,
	teamRange,
	type ContestKind,
	type StageRules
} from '$lib/core/stage/rules';
import { LiveQuery } from './live-query.svelte';

/** Spare questions drawn beyond the rounds, for the 加赛. */
export const TIEBREAK_SPARES = 5;

const KIND_TITLES: Record<ContestKind, string> = {
	stage: '党史知识竞赛',
	groups: '红色故事小组赛',
	class: '红色故事全班闯关'
};

export class StageSetupForm {
	readonly id = uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));
	#kind = $state<ContestKind>('stage');
	title = $state(KIND_TITLES.stage);
	teams = $state<StageTeam[]>(defaultTeams('stage', 3));
	rules = $state<StageRules>(presetRules('stage'));
	#bankId = $state('');
	#bankVersion = $state('');
	#questions = $state.raw<Question[]>([]);
	/** '' = every question of the bank. */
	tag = $state('');
	mode = $state<'tag' | 'hand'>('tag');
	picked = $state<string[]>([]);
	groupId = $state<string | null>(null);
	loadingBank = $state(false);
	error = $state('');

	readonly banks = new LiveQuery(() => appDb().banks.orderBy('id').toArray(), []);

	get kind() {
		return this.#kind;
	}

	/** A new kind starts from its preset rules and its own team names. */
	set kind(kind: ContestKind) {
		this.#kind = kind;
		this.rules = presetRules(kind);
		this.title = KIND_TITLES[kind];
		this.teams = defaultTeams(kind, kind === 'groups' ? 4 : 3);
		this.#chooseDefaultBank();
	}

	/**
	 * Pick a bank when none is chosen yet, or the kind calls for another audience: the pupils'
	 * bank for a class, a members' bank for a stage. Called when the bank list arrives.
	 */
	chooseDefaultBank() {
		if (!this.#bankId) this.#chooseDefaultBank();
	}

	#chooseDefaultBank() {
		const banks = this.banks.current;
		const want =
			this.#kind === 'stage' ? (['member', 'all'] as const) : (['pupil', 'all'] as const);
		const bank = want.map((a) => banks.find((b) => b.audience === a)).find(Boolean) ?? banks[0];
		if (bank && bank.id !== this.#bankId) this.bankId = bank.id;
	}

	get bankId() {
		return this.#bankId;
	}

	set bankId(id: string) {
		this.#bankId = id;
		this.tag = '';
		this.picked = [];
		void this.#loadBank(id);
	}

	get bankQuestions(): readonly Question[] {
		return this.#questions;
	}

	/** Tags of the bank's questions with how many each has, most first. */
	readonly tags = $derived(tagCounts(this.#questions));

	/** Questions of the chosen tag (or all), in bank order. */
	readonly pool = $derived(
		this.tag ? this.#questions.filter((q) => q.tags.includes(this.tag)) : this.#questions
	);

	/** How many questions the rounds need, and the spares for 加赛. */
	readonly needed = $derived(
		questionsNeeded(normalizeRules(this.rules), this.teams.length) +
			(this.rules.tiebreak.enabled ? TIEBREAK_SPARES : 0)
	);

	/** The contest's questions: a seeded draw from the pool, or the hand-picked ones in order. */
	readonly chosen = $derived.by(() => {
		if (this.mode === 'hand') {
			return this.picked.flatMap((id) => this.#questions.find((q) => q.id === id) ?? []);
		}
		const draw = shuffled(this.pool, seededRandom(hashSeed(`stage:${this.id}`)));
		return draw.slice(0, Math.min(this.needed, MAX_QUESTIONS));
	});

	readonly teamRange = $derived(teamRange(this.#kind));

	get problems(): string[] {
		return setupProblems({
			kind: this.#kind,
			teams: this.teams,
			rules: this.rules,
			questions: snapshotQuestions(this.#bankId, this.#bankVersion, this.chosen)
		});
	}

	addTeam() {
		if (this.teams.length >= this.teamRange.max) return;
		const used = this.teams.map((t) => t.colour);
		const colour = TEAM_COLOURS.findIndex((_, i) => !used.includes(i));
		const names = defaultTeams(this.#kind, this.teams.length + 1);
		this.teams.push({ name: names.at(-1)?.name ?? '', colour: Math.max(0, colour) });
	}

	removeTeam(index: number) {
		if (this.teams.length <= this.teamRange.min) return;
		this.teams.splice(index, 1);
	}

	togglePick(id: string) {
		this.picked = this.picked.includes(id)
			? this.picked.filter((p) => p !== id)
			: [...this.picked, id];
	}

	/** Save the contest; returns its id, or null with `error` saying what is missing. */
	async start(): Promise<string | null> {
		const problems = this.problems;
		if (problems.length > 0) {
			this.error = problems.join('；');
			return null;
		}
		const contest: StageContest = {
			id: this.id,
			kind: this.#kind,
			title: this.title.trim() || KIND_TITLES[this.#kind],
			teams: this.teams.map((t) => ({ name: t.name.trim(), colour: t.colour })),
			rules: normalizeRules($state.snapshot(this.rules) as StageRules),
			questions: snapshotQuestions(this.#bankId, this.#bankVersion, this.chosen),
			groupId: this.groupId,
			createdAt: Date.now()
		};
		try {
			await saveContest(appDb(), contest);
		} catch (e) {
			console.error('contest not saved', e);
			this.error = '没能保存比赛（存储空间不足？）';
			return null;
		}
		return contest.id;
	}

	async #loadBank(id: string) {
		this.loadingBank = true;
		try {
			const loaded = await activeBankQuestions(appDb(), id);
			if (this.#bankId !== id) return;
			this.#questions = loaded?.questions ?? [];
			this.#bankVersion = loaded?.version ?? '';
		} finally {
			this.loadingBank = false;
		}
	}
}
