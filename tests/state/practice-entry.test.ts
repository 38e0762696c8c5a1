import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appDb } from '../../src/lib/client/app-db';
import { updateBanks } from '../../src/lib/client/bank-installer';
import { saveJoinedMember, switchMember } from '../../src/lib/client/profiles';
import { appUpdate } from '../../src/lib/state/app-update.svelte';
import { PracticeEntry } from '../../src/lib/state/practice-entry.svelte';
import type { QuizSession } from '../../src/lib/state/quiz-session.svelte';
import { judge, meta, multiple, single } from '../fixtures/questions';
import { serveBank, siteFetch } from '../client/helpers';
import { emptyAppDb } from './db';
import { watch } from './watch.svelte';

async function installDemoBank() {
	await updateBanks({
		db: appDb(),
		fetch: siteFetch([serveBank(meta, [single, multiple, judge])]).fetch,
		now: () => Date.now(),
		indexUrl: '/banks/index.json'
	});
}

/** Answer every question of a run correctly, to its end. */
async function playToEnd(session: QuizSession): Promise<void> {
	for (const q of session.questions) {
		await session.answer(q.answer);
		await session.next();
	}
}

describe('PracticeEntry (a bank’s practice page)', () => {
	beforeEach(async () => {
		await emptyAppDb();
	});
	afterEach(() => {
		appUpdate.needRefresh = false;
	});

	it('shows the bank once it arrives while the page is open', async () => {
		const entry = new PracticeEntry(() => meta.id);
		const view = watch(() => ({ stage: entry.stage, count: entry.questionCount }));
		await view.until((v) => v.stage === 'missing', 'missing');
		await installDemoBank();
		await view.until((v) => v.stage === 'ready', 'the installed bank');
		expect(view.value).toEqual({ stage: 'ready', count: 3 });
		view.stop();
	});

	it('an app update waits while a run is in play, from the moment it starts until it is finished', async () => {
		await installDemoBank();
		const entry = new PracticeEntry(() => meta.id);
		const view = watch(() => entry.stage);
		await view.until((stage) => stage === 'ready');
		const release = appUpdate.holdWhile(() => entry.quizOpen);
		appUpdate.needRefresh = true;
		expect(appUpdate.offerUpdate).toBe(true);

		await entry.begin({ count: 3 });
		// No effect has to run first: the offer follows the session itself.
		expect(appUpdate.offerUpdate).toBe(false);
		const session = entry.session;
		if (!session) throw new Error('no session');
		await playToEnd(session);
		expect(session.phase).toBe('finished');
		expect(appUpdate.offerUpdate).toBe(true);

		// A new run holds it back again; leaving the page lets it through.
		await entry.begin({ count: 3 });
		expect(appUpdate.offerUpdate).toBe(false);
		release();
		flushSync();
		expect(appUpdate.offerUpdate).toBe(true);
		entry.session?.dispose();
		view.stop();
	});

	it('records a run for the profile active when 「开始」 is pressed, read with the bank', async () => {
		await installDemoBank();
		const db = appDb();
		const joined = (memberId: string) => ({
			memberId,
			displayName: memberId,
			groupId: 'g1',
			groupName: '第一支部',
			groupKind: 'branch' as const,
			token: `token-${memberId}`,
			recoveryCode: null
		});
		await saveJoinedMember(db, joined('m-a'), Date.now());
		await saveJoinedMember(db, joined('m-b'), Date.now());
		await switchMember(db, 'm-a');
		const entry = new PracticeEntry(() => meta.id);
		const view = watch(() => ({ stage: entry.stage, member: entry.member?.id }));
		await view.until((v) => v.stage === 'ready' && v.member === 'm-a', 'member A');
		// The press reads no profile: the entry already has it (one round trip fewer, issue #14).
		const profileReads = vi.spyOn(db.settings, 'get');
		await entry.begin({ count: 3 });
		expect(profileReads.mock.calls.length).toBe(0);
		profileReads.mockRestore();
		expect(entry.session?.attempt.memberId).toBe('m-a');

		// A shared tablet changes hands: the entry follows, and the next run is B's.
		entry.restart();
		await switchMember(db, 'm-b');
		await view.until((v) => v.member === 'm-b', 'member B');
		await entry.begin({ count: 3 });
		expect(entry.session?.attempt.memberId).toBe('m-b');
		view.stop();
	});

	it('starting anew drops the unfinished run it offered to resume; resuming picks it up', async () => {
		await installDemoBank();
		const entry = new PracticeEntry(() => meta.id);
		const view = watch(() => ({ stage: entry.stage, unfinished: entry.unfinished?.id ?? null }));
		await view.until((v) => v.stage === 'ready');
		await entry.begin({ count: 3 });
		const first = entry.session;
		await first?.answer(first.current?.answer ?? null);
		first?.dispose();
		entry.restart();
		await view.until((v) => v.unfinished === first?.attempt.id, 'the unfinished run');

		await entry.resume();
		expect(entry.session?.attempt.id).toBe(first?.attempt.id);
		// At the next question, the answered one kept.
		expect(entry.session?.index).toBe(1);
		expect(entry.session?.phase).toBe('answering');
		expect(entry.session?.answers.size).toBe(1);
		entry.session?.dispose();
		entry.restart();

		await entry.begin({ count: 3 });
		expect(entry.session?.attempt.id).not.toBe(first?.attempt.id);
		const dropped = await appDb().attempts.get(first?.attempt.id ?? '');
		expect(dropped?.status).toBe('abandoned');
		entry.session?.dispose();
		view.stop();
	});

	it('a run on screen does not keep re-reading the entry screen after every answer', async () => {
		await installDemoBank();
		const entry = new PracticeEntry(() => meta.id);
		const view = watch(() => ({ stage: entry.stage, unfinished: entry.unfinished?.id ?? null }));
		await view.until((v) => v.stage === 'ready');
		// The run's new row, and every answer after it (each updates the attempt's row), change
		// what the entry's query watches; none of them may read the hidden entry screen again.
		const reads = vi.spyOn(appDb().bankVersions, 'where');
		await entry.begin({ count: 3 });
		flushSync();
		const session = entry.session;
		if (!session) throw new Error('no session');
		await playToEnd(session);
		expect(session.phase).toBe('finished');
		expect(reads.mock.calls.length).toBe(0);
		reads.mockRestore();

		// Back on the entry screen it reads afresh: the finished run is not offered to resume.
		session.dispose();
		entry.restart();
		await view.until((v) => v.stage === 'ready' && v.unfinished === null, 'a fresh read');
		// And it is live again: a run left unfinished elsewhere shows up.
		await entry.begin({ count: 3 });
		const second = entry.session;
		await second?.answer(second.current?.answer ?? null);
		second?.dispose();
		entry.restart();
		await view.until((v) => v.unfinished === second?.attempt.id, 'the unfinished run');
		view.stop();
	});
});
