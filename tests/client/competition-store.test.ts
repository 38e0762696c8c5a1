/**
 * A competition on the device against the real server functions (SQLite): the paper downloads
 * ahead of the window with no key in it, a try is taken offline inside the window, handed in,
 * uploaded inside the grace period as a `competition` record, and the released result and
 * boards come back and stay on the device. One virtual clock drives both ends.
 */
import { json } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	answersOfRun,
	CompetitionStartError,
	recordCompetitionAnswer,
	refreshCompetitions,
	sealRun,
	startRun
} from '../../src/lib/client/competition-store';
import type { MemberRow, PocketDb } from '../../src/lib/client/db';
import { saveJoinedMember } from '../../src/lib/client/profiles';
import { flushOutbox } from '../../src/lib/client/uploader';
import type { CompetitionInput } from '../../src/lib/core/competition/types';
import { handleApi } from '../../src/lib/server/api-error';
import {
	createCompetition,
	memberBoard,
	memberCompetitions,
	memberPaper,
	memberResult,
	publishCompetition
} from '../../src/lib/server/competitions';
import { joinWithName, memberFromToken } from '../../src/lib/server/members';
import { syncResponse } from '../../src/lib/server/sync';
import { demoRegistry } from '../server/fixtures';
import { judge, meta, multiple, single } from '../fixtures/questions';
import { freshDb } from './helpers';
import { startServer } from './server-fetch';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T = Date.UTC(2026, 6, 1, 1, 0); // 09:00 in 金河镇 on 1 July 2026

describe('a competition on the device, with the real server logic', () => {
	let server: Awaited<ReturnType<typeof startServer>>;
	let registry: Awaited<ReturnType<typeof demoRegistry>>;
	let device: PocketDb;
	let member: MemberRow;
	let competitionId = '';
	/** The one clock both ends read. */
	let now = T - 2 * HOUR;
	const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));

	const serverFetch: typeof fetch = async (input, init) => {
		const request = new Request(new URL(String(input), 'http://device.test'), init);
		const path = new URL(request.url).pathname;
		return handleApi(async () => {
			const who = await memberFromToken(server.db, request.headers.get('authorization'));
			if (path === '/api/sync')
				return syncResponse(request, { db: server.db, registry, member: who }, now);
			if (path === '/api/competitions') return json(await memberCompetitions(server.db, who, now));
			const m = /^\/api\/competitions\/([^/]+)\/(paper|result|board)$/.exec(path);
			if (m?.[2] === 'paper')
				return json(await memberPaper(server.db, registry, who, m[1] ?? '', now));
			if (m?.[2] === 'result')
				return json(await memberResult(server.db, registry, who, m[1] ?? '', now));
			if (m?.[2] === 'board') return json(await memberBoard(server.db, who, m[1] ?? '', now));
			return new Response('not found', { status: 404 });
		});
	};
	const api = async <D>(path: string, token: string) => {
		const r = await serverFetch(path, { headers: { authorization: `Bearer ${token}` } });
		const body = (await r.json()) as D & { error?: { message: string } };
		return r.ok
			? { ok: true as const, data: body as D }
			: { ok: false as const, status: r.status, message: body.error?.message ?? '' };
	};

	beforeAll(async () => {
		server = await startServer();
		registry = await demoRegistry();
		const input: CompetitionInput = {
			title: '七一党史知识竞赛',
			groupIds: [server.branch.id],
			bankId: meta.id,
			bankVersion: '1.0.0',
			paper: { kind: 'fixed', questionIds: [single.id, multiple.id, judge.id] },
			opensAt: T,
			closesAt: T + HOUR,
			graceMs: 24 * HOUR,
			timeLimit: { per: 'paper', ms: 10 * MIN },
			tries: 1,
			tryRule: 'best',
			release: 'after-submit',
			awards: [{ name: '一等奖', by: 'rank', value: 1 }]
		};
		const created = await createCompetition(server.db, registry, server.admin, input, now);
		competitionId = created.id;
		await publishCompetition(server.db, registry, server.admin, created.id, now);
		const joined = await joinWithName(server.db, server.branch.joinCode, '李四');
		device = freshDb();
		member = await saveJoinedMember(device, joined, now);
		return () => server.close();
	});

	it('downloads the paper ahead of the window, with no key, 解析 or 出处 in IndexedDB', async () => {
		const outcome = await refreshCompetitions(device, member, now, api);
		expect(outcome).toEqual({ ok: true, papers: 1 });
		const listing = await device.competitions.get([member.id, competitionId]);
		expect(listing?.status).toBe('upcoming');
		const paper = await device.papers.get([member.id, competitionId]);
		expect(paper?.questions.map((q) => q.id).sort()).toEqual(
			[judge.id, multiple.id, single.id].sort()
		);
		const stored = JSON.stringify(paper);
		for (const secret of [
			'answer',
			'explanation',
			'source',
			single.explanation,
			judge.explanation
		]) {
			expect(stored).not.toContain(secret);
		}
		// A second refresh does not fetch the paper again.
		expect((await refreshCompetitions(device, member, now, api)).papers).toBe(0);
	});

	it('refuses to start before the window, then plays offline inside it and hands in', async () => {
		const paper = (await device.papers.get([member.id, competitionId]))!;
		await expect(startRun(device, member.id, paper, now)).rejects.toThrow(CompetitionStartError);
		now = T + 10 * MIN;
		const run = await startRun(device, member.id, paper, now);
		expect(await startRun(device, member.id, paper, now + 1)).toEqual(run);
		const responses = {
			[single.id]: single.answer,
			[multiple.id]: multiple.answer,
			[judge.id]: !judge.answer
		};
		for (const [i, q] of paper.questions.entries()) {
			await recordCompetitionAnswer(device, run.id, {
				questionId: q.id,
				response: responses[q.id] as string,
				elapsedMs: 5_000,
				answeredAt: now + (i + 1) * 5_000
			});
		}
		// The first answer is final.
		await recordCompetitionAnswer(device, run.id, {
			questionId: single.id,
			response: 'D',
			elapsedMs: 5_000,
			answeredAt: now + 20_000
		});
		expect(
			(await answersOfRun(device, run.id)).find((a) => a.questionId === single.id)?.response
		).toBe(single.answer);
		const sealed = await sealRun(device, run.id, paper.title, now + MIN);
		expect(sealed.status).toBe('finished');
		const queued = await device.outbox.get(run.id);
		expect(queued?.kind).toBe('competition');
		expect(queued?.status).toBe('pending');
		// No second try: the paper allows one.
		await expect(startRun(device, member.id, paper, now + 2 * MIN)).rejects.toThrow('用完');
		// Offline, nothing leaves and nothing is lost.
		await flushOutbox({ db: device, fetch: offline, now: () => now, timeoutMs: 5_000 });
		expect((await device.outbox.get(run.id))?.status).toBe('pending');
	});

	it('uploads after the window closed but inside the grace, and the released result and board stay', async () => {
		now = T + 3 * HOUR;
		const report = await flushOutbox({
			db: device,
			fetch: serverFetch,
			now: () => now,
			timeoutMs: 5_000
		});
		expect(report.outcome).toBe('done');
		const [run] = await device.competitionRuns.toArray();
		expect((await device.outbox.get(run!.id))?.status).toBe('sent');
		await refreshCompetitions(device, member, now, api);
		const result = await device.competitionResults.get([member.id, competitionId]);
		expect(result?.released).toBe(true);
		expect(result?.submissions[0]?.score).toBe(2);
		expect(result?.rank).toBe(1);
		expect(result?.award).toBe('一等奖');
		expect(result?.questions?.find((q) => q.id === single.id)?.explanation).toBe(
			single.explanation
		);
		const board = await device.competitionBoards.get([member.id, competitionId]);
		expect(board?.you?.displayName).toBe('李四');
		expect(board?.groups[0]?.participants).toBe(1);
		// Offline later: everything is still there to read.
		expect(await device.competitionBoards.count()).toBe(1);
	});
});
