/**
 * The member's competitions as screens show them (今日, 组织, the competition page): what is on,
 * how long is left by the device's clock, whether the paper is on the device, the tries made
 * here and their upload, the result and boards once the server released them. Everything reads
 * IndexedDB, so it all shows offline; `refresh` brings it up to date when online.
 */
import { appDb } from '$lib/client/app-db';
import { refreshCompetitions, runsOf } from '$lib/client/competition-store';
import type {
	CompetitionAnswerRow,
	CompetitionBoardRow,
	CompetitionResultRow,
	CompetitionRow,
	CompetitionRunRow,
	MemberRow,
	OutboxRow,
	PaperRow
} from '$lib/client/db';
import { activeMember } from '$lib/client/profiles';
import { timeLeft } from '$lib/core/competition/time-left';
import { Clock } from './clock.svelte';
import { LiveQuery } from './live-query.svelte';

export interface CompetitionItem {
	listing: CompetitionRow;
	/** The paper is on this device (it plays offline). */
	downloaded: boolean;
	status: 'upcoming' | 'open' | 'grace' | 'closed';
	label: string;
	/** Tries left, counting those handed in here and not yet on the server. */
	triesLeft: number;
	/** A try under way on this device. */
	active: boolean;
	handedIn: boolean;
}

/** The active member's competitions, soonest first; the labels move on with the clock. */
export class MemberCompetitions {
	#clock = new Clock(30_000);
	#rows = new LiveQuery(async () => {
		const db = appDb();
		const member = await activeMember(db);
		if (!member) return null;
		const [listings, papers, runs] = await Promise.all([
			db.competitions.where('memberId').equals(member.id).toArray(),
			db.papers
				.where('[memberId+competitionId]')
				.between([member.id, ''], [member.id, '\uffff'])
				.primaryKeys(),
			db.competitionRuns.filter((r) => r.memberId === member.id).toArray()
		]);
		return { member, listings, papers: papers.map((k) => String(k[1])), runs };
	}, null);

	readonly member = $derived(this.#rows.current?.member ?? null);
	readonly loaded = $derived(this.#rows.loaded);

	readonly items: CompetitionItem[] = $derived.by(() => {
		const data = this.#rows.current;
		if (!data) return [];
		const now = this.#clock.now;
		return data.listings
			.map((listing) => {
				const runs = data.runs.filter((r) => r.competitionId === listing.id);
				const finished = runs.filter((r) => r.status === 'finished').length;
				const { status, label } = timeLeft(listing, now);
				return {
					listing,
					downloaded: data.papers.includes(listing.id),
					status,
					label,
					triesLeft: Math.max(0, listing.tries - Math.max(finished, listing.triesUsed)),
					active: runs.some((r) => r.status === 'active'),
					handedIn: finished > 0 || listing.triesUsed > 0
				};
			})
			.sort((a, b) => a.listing.closesAt - b.listing.closesAt);
	});

	/** Upcoming and open ones: what 今日 shows. */
	readonly current = $derived(
		this.items.filter((i) => i.status === 'upcoming' || i.status === 'open')
	);
}

export interface CompetitionDetail {
	member: MemberRow;
	listing: CompetitionRow | undefined;
	paper: PaperRow | undefined;
	runs: CompetitionRunRow[];
	/** The outbox rows of the tries (their upload state), by try id. */
	uploads: Record<string, OutboxRow>;
	/** The answers of each try, by try id (canonical keys; shown in the paper's letters). */
	answers: Record<string, CompetitionAnswerRow[]>;
	result: CompetitionResultRow | undefined;
	board: CompetitionBoardRow | undefined;
}

/** One competition for its page: listing, paper, tries here, result and boards. */
export class CompetitionView {
	#clock = new Clock(15_000);
	#data: LiveQuery<CompetitionDetail | null>;

	constructor(competitionId: () => string) {
		this.#data = new LiveQuery(async () => {
			const db = appDb();
			const member = await activeMember(db);
			if (!member) return null;
			const id = competitionId();
			const [listing, paper, runs, result, board] = await Promise.all([
				db.competitions.get([member.id, id]),
				db.papers.get([member.id, id]),
				runsOf(db, member.id, id),
				db.competitionResults.get([member.id, id]),
				db.competitionBoards.get([member.id, id])
			]);
			const [outbox, answerRows] = await Promise.all([
				db.outbox.bulkGet(runs.map((r) => r.id)),
				db.competitionAnswers
					.where('runId')
					.anyOf(runs.map((r) => r.id))
					.toArray()
			]);
			const uploads: Record<string, OutboxRow> = {};
			for (const row of outbox) if (row) uploads[row.id] = row;
			const answers: Record<string, CompetitionAnswerRow[]> = {};
			for (const a of answerRows) (answers[a.runId] ??= []).push(a);
			return { member, listing, paper, runs, uploads, answers, result, board };
		}, null);
	}

	get loaded(): boolean {
		return this.#data.loaded;
	}

	get data(): CompetitionDetail | null {
		return this.#data.current;
	}

	/** Where the competition stands by the device's clock (the paper's window when unlisted). */
	get when() {
		const w = this.#data.current?.listing ?? this.#data.current?.paper;
		return w ? timeLeft(w, this.#clock.now) : null;
	}

	get finishedRuns(): CompetitionRunRow[] {
		return (this.#data.current?.runs ?? []).filter((r) => r.status === 'finished');
	}

	get activeRun(): CompetitionRunRow | undefined {
		return this.#data.current?.runs.find((r) => r.status === 'active');
	}

	get triesLeft(): number {
		const d = this.#data.current;
		const tries = d?.listing?.tries ?? d?.paper?.tries ?? 0;
		return Math.max(0, tries - Math.max(this.finishedRuns.length, d?.listing?.triesUsed ?? 0));
	}

	/**
	 * Open the try under way, or start one on the downloaded paper (its code loads only now).
	 * Throws with a reason a member can read (not open yet, over, no tries left).
	 */
	async play() {
		const d = this.#data.current;
		if (!d?.paper) throw new Error('试卷还没有下载到本机，请联网后再打开');
		const { CompetitionSession } = await import('./competition-session.svelte');
		return CompetitionSession.open(appDb(), d.member.id, d.paper);
	}

	/** Ask the server again (results, boards); nothing happens offline. */
	refresh(): Promise<void> {
		return refreshMemberCompetitions();
	}
}

let refreshing: Promise<void> | null = null;
let again = false;

/**
 * Bring the active member's competitions up to date (listing, papers ahead of the window,
 * results and boards). One run at a time; a call during a run asks for one more after it (an
 * upload may have just been accepted). Offline or without a member it does nothing.
 */
export function refreshMemberCompetitions(): Promise<void> {
	if (refreshing) {
		again = true;
		return refreshing;
	}
	refreshing = (async () => {
		try {
			do {
				again = false;
				const db = appDb();
				const member = await activeMember(db);
				if (!member || member.needsRejoin || !navigator.onLine) return;
				await refreshCompetitions(db, member);
			} while (again);
		} catch (e) {
			console.error('competition refresh failed', e);
		} finally {
			refreshing = null;
		}
	})();
	return refreshing;
}
