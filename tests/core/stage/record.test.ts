import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { checkStageRecord, stageRecordSchema } from '../../../src/lib/core/stage/record';
import { parseRecord } from '../../../src/lib/core/sync/envelope';
import { stageRecord } from '../../fixtures/stage';

describe('stage record', () => {
	it('a finished contest parses and re-folds to the scores of its log', () => {
		const record = stageRecord();
		expect(v.safeParse(stageRecordSchema, JSON.parse(JSON.stringify(record))).success).toBe(true);
		const check = checkStageRecord(record);
		expect(check).toMatchObject({
			ok: true,
			teams: [
				{ team: 0, score: 5, rank: 1, right: 1, adjusted: -5 },
				{ team: 1, score: 0, rank: 2, wrong: 1 }
			]
		});
	});

	it('refuses numbers out of bounds and unknown events with the field named', () => {
		const record = stageRecord();
		const bad = (change: (r: Record<string, unknown>) => void) => {
			const copy = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
			change(copy);
			const parsed = parseRecord({ kind: 'stage', payload: copy }, 0);
			return parsed.ok ? 'ok' : parsed.reason;
		};
		expect(bad(() => {})).toBe('ok');
		expect(bad((r) => ((r.rules as { baseScore: number }).baseScore = 1e308))).toMatch(
			/rules\.baseScore/
		);
		expect(bad((r) => ((r.events as { delta?: number }[])[4]!.delta = Number.NaN))).toMatch(
			/events\.4/
		);
		expect(bad((r) => (r.events as unknown[]).push({ type: 'explode', at: 1 }))).toMatch(
			/events\.6/
		);
		expect(bad((r) => ((r.teams as unknown[]).length = 0))).toMatch(/teams/);
		expect(bad((r) => (r.finishedAt = 1))).toMatch(/finishedAt/);
	});

	it('refuses a log with a step the rules do not allow, or a contest not finished', () => {
		const record = stageRecord();
		const early = { ...record, events: record.events.slice(0, 4) };
		expect(checkStageRecord(early)).toEqual({ ok: false, reason: '比赛还没有结束' });
		const forged = {
			...record,
			events: [
				record.events[0]!,
				{ type: 'judge' as const, at: record.events[1]!.at, right: true },
				{ type: 'judge' as const, at: record.events[1]!.at, right: true }
			]
		};
		expect(checkStageRecord(forged)).toEqual({
			ok: false,
			reason: '记录的第 3 步不符合比赛规则'
		});
		const crowded = { ...record, kind: 'class' as const };
		expect(checkStageRecord(crowded)).toMatchObject({ ok: false });
	});
});

describe('team colours', () => {
	it('the stage layout defines a class for every colour in core, with the same hex', async () => {
		const { readFileSync } = await import('node:fs');
		const css = readFileSync('src/routes/stage/+layout.svelte', 'utf8');
		const { TEAM_COLOURS } = await import('../../../src/lib/core/stage/contest');
		TEAM_COLOURS.forEach((c, i) => {
			expect(css).toMatch(new RegExp(`team-c${i}\\)\\s*\\{\\s*--team: ${c.hex.toLowerCase()};`));
		});
	});
});
