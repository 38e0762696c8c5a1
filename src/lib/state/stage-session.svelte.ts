/**
 * A running stage or classroom contest, shared by its windows: the host's control view and the
 * audience view on the projector. Every window folds the same log (core/stage) and may act on
 * it (the one with keyboard focus does); each action is written to IndexedDB first, then sent
 * to the other windows over a BroadcastChannel. One window alone works the same way.
 */
import { appDb } from '$lib/client/app-db';
import type { StageContestRow } from '$lib/client/db';
import {
	appendEvent,
	dropLastEvent,
	loadContest,
	loadEvents,
	StageLogConflict
} from '$lib/client/stage-store';
import { choiceIsRight, setupOf, type StageQuestion } from '$lib/core/stage/contest';
import type { StageEvent } from '$lib/core/stage/events';
import {
	activeRound,
	foldStage,
	stepStage,
	type ActiveRound,
	type StageSetup,
	type StageState
} from '$lib/core/stage/fold';
import { eventLabel } from '$lib/core/stage/sheet';
import { uploadService } from './upload-service.svelte';

export { playStageSound, type StageSound } from '$lib/client/stage-sound';

export type StageRole = 'host' | 'screen';

type StageMessage =
	| { type: 'log'; contestId: string; events: StageEvent[] }
	| { type: 'hello'; contestId: string; role: StageRole; from: string }
	| { type: 'here'; contestId: string; role: StageRole; from: string }
	| { type: 'bye'; contestId: string; from: string }
	| { type: 'blank'; contestId: string; blank: boolean };

const CHANNEL = 'pocket-classroom-stage';
const SETTINGS_KEY = 'pocket-classroom:stage';

/** Host preferences for the stage screen, per device. Sounds are off by default (DESIGN.md). */
class StageSettings {
	#sound = $state(false);

	constructor() {
		try {
			if (typeof localStorage !== 'undefined')
				this.#sound = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}').sound === true;
		} catch {
			this.#sound = false;
		}
	}

	get sound() {
		return this.#sound;
	}
	set sound(value: boolean) {
		this.#sound = value;
		try {
			localStorage.setItem(SETTINGS_KEY, JSON.stringify({ sound: value }));
		} catch {
			// Private mode: the switch still holds for this visit.
		}
	}
}

export const stageSettings = new StageSettings();

/** Keys that mean "next" on a keyboard or a presenter remote, and "back". */
const NEXT_KEYS = new Set(['PageDown', 'ArrowRight', 'Enter']);
const BACK_KEYS = new Set(['PageUp', 'ArrowLeft']);

export class StageSession {
	readonly contest: StageContestRow;
	readonly role: StageRole;
	#events = $state.raw<StageEvent[]>([]);
	#blank = $state(false);
	// An array rather than a SvelteSet: svelte/reactivity's classes would join the app shell chunk.
	#screens = $state.raw<readonly string[]>([]);
	/** The last thing done or refused, for the live region (「已撤销：…」). */
	message = $state('');
	#queue: Promise<unknown> = Promise.resolve();
	#channel: BroadcastChannel | null = null;
	readonly #self = Math.random().toString(36).slice(2);

	readonly setup: StageSetup;
	readonly state: StageState;
	readonly round: ActiveRound;
	readonly question: StageQuestion | null;

	private constructor(contest: StageContestRow, events: StageEvent[], role: StageRole) {
		this.contest = contest;
		this.role = role;
		this.setup = setupOf(contest);
		this.#events = events;
		this.state = $derived(foldStage(this.setup, this.#events));
		this.round = $derived(activeRound(this.contest.rules, this.state.round));
		this.question = $derived(
			this.state.question === null ? null : (this.contest.questions[this.state.question] ?? null)
		);
	}

	/** Open a contest saved on this device (null when there is no such contest here). */
	static async open(id: string, role: StageRole): Promise<StageSession | null> {
		const db = appDb();
		const contest = await loadContest(db, id);
		if (!contest) return null;
		return new StageSession(contest, await loadEvents(db, id), role);
	}

	get events(): readonly StageEvent[] {
		return this.#events;
	}

	get blank(): boolean {
		return this.#blank;
	}

	/** Whether an audience window is open: then it makes the sounds, not the host's. */
	get screenOpen(): boolean {
		return this.#screens.length > 0;
	}

	/** Whether this window plays sounds and reads aloud (one window does, never two). */
	get voiceHere(): boolean {
		return this.role === 'screen' || !this.screenOpen;
	}

	teamName = (team: number): string => this.contest.teams[team]?.name ?? `第${team + 1}队`;

	/**
	 * Act: build an event from the current state (after every earlier action has been written)
	 * and append it if the rules accept it. Actions run one at a time, so two quick key presses
	 * are decided in order.
	 */
	act(make: (state: StageState) => Omit<StageEvent, 'at'> | null): Promise<boolean> {
		return this.#serial(async () => {
			const partial = make(this.state);
			if (!partial) return false;
			const event = { ...partial, at: Date.now() } as StageEvent;
			const next = stepStage(this.setup, this.state, event);
			if (!next) return false;
			const seq = this.#events.length;
			try {
				await appendEvent(
					appDb(),
					this.contest,
					seq,
					event,
					next.phase === 'finished',
					this.#events
				);
			} catch (e) {
				return this.#failed(e);
			}
			this.#events = [...this.#events, event];
			this.message = '';
			// A finished contest for a group was queued with its last event: send it now if online.
			if (next.phase === 'finished' && this.contest.groupId) void uploadService.flush();
			this.#post({ type: 'log', contestId: this.contest.id, events: this.#events });
			return true;
		});
	}

	/** Undo: drop the last event from the log. */
	undo(): Promise<boolean> {
		return this.#serial(async () => {
			const last = this.#events.at(-1);
			if (!last) return false;
			const rest = this.#events.slice(0, -1);
			const finished = foldStage(this.setup, rest).phase === 'finished';
			try {
				await dropLastEvent(appDb(), this.contest.id, rest.length, finished);
			} catch (e) {
				return this.#failed(e);
			}
			this.#events = rest;
			this.message = `已撤销：${eventLabel(last, this.teamName)}`;
			this.#post({ type: 'log', contestId: this.contest.id, events: this.#events });
			return true;
		});
	}

	next = () =>
		this.act((s) => (s.phase === 'intro' || s.phase === 'revealed' ? { type: 'next' } : null));
	cue = () => this.act(() => ({ type: 'cue' }));
	buzz = (team: number) => this.act(() => ({ type: 'buzz', team }));
	pick = (tier: number | null) => this.act(() => ({ type: 'pick', tier }));
	judge = (right: boolean, choice?: string) =>
		this.act(() => ({ type: 'judge', right, ...(choice === undefined ? {} : { choice }) }));
	reveal = () => this.act(() => ({ type: 'reveal' }));
	finish = () => this.act(() => ({ type: 'finish' }));
	toggleTimer = () => this.act((s) => ({ type: 'timer', running: s.timer.since === null }));
	adjust = (team: number, delta: number, reason: string) =>
		this.act(() => ({ type: 'adjust', team, delta, reason }));

	/**
	 * The "next" of a remote: open the next question (or round), 「请抢答」, or go on after the
	 * answer. Decided when its turn in the queue comes, so quick presses each take one step.
	 */
	advance(): Promise<boolean> {
		return this.act((s) => {
			if (s.phase === 'question') return { type: 'cue' };
			if (s.phase === 'intro' || s.phase === 'revealed') return { type: 'next' };
			this.message =
				s.phase === 'pick'
					? '请先选择分值（数字键），或按 0 放弃'
					: s.phase === 'finished'
						? '比赛已结束'
						: '请先判定：Y 答对，N 答错，R 公布答案';
			return null;
		});
	}

	/** A digit key: a tier in 风险 (0 abstains), otherwise that team's buzzer. */
	digit(digit: number): Promise<boolean> {
		return this.act((s) => {
			if (s.phase === 'pick') return { type: 'pick', tier: digit === 0 ? null : digit - 1 };
			return digit >= 1 ? { type: 'buzz', team: digit - 1 } : null;
		});
	}

	/**
	 * The class's choice in 全班闯关, judged on the spot: an option letter, or for a judge
	 * question 正确/错误 (A/B).
	 */
	choose(choice: string): Promise<boolean> {
		return this.act((s) => {
			const q = s.question === null ? undefined : this.contest.questions[s.question];
			if (q?.type === 'judge') choice = choice === 'A' ? '正确' : choice === 'B' ? '错误' : choice;
			const right = q && s.phase === 'answering' ? choiceIsRight(q, choice) : null;
			return right === null ? null : { type: 'judge', right, choice };
		});
	}

	setBlank(blank: boolean) {
		this.#blank = blank;
		this.#post({ type: 'blank', contestId: this.contest.id, blank });
	}

	/**
	 * A key press from a keyboard or presenter remote; true when it was the contest's. F (full
	 * screen) and S (read aloud) are the view's own, since they need the page.
	 */
	key(key: string): boolean {
		const lower = key.toLowerCase();
		if (lower === 'b' || key === '.') {
			this.setBlank(!this.#blank);
			return true;
		}
		const action = this.#keyAction(key, lower);
		if (!action) return false;
		void action();
		return true;
	}

	#keyAction(key: string, lower: string): (() => Promise<boolean>) | null {
		if (NEXT_KEYS.has(key)) return () => this.advance();
		if (BACK_KEYS.has(key)) return () => this.undo();
		if (key === ' ') return () => this.toggleTimer();
		if (lower === 'y') return () => this.judge(true);
		if (lower === 'n') return () => this.judge(false);
		if (lower === 'r') return () => this.reveal();
		if (/^[0-9]$/.test(key)) return () => this.digit(Number(key));
		if (this.contest.kind === 'class' && /^[a-f]$/.test(lower))
			return () => this.choose(key.toUpperCase());
		return null;
	}

	/** Join the contest's channel; returns the function that leaves it. */
	connect(): () => void {
		if (typeof BroadcastChannel === 'undefined') return () => {};
		const channel = new BroadcastChannel(CHANNEL);
		this.#channel = channel;
		channel.onmessage = (e: MessageEvent<StageMessage>) => this.#receive(e.data);
		this.#post({ type: 'hello', contestId: this.contest.id, role: this.role, from: this.#self });
		const bye = () => this.#post({ type: 'bye', contestId: this.contest.id, from: this.#self });
		addEventListener('pagehide', bye);
		return () => {
			bye();
			removeEventListener('pagehide', bye);
			channel.close();
			this.#channel = null;
		};
	}

	#receive(message: StageMessage) {
		if (!message || message.contestId !== this.contest.id) return;
		switch (message.type) {
			case 'log':
				// Each window writes to IndexedDB before it sends, so the log it sends is the truth.
				this.#events = message.events;
				break;
			case 'blank':
				this.#blank = message.blank;
				break;
			case 'hello':
				// Answer a newcomer with who is here and what it must show now.
				this.#post({ type: 'here', contestId: this.contest.id, role: this.role, from: this.#self });
				this.#post({ type: 'log', contestId: this.contest.id, events: this.#events });
				this.#post({ type: 'blank', contestId: this.contest.id, blank: this.#blank });
				this.#seen(message.role, message.from);
				break;
			case 'here':
				this.#seen(message.role, message.from);
				break;
			case 'bye':
				this.#screens = this.#screens.filter((s) => s !== message.from);
				break;
		}
	}

	#seen(role: StageRole, from: string) {
		if (role === 'screen' && !this.#screens.includes(from))
			this.#screens = [...this.#screens, from];
	}

	#post(message: StageMessage) {
		this.#channel?.postMessage($state.snapshot(message));
	}

	#serial<T>(run: () => Promise<T>): Promise<T> {
		const result = this.#queue.then(run);
		this.#queue = result.catch(() => undefined);
		return result;
	}

	async #failed(e: unknown): Promise<false> {
		if (e instanceof StageLogConflict) {
			// The other window acted first: show its log; the host decides again.
			this.#events = await loadEvents(appDb(), this.contest.id);
			this.message = '另一个窗口刚刚操作过，已同步，请再操作一次';
		} else {
			console.error('stage event not saved', e);
			this.message = '没能保存这一步（存储空间不足？），比分没有改变';
		}
		return false;
	}
}
